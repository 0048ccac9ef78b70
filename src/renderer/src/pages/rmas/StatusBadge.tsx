import { Anchor, Badge, Group } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { RmaDisplayStatus, RmaRefundState } from '../../../../shared/contract/rmas'
import { batchHref } from '../queue/live'

const COLORS: Record<RmaDisplayStatus, string> = {
  Open: 'blue',
  Received: 'teal',
  RefundQueued: 'indigo',
  RefundSending: 'indigo',
  RefundSent: 'violet',
  RefundFailed: 'red',
  RefundUncertain: 'orange',
  RefundRejected: 'gray',
  Refunded: 'grape',
  Closed: 'gray'
}

/**
 * The RMA's status as the screen shows it: "Refunded" only once Amazon confirmed the refund;
 * until then where the refund is, with a link to the batch that carries it.
 */
export function StatusBadge({
  status,
  refund,
  withBatch = true
}: {
  status: RmaDisplayStatus
  refund?: RmaRefundState | null
  withBatch?: boolean
}) {
  const { t } = useTranslation('rmas')
  const showBatch = withBatch && refund?.batchId && status !== 'Refunded' && status !== 'Closed'
  return (
    <Group gap={6} wrap="nowrap">
      <Badge color={COLORS[status]} variant="light" data-testid="rma-status" data-status={status} style={{ minWidth: 'max-content' }}>
        {t(`status.${status}`)}
      </Badge>
      {showBatch && (
        <Anchor
          href={batchHref(refund.batchId!)}
          size="xs"
          onClick={(e) => e.stopPropagation()}
          data-testid="rma-refund-batch"
          style={{ whiteSpace: 'nowrap' }}
        >
          {t('batchLink', { id: refund.batchId })}
        </Anchor>
      )}
    </Group>
  )
}
