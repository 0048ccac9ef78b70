/** The order's splits with their status; Cancel split opens the cancel dialog for that split (owned here). */
import { Badge, Button, Table, Text } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { OrderDetail } from '../../../../shared/contract/orders'
import { formatDateTime } from '../../format'
import { CancelModal, type CancelTarget } from './CancelModal'

export function OrderSplits({ d }: { d: OrderDetail }) {
  const { t } = useTranslation('orders')
  const [cancelTarget, setCancelTarget] = useState<CancelTarget | null>(null)
  const skuOf = (orderItemId: string) => d.items.find((i) => i.orderItemId === orderItemId)?.sku ?? orderItemId
  if (d.splits.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('splits.none')}
      </Text>
    )
  return (
    <>
      <Table verticalSpacing={4}>
        <Table.Tbody>
          {d.splits.map((s) => (
            <Table.Tr key={s.id} data-testid={`order-split-${s.seq}`} data-status={s.status}>
              <Table.Td w={70} fw={600}>
                #{s.seq}
              </Table.Td>
              <Table.Td>{s.lines.map((l) => `${l.quantity} × ${skuOf(l.orderItemId)}`).join(', ')}</Table.Td>
              <Table.Td>
                <Badge
                  color={s.status === 'open' ? 'blue' : s.status === 'cancelled' ? 'red' : 'orange'}
                  variant="light"
                  data-testid="split-status"
                >
                  {t(`splits.status.${s.status}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed">
                  {formatDateTime(s.createdAt)}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                {s.status === 'open' && (
                  <Button
                    size="xs"
                    variant="light"
                    color="red"
                    onClick={() => setCancelTarget({ splitId: s.id, seq: s.seq })}
                    data-testid={`split-cancel-${s.seq}`}
                  >
                    {t('splits.cancel')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <CancelModal detail={d} target={cancelTarget} onClose={() => setCancelTarget(null)} />
    </>
  )
}
