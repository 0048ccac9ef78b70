/** The order's RMAs and FBA reimbursements. */
import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { OrderDetail } from '../../../../shared/contract/orders'
import { MoneyText } from '../../components/MoneyText'
import { formatDateTime } from '../../format'

export function OrderRmas({ d }: { d: OrderDetail }) {
  const { t } = useTranslation('orders')
  if (d.rmas.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('rmas.none')}
      </Text>
    )
  return (
    <Stack gap={4}>
      {d.rmas.map((r) => (
        <Group key={r.id} gap="sm">
          <Anchor href="#/rmas" size="sm">
            RMA #{r.id}
          </Anchor>
          <Text size="sm" ff="monospace">
            {r.orderSourceRmaId}
          </Text>
          <Badge variant="light">{r.status}</Badge>
          <Text size="xs" c="dimmed">
            {formatDateTime(r.createdAt)}
          </Text>
        </Group>
      ))}
    </Stack>
  )
}

export function OrderReimbursements({ d }: { d: OrderDetail }) {
  const { t } = useTranslation('orders')
  if (d.reimbursements.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('reimbursements.none')}
      </Text>
    )
  return (
    <Table verticalSpacing={4}>
      <Table.Tbody>
        {d.reimbursements.map((r) => (
          <Table.Tr key={r.reimbursementId}>
            <Table.Td ff="monospace">{r.reimbursementId}</Table.Td>
            <Table.Td>{r.sku ?? '—'}</Table.Td>
            <Table.Td>{r.reason ?? '—'}</Table.Td>
            <Table.Td>{formatDateTime(r.reimbursedAt)}</Table.Td>
            <Table.Td ta="right">
              <MoneyText value={{ amountMinor: r.amountTotalMinor, currency: r.currency }} size="sm" />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
