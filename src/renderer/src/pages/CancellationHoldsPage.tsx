import { IconHandStop } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { EmptyState } from '../components/EmptyState'
import { PageHeader } from '../components/PageHeader'

/** Placeholder until its issue lands: says what will appear here and how to get it. */
export function CancellationHoldsPage() {
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('nav.cancellationHolds')} />
      <EmptyState icon={<IconHandStop size={28} />} title={t('empty.cancellationHolds.title')} body={t('empty.cancellationHolds.body')} testId="cancellationHolds-empty" />
    </>
  )
}
