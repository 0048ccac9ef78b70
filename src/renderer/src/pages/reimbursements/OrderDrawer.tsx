/** What the store knows about one order: the order, its reimbursements, the refunds queued or sent for it, its returns. */
import { Badge, Drawer, Group, Stack, Table, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useCall } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { MoneyText } from '../../components/MoneyText'
import { formatDate, formatDateTime } from '../../format'

export function OrderDrawer(props: { order: { storeId: string; amazonOrderId: string } | null; onClose(): void }) {
  const { t } = useTranslation(['reimbursements', 'queue', 'rmas'])
  const q = useCall('reimbursements.orderDetail', props.order ?? { storeId: '-', amazonOrderId: '-' }, { enabled: props.order !== null })
  const d = q.data
  return (
    <Drawer
      opened={props.order !== null}
      onClose={props.onClose}
      position="right"
      size="lg"
      title={t('order.title', { id: props.order?.amazonOrderId ?? '' })}
      data-testid="order-drawer"
    >
      {q.error && <ErrorAlert error={q.error} />}
      {d && (
        <Stack>
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {t('order.status')}:
            </Text>
            <Badge variant="light">{d.order?.status ?? (d.order ? t('order.notSynced') : t('order.unknown'))}</Badge>
            {d.order?.purchaseDate && <Text size="sm">{formatDateTime(d.order.purchaseDate)}</Text>}
          </Group>
          <Title order={5}>{t('order.reimbursements', { count: d.reimbursements.length })}</Title>
          <Table withTableBorder data-testid="order-reimbursements">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('col.time')}</Table.Th>
                <Table.Th>{t('col.reimbursementId')}</Table.Th>
                <Table.Th>{t('col.reason')}</Table.Th>
                <Table.Th>{t('col.sku')}</Table.Th>
                <Table.Th ta="right">{t('col.amountTotal')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.reimbursements.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{formatDateTime(r.reimbursedAt)}</Table.Td>
                  <Table.Td>{r.reimbursementId}</Table.Td>
                  <Table.Td>{t(`reason.${r.reasonCategory}`)}</Table.Td>
                  <Table.Td>{r.sku}</Table.Td>
                  <Table.Td ta="right">
                    <MoneyText value={{ amountMinor: r.amountTotalMinor, currency: r.currency }} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group gap="xs">
            <Text size="sm" fw={600}>
              {t('totals.label')}
            </Text>
            {d.totals.map((m) => (
              <MoneyText key={m.currency} value={m} fw={600} />
            ))}
          </Group>
          <Title order={5}>{t('order.refunds')}</Title>
          {d.refunds.length === 0 ? (
            <Text size="sm" c="dimmed" data-testid="order-refunds-none">
              {t('order.noneYet')}
            </Text>
          ) : (
            <Table withTableBorder data-testid="order-refunds">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('col.time')}</Table.Th>
                  <Table.Th>{t('order.refundStatus')}</Table.Th>
                  <Table.Th ta="right">{t('order.amount')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.refunds.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>{formatDateTime(r.at)}</Table.Td>
                    <Table.Td>{t(`queue:entryStatus.${r.status}`, { defaultValue: r.status })}</Table.Td>
                    <Table.Td ta="right">
                      <MoneyText value={{ amountMinor: r.amountMinor, currency: r.currency }} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Title order={5}>{t('order.returns')}</Title>
          {d.returns.length === 0 ? (
            <Text size="sm" c="dimmed" data-testid="order-returns-none">
              {t('order.noneYet')}
            </Text>
          ) : (
            <Table withTableBorder data-testid="order-returns">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('order.requested')}</Table.Th>
                  <Table.Th>{t('order.rmaId')}</Table.Th>
                  <Table.Th>{t('col.sku')}</Table.Th>
                  <Table.Th ta="right">{t('order.quantity')}</Table.Th>
                  <Table.Th>{t('order.rmaStatus')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.returns.map((r, i) => (
                  <Table.Tr key={`${r.id}-${i}`}>
                    <Table.Td>{formatDate(r.at)}</Table.Td>
                    <Table.Td>{r.id}</Table.Td>
                    <Table.Td>{r.sku}</Table.Td>
                    <Table.Td ta="right">{r.quantity}</Table.Td>
                    <Table.Td>{t(`rmas:status.${r.status}`, { defaultValue: r.status })}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <Title order={5}>{t('order.refundsAndReturns')}</Title>
          {d.order && props.order ? (
            <Text size="sm">
              <a
                href={`#/orders/${encodeURIComponent(props.order.storeId)}/${encodeURIComponent(props.order.amazonOrderId)}`}
                data-testid="order-drawer-open-order"
              >
                {t('order.openOrderPage')}
              </a>
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              {t('order.noOrderPage')}
            </Text>
          )}
        </Stack>
      )}
    </Drawer>
  )
}
