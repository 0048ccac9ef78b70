/** The order's notes, and a box to add one. */
import { Button, Group, Stack, Text, Textarea } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { OrderDetail } from '../../../../shared/contract/orders'
import { useCallMutation } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatDateTime } from '../../format'

export function OrderNotes({ d }: { d: OrderDetail }) {
  const { t } = useTranslation('orders')
  const add = useCallMutation('orders.addNote', { invalidates: ['orders'] })
  const [text, setText] = useState('')
  const submit = async () => {
    try {
      await add.mutateAsync({ storeId: d.order.storeId, amazonOrderId: d.order.amazonOrderId, text: text.trim() })
      setText('')
    } catch {
      /* shown below */
    }
  }
  return (
    <Stack gap="xs" data-testid="order-notes">
      {d.notes.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('notes.none')}
        </Text>
      )}
      {d.notes.map((n) => (
        <div key={n.id}>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {n.text}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDateTime(n.createdAt)} · {t(`notes.source.${n.source}`, { defaultValue: n.source })}
          </Text>
        </div>
      ))}
      <Textarea
        placeholder={t('notes.placeholder')}
        autosize
        minRows={1}
        maxLength={2000}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        data-testid="order-note-input"
      />
      {add.error && <ErrorAlert error={add.error} />}
      <Group justify="flex-end">
        <Button
          size="xs"
          variant="light"
          disabled={!text.trim()}
          loading={add.isPending}
          onClick={() => void submit()}
          data-testid="order-note-add"
        >
          {t('notes.add')}
        </Button>
      </Group>
    </Stack>
  )
}
