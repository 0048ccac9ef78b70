/** The order's id, store, date, total and badges; Issue refund, Split and Cancel order, each owning its dialog. */
import { Button, Group, Stack, Text, Title, Tooltip } from '@mantine/core'
import { IconCash, IconCut, IconX } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { OrderDetail } from '../../../../shared/contract/orders'
import { formatDateTime, formatMoney } from '../../format'
import { CancelModal } from './CancelModal'
import { cancellableUnits } from './money'
import { OrderBadges } from './OrderBadges'
import { RefundModal } from './RefundModal'
import { SplitModal } from './SplitModal'

function OrderActions({ d }: { d: OrderDetail }) {
  const { t } = useTranslation('orders')
  const [refunding, setRefunding] = useState(false)
  const [cancelling, setCancelling] = useState(false)
  const [splitting, setSplitting] = useState(false)
  const o = d.order
  const canRefund = d.items.some((i) => i.orderItemId && i.quantityShipped > 0)
  const canCancel =
    !(o.status === 'Shipped' || o.shippingStatus === 'Shipped') && o.status !== 'Canceled' && d.items.some((i) => cancellableUnits(i) > 0)
  return (
    <Group gap="xs" wrap="nowrap">
      <Tooltip label={t('actions.refundDisabled')} disabled={canRefund} withArrow>
        <Button leftSection={<IconCash size={16} />} disabled={!canRefund} onClick={() => setRefunding(true)} data-testid="order-refund">
          {t('actions.refund')}
        </Button>
      </Tooltip>
      <Tooltip label={t('actions.splitDisabled')} disabled={canCancel} withArrow>
        <Button
          variant="default"
          leftSection={<IconCut size={16} />}
          disabled={!canCancel}
          onClick={() => setSplitting(true)}
          data-testid="order-split"
        >
          {t('actions.split')}
        </Button>
      </Tooltip>
      <Tooltip label={t('actions.cancelDisabled')} disabled={canCancel} withArrow>
        <Button
          variant="light"
          color="red"
          leftSection={<IconX size={16} />}
          disabled={!canCancel}
          onClick={() => setCancelling(true)}
          data-testid="order-cancel"
        >
          {t('actions.cancel')}
        </Button>
      </Tooltip>
      <RefundModal detail={d} opened={refunding} onClose={() => setRefunding(false)} />
      <CancelModal detail={d} target={cancelling ? 'order' : null} onClose={() => setCancelling(false)} />
      <SplitModal detail={d} opened={splitting} onClose={() => setSplitting(false)} />
    </Group>
  )
}

export function OrderHeader({ d }: { d: OrderDetail }) {
  const { t } = useTranslation('orders')
  const o = d.order
  const cur = o.currency
  return (
    <Group justify="space-between" align="flex-start" wrap="nowrap">
      <Stack gap={4}>
        <Title order={2} ff="monospace" data-testid="order-title">
          {o.amazonOrderId}
        </Title>
        <Text size="sm" c="dimmed">
          {o.storeName} · {t('detail.purchased', { time: formatDateTime(o.purchaseDate) })}
          {o.orderTotalMinor !== null && cur
            ? ` · ${t('detail.total', { amount: formatMoney({ amountMinor: o.orderTotalMinor, currency: cur }) })}`
            : ''}
        </Text>
        <OrderBadges order={o} canShip={o.canShip} />
      </Stack>
      <OrderActions d={d} />
    </Group>
  )
}
