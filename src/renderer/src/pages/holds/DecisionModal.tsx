/**
 * Accept (optional note, says it goes through the queue with reason Buyer canceled), Decline
 * (note required: the hold is released) and follow-up (note required).
 */
import { Alert, Button, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { HoldRow } from '../../../../shared/contract/holds'
import { useCallMutation } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'

export type DecisionKind = 'accept' | 'decline' | 'resolve'

const CHANNEL = { accept: 'holds.accept', decline: 'holds.decline', resolve: 'holds.resolveFollowUp' } as const

export function DecisionModal({ hold, kind, onClose }: { hold: HoldRow | null; kind: DecisionKind; onClose(): void }) {
  const { t } = useTranslation('holds')
  const [note, setNote] = useState('')
  const [touched, setTouched] = useState(false)
  const accept = useCallMutation(CHANNEL.accept, { invalidates: ['holds', 'orders', 'queue'] })
  const decline = useCallMutation(CHANNEL.decline, { invalidates: ['holds', 'orders'] })
  const resolve = useCallMutation(CHANNEL.resolve, { invalidates: ['holds', 'orders'] })
  const m = kind === 'accept' ? accept : kind === 'decline' ? decline : resolve
  const noteRequired = kind !== 'accept'
  const missing = noteRequired && note.trim() === ''

  const close = () => {
    setNote('')
    setTouched(false)
    accept.reset()
    decline.reset()
    resolve.reset()
    onClose()
  }
  const submit = async () => {
    if (!hold) return
    setTouched(true)
    if (missing) return
    const order = hold.amazonOrderId
    let done = t(`${kind}.done`, { order })
    if (kind === 'accept') {
      const r = await accept.mutateAsync({ id: hold.id, ...(note.trim() ? { note: note.trim() } : {}) })
      // Say what really happened: queued here, or on its way to Amazon — not "cancelled".
      done = t(
        r.cancellation?.progress === 'queued'
          ? 'accept.doneQueued'
          : r.cancellation?.progress === 'local'
            ? 'accept.doneLocal'
            : 'accept.doneSent',
        { order }
      )
    } else if (kind === 'decline') await decline.mutateAsync({ id: hold.id, note: note.trim() })
    else await resolve.mutateAsync({ id: hold.id, note: note.trim() })
    notifications.show({ color: kind === 'decline' ? 'blue' : 'teal', message: done })
    close()
  }

  return (
    <Modal
      opened={hold !== null}
      onClose={close}
      title={hold ? t(`${kind}.title`, { order: hold.amazonOrderId }) : ''}
      size="lg"
      data-testid={`hold-${kind}-modal`}
    >
      {hold && (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void submit().catch(() => undefined)
          }}
        >
          <Stack>
            <Text size="sm">{t(`${kind}.body`)}</Text>
            {kind === 'accept' && (
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  {t('accept.items')}
                </Text>
                <List size="sm">
                  {hold.items.map((i) => (
                    <List.Item key={i.orderItemId || i.sku}>
                      {i.sku} × {i.quantity}
                      {i.title ? ` — ${i.title}` : ''}
                    </List.Item>
                  ))}
                </List>
              </Stack>
            )}
            {hold.reason && (
              <Alert color="gray" variant="light" title={t('columns.reason')}>
                {hold.reason}
              </Alert>
            )}
            <Textarea
              label={t(kind === 'accept' ? 'accept.note' : kind === 'decline' ? 'decline.note' : 'resolve.note')}
              placeholder={kind === 'decline' ? t('decline.notePlaceholder') : undefined}
              withAsterisk={noteRequired}
              autosize
              minRows={2}
              maxLength={2000}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              error={touched && missing ? t('noteRequired') : undefined}
              data-autofocus
              data-testid="hold-note"
            />
            {m.error && <ErrorAlert error={m.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('actions.cancel')}
              </Button>
              <Button
                type="submit"
                color={kind === 'accept' ? 'red' : kind === 'decline' ? 'blue' : 'teal'}
                loading={m.isPending}
                data-testid="hold-confirm"
              >
                {t(`${kind}.confirm`)}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  )
}
