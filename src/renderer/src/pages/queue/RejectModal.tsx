/** Reject request: the selected queued entries are never sent; a reason is required. */
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { QueueSelection } from '../../../../shared/contract/queue'
import { useCallMutation } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'

export function RejectModal(props: {
  kind: 'refund' | 'cancel'
  selection: QueueSelection | null
  count: number
  onClose(done: boolean): void
}) {
  const { t } = useTranslation('queue')
  const reject = useCallMutation('queue.reject', { invalidates: ['queue', 'orders'] })
  const [reason, setReason] = useState('')
  const close = (done: boolean) => {
    setReason('')
    reject.reset()
    props.onClose(done)
  }
  const submit = async () => {
    const r = await reject.mutateAsync({ kind: props.kind, selection: props.selection!, reason: reason.trim() })
    notifications.show({ color: 'teal', message: t('reject.done', { count: r.rejected }) })
    close(true)
  }
  return (
    <Modal
      opened={props.selection !== null}
      onClose={() => close(false)}
      title={t('reject.title', { count: props.count })}
      data-testid="reject-modal"
    >
      <Stack>
        <Text size="sm">{props.kind === 'cancel' ? t('reject.bodyCancel') : t('reject.bodyRefund')}</Text>
        <Textarea
          label={t('reject.reason')}
          required
          autosize
          minRows={2}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          data-testid="reject-reason"
          data-autofocus
        />
        {reject.error && <ErrorAlert error={reject.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => close(false)}>
            {t('common:actions.cancel')}
          </Button>
          <Button
            color="red"
            disabled={!reason.trim()}
            loading={reject.isPending}
            onClick={() => void submit().catch(() => {})}
            data-testid="reject-submit"
          >
            {t('actions.reject')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
