/**
 * "One order timeline" (#16): the order's RMAs, FBA returns, refunds, reimbursements and case
 * events in time order, gathered in main (cases.orderTimeline).
 */
import { Badge, Group, Text, Timeline } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useCall } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { MoneyText } from '../../components/MoneyText'
import { formatDateTime } from '../../format'

const KIND_COLOR = { rma: 'grape', return: 'cyan', refund: 'orange', reimbursement: 'teal', case: 'blue' } as const

export function OrderTimeline({ storeId, amazonOrderId }: { storeId: string; amazonOrderId: string }) {
  const { t } = useTranslation('cases')
  const q = useCall('cases.orderTimeline', { storeId, amazonOrderId })
  if (q.error) return <ErrorAlert error={q.error} />
  const items = q.data ?? []
  if (q.data && items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('timeline.none')}
      </Text>
    )
  const statusLabel = (kind: string, status: string | null) =>
    status === null
      ? null
      : kind === 'case'
        ? t(`state.${status}`, { defaultValue: status })
        : t(`timeline.status.${status}`, { defaultValue: status })
  return (
    <Timeline bulletSize={12} lineWidth={2} data-testid="order-timeline">
      {items.map((i, n) => (
        <Timeline.Item
          key={`${i.kind}-${i.reference}-${n}`}
          title={
            <Group gap={6} wrap="wrap">
              <Badge size="xs" color={KIND_COLOR[i.kind]} variant="light">
                {t(`timeline.kind.${i.kind}`)}
              </Badge>
              {i.kind === 'case' && i.caseId !== null ? (
                <a href={`#/cases?case=${i.caseId}`}>
                  <Text size="sm" span>
                    {i.reference}
                  </Text>
                </a>
              ) : (
                <Text size="sm" span>
                  {i.reference}
                </Text>
              )}
              {statusLabel(i.kind, i.status) && (
                <Text size="xs" c="dimmed" span>
                  {statusLabel(i.kind, i.status)}
                </Text>
              )}
            </Group>
          }
        >
          <Text size="xs" c="dimmed">
            {formatDateTime(i.at)}
            {i.sku ? ` · ${i.sku}` : ''}
            {i.quantity !== null ? ` · ${t('timeline.quantity', { count: i.quantity })}` : ''}
            {i.amount && ' · '}
            {i.amount && <MoneyText value={i.amount} size="xs" />}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  )
}
