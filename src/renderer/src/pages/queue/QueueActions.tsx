/**
 * The action bar over the queue table: what is selected, Resolve (uncertain entries), Reject
 * request and Process refund / Process cancellation. Owns its confirm dialog and modals.
 */
import { Button, Group, Stack, Text, Tooltip } from '@mantine/core'
import { modals } from '@mantine/modals'
import { notifications } from '@mantine/notifications'
import { IconBan, IconSend } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { QueueSelection } from '../../../../shared/contract/queue'
import { useCallMutation } from '../../api/client'
import { MoneyText } from '../../components/MoneyText'
import { notifyError } from '../../components/ErrorAlert'
import { useQueueHotkeys } from './hotkeys'
import { RejectModal } from './RejectModal'
import { ResolveModal } from './ResolveModal'
import type { Kind, Money } from './types'

type Props = {
  kind: Kind
  selection: QueueSelection | null
  selectedCount: number
  /** The selected entries' total per currency, said before the money goes. */
  selectedSums(): Money[]
  uncertainIds: number[]
  canAct: boolean
  /** The selection was acted on (processed, rejected, resolved): start a new one. */
  onDone(): void
  onProcessed(batchIds: number[], skipped: number): void
}

export function QueueActions({ kind, selection, selectedCount, selectedSums, uncertainIds, canAct, onDone, onProcessed }: Props) {
  const { t } = useTranslation('queue')
  const { t: tc } = useTranslation()
  const process = useCallMutation('queue.process', { invalidates: ['queue', 'orders'] })
  const [rejecting, setRejecting] = useState<{ selection: QueueSelection; count: number } | null>(null)
  const [resolving, setResolving] = useState<number[] | null>(null)
  const processLabel = kind === 'refund' ? t('actions.processRefund') : t('actions.processCancel')

  const doProcess = async (sel: QueueSelection) => {
    try {
      const r = await process.mutateAsync({ kind, selection: sel })
      onProcessed(
        r.batches.map((b) => b.id),
        r.skipped
      )
      onDone()
      if (r.batches.length === 0) notifications.show({ color: 'orange', message: t('processed.none') })
    } catch (e) {
      // In team mode a command may wait in the outbox: said as such, not as a failure.
      notifyError(tc, e, t('errors.process'))
    }
  }

  // Sending money: say how many and how much before it goes.
  const confirmProcess = () => {
    if (!selection) return
    const sums = selectedSums()
    modals.openConfirmModal({
      title:
        kind === 'refund'
          ? t('confirmProcess.titleRefund', { count: selectedCount })
          : t('confirmProcess.titleCancel', { count: selectedCount }),
      children: (
        <Stack gap="xs">
          <Text size="sm">{t('confirmProcess.body')}</Text>
          {kind === 'refund' && sums.length > 0 && (
            <Group gap="xs">
              <Text size="sm" fw={600}>
                {t('confirmProcess.total')}
              </Text>
              {sums.map((m) => (
                <MoneyText key={m.currency} value={m} fw={700} />
              ))}
            </Group>
          )}
        </Stack>
      ),
      labels: { confirm: processLabel, cancel: t('common:actions.cancel') },
      confirmProps: { 'data-testid': 'queue-process-confirm' } as Record<string, string>,
      onConfirm: () => void doProcess(selection)
    })
  }

  const reject = () => {
    if (canAct && selection) setRejecting({ selection, count: selectedCount })
  }
  useQueueHotkeys([
    [
      'p',
      () => {
        if (canAct && !process.isPending) confirmProcess()
      }
    ],
    ['r', reject]
  ])

  return (
    <Group justify="space-between" mb="xs" wrap="nowrap" mih={36}>
      <Text size="sm" c="dimmed" data-testid="queue-selected">
        {selectedCount > 0 ? t('selection.count', { count: selectedCount }) : canAct ? t('selection.hint') : ''}
      </Text>
      <Group gap="xs" wrap="nowrap">
        {uncertainIds.length > 0 && (
          <Button variant="light" color="orange" onClick={() => setResolving(uncertainIds)} data-testid="queue-resolve">
            {t('resolve.open')} ({uncertainIds.length})
          </Button>
        )}
        {canAct && (
          <>
            <Tooltip label={t('actions.rejectHint')} withArrow>
              <Button
                variant="default"
                color="red"
                leftSection={<IconBan size={16} />}
                disabled={!selection}
                onClick={reject}
                data-testid="queue-reject"
              >
                {t('actions.reject')}
              </Button>
            </Tooltip>
            <Button
              leftSection={<IconSend size={16} />}
              disabled={!selection}
              loading={process.isPending}
              onClick={confirmProcess}
              data-testid="queue-process"
            >
              {processLabel}
            </Button>
          </>
        )}
      </Group>
      <RejectModal
        kind={kind}
        selection={rejecting?.selection ?? null}
        count={rejecting?.count ?? 0}
        onClose={(done) => {
          setRejecting(null)
          if (done) onDone()
        }}
      />
      <ResolveModal
        ids={resolving}
        onClose={() => {
          setResolving(null)
          onDone()
        }}
      />
    </Group>
  )
}
