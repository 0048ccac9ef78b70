import { IconCash } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { EmptyState } from '../components/EmptyState'
import { PageHeader } from '../components/PageHeader'

/** Placeholder until its issue lands: says what will appear here and how to get it. */
export function ReimbursementsPage() {
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('nav.reimbursements')} />
      <EmptyState icon={<IconCash size={28} />} title={t('empty.reimbursements.title')} body={t('empty.reimbursements.body')} testId="reimbursements-empty" />
    </>
  )
}
