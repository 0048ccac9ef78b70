/** Partial cancel, step 1: move quantities of unshipped items into a new split; then "Cancel split". */
import { Alert, Button, Group, Modal, NumberInput, Stack, Table, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { OrderDetail } from '../../../../shared/contract/orders'
import { useCallMutation } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { cancellableUnits } from './money'

export function SplitModal({ detail, opened, onClose }: { detail: OrderDetail; opened: boolean; onClose(): void }) {
  const { t } = useTranslation('orders')
  const split = useCallMutation('orders.split', { invalidates: ['orders'] })
  const inSplits = new Map<string, number>()
  for (const s of detail.splits.filter((x) => x.status === 'open'))
    for (const l of s.lines) inSplits.set(l.orderItemId, (inSplits.get(l.orderItemId) ?? 0) + l.quantity)
  const items = detail.items.filter((i) => i.orderItemId && cancellableUnits(i) > 0)
  const free = (orderItemId: string, units: number) => Math.max(0, units - (inSplits.get(orderItemId) ?? 0))
  const [qty, setQty] = useState<Record<string, number>>({})
  useEffect(() => {
    if (opened) {
      setQty({})
      split.reset()
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset once per opening, not when the mutation object changes
  }, [opened])
  const lines = Object.entries(qty)
    .filter(([, q]) => q > 0)
    .map(([orderItemId, quantity]) => ({ orderItemId, quantity }))
  const submit = async () => {
    try {
      const d = await split.mutateAsync({ storeId: detail.order.storeId, amazonOrderId: detail.order.amazonOrderId, lines })
      const seq = Math.max(...d.splits.map((s) => s.seq))
      notifications.show({ color: 'teal', message: t('split.done', { seq }) })
      onClose()
    } catch {
      /* shown from split.error */
    }
  }
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={t('split.title', { id: detail.order.amazonOrderId })}
      data-testid="split-modal"
    >
      <Stack>
        <Text size="sm" c="dimmed">
          {t('split.explain')}
        </Text>
        {items.length === 0 ? (
          <Alert color="orange">{t('split.nothing')}</Alert>
        ) : (
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('items.sku')}</Table.Th>
                <Table.Th ta="right">{t('split.available')}</Table.Th>
                <Table.Th w={130}>{t('split.quantity')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((i) => {
                const max = free(i.orderItemId!, cancellableUnits(i))
                return (
                  <Table.Tr key={i.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {i.sku}
                      </Text>
                      {i.title && (
                        <Text size="xs" c="dimmed" lineClamp={1}>
                          {i.title}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{max}</Table.Td>
                    <Table.Td>
                      <NumberInput
                        size="xs"
                        min={0}
                        max={max}
                        allowDecimal={false}
                        disabled={max === 0}
                        value={qty[i.orderItemId!] ?? 0}
                        onChange={(v) => setQty((q) => ({ ...q, [i.orderItemId!]: typeof v === 'number' ? v : 0 }))}
                        data-testid={`split-qty-${i.sku}`}
                      />
                    </Table.Td>
                  </Table.Tr>
                )
              })}
            </Table.Tbody>
          </Table>
        )}
        {split.error && <ErrorAlert error={split.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button disabled={lines.length === 0} loading={split.isPending} onClick={() => void submit()} data-testid="split-submit">
            {t('split.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
