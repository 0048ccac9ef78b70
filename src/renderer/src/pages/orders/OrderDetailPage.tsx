/**
 * Order detail (#6): status badges, items with amounts per component (paid, refunded or on its
 * way, refundable) and physical inventory; the buyer's cancel request; queue entries with their
 * Document Number / Batch ID; splits; RMAs, reimbursements, notes, history. Actions: Issue refund,
 * Cancel order, Split, Cancel split. Each section is its own component with its own dialogs.
 */
import { Alert, Anchor, Center, Grid, Group, Loader, Stack, Text } from '@mantine/core'
import { IconAlertTriangle, IconArrowLeft, IconHandStop } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import type { OrderDetail } from '../../../../shared/contract/orders'
import { useCall } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatDateTime } from '../../format'
import { OrderHeader } from './OrderHeader'
import { OrderHistory, OrderInfo } from './OrderInfo'
import { OrderItemsTable } from './OrderItemsTable'
import { OrderNotes } from './OrderNotes'
import { OrderQueueEntries } from './OrderQueueEntries'
import { OrderReimbursements, OrderRmas } from './OrderRelated'
import { OrderSplits } from './OrderSplits'
import { Section } from './Section'
import { OrderDeadlines } from '../deadlines/DeadlinesPage'
import { OrderTimeline } from '../cases/OrderTimeline'

/** The buyer asked to cancel: the order is on hold until answered. */
function HoldAlert({ hold }: { hold: NonNullable<OrderDetail['hold']> }) {
  const { t } = useTranslation('orders')
  return (
    <Alert color="orange" icon={<IconHandStop size={18} />} title={t('hold.title')} data-testid="order-hold">
      <Text size="sm">
        {t('hold.body', {
          status: t(`hold.status.${hold.status}`, { defaultValue: hold.status }),
          requested: formatDateTime(hold.requestedAt),
          due: formatDateTime(hold.dueAt)
        })}
      </Text>
      {hold.reason && <Text size="sm">{t('hold.reason', { reason: hold.reason })}</Text>}
      <Anchor href="#/holds" size="sm">
        {t('hold.open')}
      </Anchor>
    </Alert>
  )
}

function OrderSections({ d }: { d: OrderDetail }) {
  const { t } = useTranslation('orders')
  const { t: tDeadlines } = useTranslation('deadlines')
  const { t: tCases } = useTranslation('cases')
  return (
    <>
      <Section title={t('sections.items')}>
        {d.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('items.none')}
          </Text>
        ) : (
          <OrderItemsTable d={d} />
        )}
      </Section>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <Section
              title={t('sections.entries')}
              testId="order-entries-section"
              right={
                <Anchor href="#/queue" size="sm">
                  {t('entries.openQueue')}
                </Anchor>
              }
            >
              <OrderQueueEntries d={d} />
            </Section>
            <Section title={t('sections.splits')} testId="order-splits">
              <OrderSplits d={d} />
            </Section>
            <Section title={tDeadlines('onOrder')} testId="order-deadlines-section">
              <OrderDeadlines orderId={d.order.id} />
            </Section>
            <Section title={t('sections.rmas')}>
              <OrderRmas d={d} />
            </Section>
            <Section title={t('sections.reimbursements')}>
              <OrderReimbursements d={d} />
            </Section>
            <Section title={tCases('timeline.title')} testId="order-timeline-section">
              <OrderTimeline storeId={d.order.storeId} amazonOrderId={d.order.amazonOrderId} />
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            <Section title={t('sections.info')}>
              <OrderInfo d={d} />
            </Section>
            <Section title={t('sections.notes')}>
              <OrderNotes d={d} />
            </Section>
            <Section title={t('sections.history')} testId="order-history">
              <OrderHistory d={d} />
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  )
}

export function OrderDetailPage() {
  const { t } = useTranslation('orders')
  const params = useParams()
  const ref = { storeId: params.storeId ?? '', amazonOrderId: params.amazonOrderId ?? '' }
  const q = useCall('orders.get', ref, { enabled: Boolean(ref.storeId && ref.amazonOrderId), retry: false })
  const d = q.data

  const back = (
    <Anchor href="#/orders" size="sm" data-testid="order-back">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t('detail.back')}
      </Group>
    </Anchor>
  )
  if (q.isLoading)
    return (
      <Center py={80} data-testid="order-loading">
        <Loader />
      </Center>
    )
  if (q.error || !d)
    return (
      <Stack>
        {back}
        <ErrorAlert error={q.error ?? new Error(t('detail.notFound'))} onRetry={() => void q.refetch()} />
      </Stack>
    )
  return (
    <Stack gap="md" data-testid="order-detail">
      {back}
      <OrderHeader d={d} />
      {d.hold && <HoldAlert hold={d.hold} />}
      {d.order.isMinimal && (
        <Alert color="gray" icon={<IconAlertTriangle size={18} />}>
          {t('detail.minimal')}
        </Alert>
      )}
      <OrderSections d={d} />
    </Stack>
  )
}
