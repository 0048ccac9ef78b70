import { IconPackageImport } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { EmptyState } from '../components/EmptyState'
import { PageHeader } from '../components/PageHeader'

/** Placeholder until its issue lands: says what will appear here and how to get it. */
export function RmasPage() {
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('nav.rmas')} />
      <EmptyState icon={<IconPackageImport size={28} />} title={t('empty.rmas.title')} body={t('empty.rmas.body')} testId="rmas-empty" />
    </>
  )
}
