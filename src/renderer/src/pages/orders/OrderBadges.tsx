/** Order status badges: Amazon's status, On Hold, Cancelled, can't ship, follow-up. */
import { Badge, Group, Tooltip } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { OrderSummary } from '../../../../shared/contract/orders'

const AMAZON_COLORS: Record<string, string> = {
  Shipped: 'teal',
  Unshipped: 'blue',
  PartiallyShipped: 'cyan',
  Pending: 'gray',
  Canceled: 'red',
  Unfulfillable: 'red'
}

export function OrderBadges({ order, canShip }: { order: OrderSummary; canShip?: boolean }) {
  const { t } = useTranslation('orders')
  const cancelled = Boolean(order.cancelledAt) || order.localStatus === 'Cancelled'
  const shipped = order.status === 'Shipped' || order.shippingStatus === 'Shipped'
  return (
    <Group gap={6} wrap="wrap" data-testid="order-badges">
      {order.status && (
        <Badge color={AMAZON_COLORS[order.status] ?? 'gray'} variant="light" data-testid="order-status">
          {t(`amazonStatus.${order.status}`, { defaultValue: order.status })}
        </Badge>
      )}
      {order.onHold && (
        <Badge color="orange" variant="filled" data-testid="order-on-hold">
          {t('badges.onHold')}
        </Badge>
      )}
      {cancelled && (
        <Badge color="red" variant="filled" data-testid="order-cancelled">
          {t('badges.cancelled')}
        </Badge>
      )}
      {canShip === false && !shipped && (
        <Tooltip label={t('badges.cantShipHint')} withArrow multiline w={260}>
          <Badge color="red" variant="outline" data-testid="order-cant-ship">
            {t('badges.cantShip')}
          </Badge>
        </Tooltip>
      )}
      {order.followUp && (
        <Tooltip label={order.followUp} withArrow multiline w={300}>
          <Badge color="yellow" variant="light" data-testid="order-follow-up">
            {t('badges.followUp')}
          </Badge>
        </Tooltip>
      )}
      {order.isMinimal && (
        <Tooltip label={t('badges.minimalHint')} withArrow multiline w={260}>
          <Badge color="gray" variant="outline">
            {t('badges.minimal')}
          </Badge>
        </Tooltip>
      )}
    </Group>
  )
}
