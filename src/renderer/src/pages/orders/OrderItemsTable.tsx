/** The order's items: amounts per component (paid, refunded or on its way, refundable) and physical inventory. */
import { Badge, Stack, Table, Text, Tooltip } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { OrderDetail, OrderItemView } from '../../../../shared/contract/orders'
import { formatMoney } from '../../format'
import { paidByComponent } from './money'

function Components({ values, currency }: { values: Record<string, number>; currency: string | null }) {
  const { t } = useTranslation('orders')
  const shown = Object.entries(values).filter(([k, v]) => k !== 'Total' && v !== 0)
  if (!currency || shown.length === 0) return <Text size="xs">—</Text>
  return (
    <Stack gap={0}>
      {shown.map(([k, v]) => (
        <Text key={k} size="xs" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
          <Text span size="xs" c="dimmed">
            {t(`component.${k}`, { defaultValue: k })}
          </Text>{' '}
          {formatMoney({ amountMinor: v, currency })}
        </Text>
      ))}
    </Stack>
  )
}

export function OrderItemsTable({ d }: { d: OrderDetail }) {
  const { t } = useTranslation('orders')
  const cur = (i: OrderItemView) => i.currency ?? d.order.currency
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped withTableBorder verticalSpacing="xs" data-testid="order-items">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('items.sku')}</Table.Th>
            <Table.Th ta="right">{t('items.ordered')}</Table.Th>
            <Table.Th ta="right">{t('items.shipped')}</Table.Th>
            <Table.Th ta="right">{t('items.cancelled')}</Table.Th>
            <Table.Th>{t('items.paid')}</Table.Th>
            <Table.Th>{t('items.refunded')}</Table.Th>
            <Table.Th>{t('items.refundable')}</Table.Th>
            <Table.Th ta="right">{t('items.physical')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {d.items.map((i) => {
            const c = cur(i)
            return (
              <Table.Tr key={i.id} data-testid={`order-item-${i.sku}`}>
                <Table.Td maw={320}>
                  <Text size="sm" fw={500}>
                    {i.sku}
                  </Text>
                  {i.title && (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {i.title}
                    </Text>
                  )}
                  <Text size="xs" c="dimmed" ff="monospace">
                    {[i.asin, i.orderItemId].filter(Boolean).join(' · ')}
                  </Text>
                  {i.buyerRequestedCancel && (
                    <Badge size="xs" color="orange" variant="light" mt={2}>
                      {t('items.buyerCancel')}
                      {i.buyerCancelReason ? `: ${i.buyerCancelReason}` : ''}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td ta="right">{i.quantityOrdered}</Table.Td>
                <Table.Td ta="right">{i.quantityShipped}</Table.Td>
                <Table.Td ta="right">{i.quantityCancelled}</Table.Td>
                <Table.Td>
                  <Components values={paidByComponent(i)} currency={c} />
                </Table.Td>
                <Table.Td data-testid="item-refunded">
                  <Components values={i.refundedMinor} currency={c} />
                </Table.Td>
                <Table.Td data-testid="item-refundable">
                  {i.quantityShipped === 0 ? (
                    <Tooltip label={t('items.notShipped')} withArrow>
                      <Text size="xs" c="dimmed">
                        —
                      </Text>
                    </Tooltip>
                  ) : c ? (
                    <Text size="xs" fw={600} style={{ whiteSpace: 'nowrap' }}>
                      {formatMoney({ amountMinor: i.refundableMinor.Total ?? 0, currency: c })}
                    </Text>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td ta="right" data-testid="item-physical">
                  {i.physicalQuantity ?? '—'}
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
