/** The order's facts (store, marketplace, channel, statuses, source, queue setting) and its history. */
import { Group, Stack, Text, Timeline, Tooltip } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { OrderDetail } from '../../../../shared/contract/orders'
import { formatDateTime } from '../../format'
import { CodeLabel, marketplaceText } from '../../labels'
import { historyEntryText, historyEventText } from './history-words'

export function OrderInfo({ d }: { d: OrderDetail }) {
  const { t } = useTranslation('orders')
  const { t: tw } = useTranslation('words')
  const o = d.order
  const status = (x: string) => t(`amazonStatus.${x}`, { defaultValue: x })
  const facts = [
    [t('info.store'), o.storeName],
    [
      t('info.marketplace'),
      o.marketplaceId ? (
        <Tooltip label={o.marketplaceId}>
          <span>{marketplaceText(tw, o.marketplaceId)}</span>
        </Tooltip>
      ) : (
        '—'
      )
    ],
    [t('info.channel'), <CodeLabel key="channel" kind="fulfillmentChannel" raw={o.fulfillmentChannel} />],
    [
      t('info.status'),
      [o.status, o.localStatus]
        .filter((x): x is string => Boolean(x))
        .map(status)
        .join(' / ') || '—'
    ],
    [t('info.shipping'), o.shippingStatus ? status(o.shippingStatus) : '—'],
    [t('info.lastUpdate'), formatDateTime(o.lastUpdateDate)],
    [t('info.source'), <CodeLabel key="source" kind="orderSource" raw={o.source} />],
    [t('info.queueSetting'), d.settings.queueRefundsAndCancellations ? t('info.queueOn') : t('info.queueOff')]
  ]
  return (
    <Stack gap={2}>
      {facts.map(([k, v]) => (
        <Group key={k as string} gap="xs" wrap="nowrap" align="flex-start">
          <Text size="sm" c="dimmed" w={130} style={{ flexShrink: 0 }}>
            {k}
          </Text>
          <Text size="sm">{v}</Text>
        </Group>
      ))}
    </Stack>
  )
}

export function OrderHistory({ d }: { d: OrderDetail }) {
  const { t } = useTranslation('orders')
  if (d.history.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('history.none')}
      </Text>
    )
  return (
    <Timeline bulletSize={12} lineWidth={2}>
      {[...d.history].reverse().map((h) => (
        <Timeline.Item
          key={h.id}
          title={
            <Text size="sm" fw={500}>
              {historyEventText(t, h.event)}
            </Text>
          }
        >
          {(h.detail || h.code) && <Text size="xs">{historyEntryText(t, h)}</Text>}
          {h.actor && (
            <Text size="xs" c="dimmed">
              {t('orderHistory:part.by', { actor: h.actor })}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {formatDateTime(h.at)}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  )
}
