/** A batch's state as a badge, with why it waits (network, the feed type's next slot, ...) in words. */
import { Badge, Group, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { BatchSummary } from '../../../../shared/contract/orders'
import { codeText } from '../../labels'
import { formatDateTime } from '../../format'

export const FINAL_BATCH_STATES = ['done', 'failed', 'uncertain'] as const
export const isFinalBatch = (state: string) => (FINAL_BATCH_STATES as readonly string[]).includes(state)

const COLORS: Record<string, string> = {
  open: 'gray',
  document_created: 'blue',
  uploaded: 'blue',
  submitting: 'blue',
  submitted: 'indigo',
  by_hand: 'violet',
  done: 'teal',
  failed: 'red',
  uncertain: 'orange'
}

/** The engine's wait reasons are English sentences; the known ones are shown in the user's language. */
export function useWaitReason() {
  const { t } = useTranslation('queue')
  return (reason: string | null): string | null => {
    if (!reason) return null
    const slot = /^next (\S+) slot at (.+)$/.exec(reason)
    if (slot) return t('wait.slot', { feedType: codeText(t, 'feedType', slot[1]), time: formatDateTime(slot[2]) })
    const known: Record<string, string> = {
      'waiting for network': 'wait.network',
      'checking with Amazon whether the feed arrived': 'wait.recovery',
      'Amazon is processing the feed': 'wait.processing',
      'Amazon is throttling; trying again shortly': 'wait.throttled',
      'Amazon is processing a feed that may be this batch': 'wait.candidateProcessing',
      "waiting for Amazon's financial record": 'wait.amazonRecord',
      'not connected to Amazon in this build': 'wait.notConnected',
      'waiting for the Adjustments file to be uploaded in Seller Central and its outcome recorded': 'wait.byHand'
    }
    return known[reason] ? t(known[reason]) : reason
  }
}

export function BatchStateBadge({
  batch,
  withReason = true
}: {
  batch: Pick<BatchSummary, 'state' | 'waitReason' | 'errorCount'>
  withReason?: boolean
}) {
  const { t } = useTranslation('queue')
  const waitText = useWaitReason()
  const partial = batch.state === 'done' && batch.errorCount > 0
  const reason = withReason && !isFinalBatch(batch.state) ? waitText(batch.waitReason) : null
  return (
    <Group gap={6} wrap="nowrap">
      <Badge
        color={partial ? 'orange' : (COLORS[batch.state] ?? 'gray')}
        variant="light"
        style={{ minWidth: 'max-content' }}
        data-testid="batch-state"
        data-state={batch.state}
      >
        {partial ? t('batchState.doneWithErrors') : t(`batchState.${batch.state}`)}
      </Badge>
      {reason && (
        <Text size="xs" c="dimmed" data-testid="batch-wait-reason">
          {reason}
        </Text>
      )}
    </Group>
  )
}

/** An entry's status; pass its `progress` (sending vs sent to Amazon), not the stored status. */
export function EntryStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('queue')
  const colors: Record<string, string> = {
    queued: 'blue',
    sending: 'blue',
    batched: 'indigo',
    sent: 'indigo',
    done: 'teal',
    failed: 'red',
    uncertain: 'orange',
    rejected: 'gray',
    local: 'grape'
  }
  return (
    <Badge
      color={colors[status] ?? 'gray'}
      variant="light"
      style={{ minWidth: 'max-content' }}
      data-testid="entry-status"
      data-status={status}
    >
      {t(`entryStatus.${status}`)}
    </Badge>
  )
}
