import { IconListCheck } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { EmptyState } from '../components/EmptyState'
import { PageHeader } from '../components/PageHeader'

/** Placeholder until its issue lands: says what will appear here and how to get it. */
export function RefundQueuePage() {
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('nav.refundQueue')} />
      <EmptyState icon={<IconListCheck size={28} />} title={t('empty.refundQueue.title')} body={t('empty.refundQueue.body')} testId="refundQueue-empty" />
    </>
  )
}
