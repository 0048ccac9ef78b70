/**
 * Order detail (#6): status badges, items with amounts per component (paid, refunded or on its
 * way, refundable) and physical inventory; the buyer's cancel request; queue entries with their
 * Document Number / Batch ID; splits; RMAs, reimbursements, notes, history. Actions: Issue refund,
 * Cancel order, Split, Cancel split.
 */
import { Alert, Anchor, Badge, Button, Card, Center, Grid, Group, Loader, Stack, Table, Text, Textarea, Timeline, Title, Tooltip } from '@mantine/core'
import { IconAlertTriangle, IconArrowLeft, IconCash, IconCut, IconHandStop, IconX } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import type { OrderDetail, OrderItemView } from '../../../../shared/contract/orders'
import { useCall, useCallMutation } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { MoneyText } from '../../components/MoneyText'
import { formatDateTime, formatMoney } from '../../format'
import { CancelModal, type CancelTarget } from './CancelModal'
import { cancellableUnits, paidByComponent } from './money'
import { OrderBadges } from './OrderBadges'
import { RefundModal } from './RefundModal'
import { SplitModal } from './SplitModal'
import { BatchDrawer } from '../queue/BatchDrawer'
import { EntryStatusBadge } from '../queue/BatchStateBadge'

function Section({ title, children, testId, right }: { title: string; children: ReactNode; testId?: string; right?: ReactNode }) {
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Group justify="space-between" mb="xs">
        <Title order={5}>{title}</Title>
        {right}
      </Group>
      {children}
    </Card>
  )
}

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

function ItemsTable({ d }: { d: OrderDetail }) {
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

function QueueEntries({ d, onOpenBatch }: { d: OrderDetail; onOpenBatch(id: number): void }) {
  const { t } = useTranslation('orders')
  if (d.queueEntries.length === 0) return <Text size="sm" c="dimmed">{t('entries.none')}</Text>
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table striped verticalSpacing={4} data-testid="order-queue-entries">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>{t('entries.kind')}</Table.Th>
            <Table.Th>{t('entries.status')}</Table.Th>
            <Table.Th ta="right">{t('entries.amount')}</Table.Th>
            <Table.Th>{t('entries.localBatch')}</Table.Th>
            <Table.Th>{t('entries.documentNumber')}</Table.Th>
            <Table.Th>{t('entries.batchId')}</Table.Th>
            <Table.Th>{t('entries.message')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {d.queueEntries.map((e) => (
            <Table.Tr key={e.id} data-testid="order-queue-entry" data-status={e.status}>
              <Table.Td>{e.id}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm">{t(`entries.${e.kind}`)}</Text>
                <Text size="xs" c="dimmed">
                  {t(`${e.kind === 'refund' ? 'adjustmentReason' : 'cancelReason'}.${e.reason}`, { defaultValue: e.reason })}
                </Text>
              </Table.Td>
              <Table.Td>
                <EntryStatusBadge status={e.progress} />
              </Table.Td>
              <Table.Td ta="right">{e.totalMinor !== null && e.currency ? <MoneyText value={{ amountMinor: e.totalMinor, currency: e.currency }} size="sm" /> : '—'}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {/* Our batch number and Amazon's Batch ID are different things: never one column. */}
                {e.batchId ? (
                  <Anchor component="button" size="xs" onClick={() => onOpenBatch(e.batchId!)} data-testid="order-entry-batch-link">
                    {t('queue:batch.title', { id: e.batchId })}
                  </Anchor>
                ) : (
                  '—'
                )}
              </Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }} data-testid="order-entry-document-number">
                  {e.feedDocumentId ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                {e.batchId && e.feedId ? (
                  <Anchor component="button" size="xs" ff="monospace" onClick={() => onOpenBatch(e.batchId!)} data-testid="order-entry-feed-id">
                    {e.feedId}
                  </Anchor>
                ) : (
                  <Text size="xs" data-testid="order-entry-feed-id">
                    —
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="xs" lineClamp={3} c={e.status === 'failed' ? 'red' : undefined}>
                  {e.status === 'rejected' ? e.rejectReason : (e.resultMessage ?? e.note ?? '')}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}

function Notes({ d }: { d: OrderDetail }) {
  const { t } = useTranslation('orders')
  const add = useCallMutation('orders.addNote', { invalidates: ['orders'] })
  const [text, setText] = useState('')
  const submit = async () => {
    try {
      await add.mutateAsync({ storeId: d.order.storeId, amazonOrderId: d.order.amazonOrderId, text: text.trim() })
      setText('')
    } catch {
      /* shown below */
    }
  }
  return (
    <Stack gap="xs" data-testid="order-notes">
      {d.notes.length === 0 && <Text size="sm" c="dimmed">{t('notes.none')}</Text>}
      {d.notes.map((n) => (
        <div key={n.id}>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {n.text}
          </Text>
          <Text size="xs" c="dimmed">
            {formatDateTime(n.createdAt)} · {t(`notes.source.${n.source}`, { defaultValue: n.source })}
          </Text>
        </div>
      ))}
      <Textarea placeholder={t('notes.placeholder')} autosize minRows={1} maxLength={2000} value={text} onChange={(e) => setText(e.currentTarget.value)} data-testid="order-note-input" />
      {add.error && <ErrorAlert error={add.error} />}
      <Group justify="flex-end">
        <Button size="xs" variant="light" disabled={!text.trim()} loading={add.isPending} onClick={() => void submit()} data-testid="order-note-add">
          {t('notes.add')}
        </Button>
      </Group>
    </Stack>
  )
}

export function OrderDetailPage() {
  const { t } = useTranslation('orders')
  const params = useParams()
  const ref = { storeId: params.storeId ?? '', amazonOrderId: params.amazonOrderId ?? '' }
  const q = useCall('orders.get', ref, { enabled: Boolean(ref.storeId && ref.amazonOrderId), retry: false })
  const [refunding, setRefunding] = useState(false)
  const [cancelTarget, setCancelTarget] = useState<CancelTarget | null>(null)
  const [splitting, setSplitting] = useState(false)
  const [openBatch, setOpenBatch] = useState<number | null>(null)
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

  const o = d.order
  const shipped = d.items.some((i) => i.quantityShipped > 0)
  const canRefund = shipped && d.items.some((i) => i.orderItemId && i.quantityShipped > 0)
  const canCancel = !(o.status === 'Shipped' || o.shippingStatus === 'Shipped') && o.status !== 'Canceled' && d.items.some((i) => cancellableUnits(i) > 0)
  const skuOf = (orderItemId: string) => d.items.find((i) => i.orderItemId === orderItemId)?.sku ?? orderItemId
  const cur = o.currency

  return (
    <Stack gap="md" data-testid="order-detail">
      {back}
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Title order={2} ff="monospace" data-testid="order-title">
            {o.amazonOrderId}
          </Title>
          <Text size="sm" c="dimmed">
            {o.storeName} · {t('detail.purchased', { time: formatDateTime(o.purchaseDate) })}
            {o.orderTotalMinor !== null && cur ? ` · ${t('detail.total', { amount: formatMoney({ amountMinor: o.orderTotalMinor, currency: cur }) })}` : ''}
          </Text>
          <OrderBadges order={o} canShip={o.canShip} />
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <Tooltip label={t('actions.refundDisabled')} disabled={canRefund} withArrow>
            <Button leftSection={<IconCash size={16} />} disabled={!canRefund} onClick={() => setRefunding(true)} data-testid="order-refund">
              {t('actions.refund')}
            </Button>
          </Tooltip>
          <Tooltip label={t('actions.splitDisabled')} disabled={canCancel} withArrow>
            <Button variant="default" leftSection={<IconCut size={16} />} disabled={!canCancel} onClick={() => setSplitting(true)} data-testid="order-split">
              {t('actions.split')}
            </Button>
          </Tooltip>
          <Tooltip label={t('actions.cancelDisabled')} disabled={canCancel} withArrow>
            <Button variant="light" color="red" leftSection={<IconX size={16} />} disabled={!canCancel} onClick={() => setCancelTarget('order')} data-testid="order-cancel">
              {t('actions.cancel')}
            </Button>
          </Tooltip>
        </Group>
      </Group>

      {d.hold && (
        <Alert color="orange" icon={<IconHandStop size={18} />} title={t('hold.title')} data-testid="order-hold">
          <Text size="sm">
            {t('hold.body', { status: t(`hold.status.${d.hold.status}`, { defaultValue: d.hold.status }), requested: formatDateTime(d.hold.requestedAt), due: formatDateTime(d.hold.dueAt) })}
          </Text>
          {d.hold.reason && <Text size="sm">{t('hold.reason', { reason: d.hold.reason })}</Text>}
          <Anchor href="#/holds" size="sm">
            {t('hold.open')}
          </Anchor>
        </Alert>
      )}
      {o.isMinimal && (
        <Alert color="gray" icon={<IconAlertTriangle size={18} />}>
          {t('detail.minimal')}
        </Alert>
      )}

      <Section title={t('sections.items')}>
        {d.items.length === 0 ? <Text size="sm" c="dimmed">{t('items.none')}</Text> : <ItemsTable d={d} />}
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
              <QueueEntries d={d} onOpenBatch={setOpenBatch} />
            </Section>
            <Section title={t('sections.splits')} testId="order-splits">
              {d.splits.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('splits.none')}
                </Text>
              ) : (
                <Table verticalSpacing={4}>
                  <Table.Tbody>
                    {d.splits.map((s) => (
                      <Table.Tr key={s.id} data-testid={`order-split-${s.seq}`} data-status={s.status}>
                        <Table.Td w={70} fw={600}>
                          #{s.seq}
                        </Table.Td>
                        <Table.Td>{s.lines.map((l) => `${l.quantity} × ${skuOf(l.orderItemId)}`).join(', ')}</Table.Td>
                        <Table.Td>
                          <Badge color={s.status === 'open' ? 'blue' : s.status === 'cancelled' ? 'red' : 'orange'} variant="light" data-testid="split-status">
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
                            <Button size="xs" variant="light" color="red" onClick={() => setCancelTarget({ splitId: s.id, seq: s.seq })} data-testid={`split-cancel-${s.seq}`}>
                              {t('splits.cancel')}
                            </Button>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Section>
            <Section title={t('sections.rmas')}>
              {d.rmas.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('rmas.none')}
                </Text>
              ) : (
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
              )}
            </Section>
            <Section title={t('sections.reimbursements')}>
              {d.reimbursements.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('reimbursements.none')}
                </Text>
              ) : (
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
              )}
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            <Section title={t('sections.info')}>
              <Stack gap={2}>
                {[
                  [t('info.store'), o.storeName],
                  [t('info.marketplace'), o.marketplaceId ?? '—'],
                  [t('info.channel'), o.fulfillmentChannel ?? '—'],
                  [t('info.status'), [o.status, o.localStatus].filter((x): x is string => Boolean(x)).map((x) => t(`amazonStatus.${x}`, { defaultValue: x })).join(' / ') || '—'],
                  [t('info.shipping'), o.shippingStatus ? t(`amazonStatus.${o.shippingStatus}`, { defaultValue: o.shippingStatus }) : '—'],
                  [t('info.lastUpdate'), formatDateTime(o.lastUpdateDate)],
                  [t('info.source'), o.source ?? '—'],
                  [t('info.queueSetting'), d.settings.queueRefundsAndCancellations ? t('info.queueOn') : t('info.queueOff')]
                ].map(([k, v]) => (
                  <Group key={k} gap="xs" wrap="nowrap" align="flex-start">
                    <Text size="sm" c="dimmed" w={130} style={{ flexShrink: 0 }}>
                      {k}
                    </Text>
                    <Text size="sm">{v}</Text>
                  </Group>
                ))}
              </Stack>
            </Section>
            <Section title={t('sections.notes')}>
              <Notes d={d} />
            </Section>
            <Section title={t('sections.history')} testId="order-history">
              {d.history.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('history.none')}
                </Text>
              ) : (
                <Timeline bulletSize={12} lineWidth={2}>
                  {[...d.history].reverse().map((h) => (
                    <Timeline.Item key={h.id} title={<Text size="sm" fw={500}>{t(`history.event.${h.event}`, { defaultValue: h.event })}</Text>}>
                      {h.detail && <Text size="xs">{h.detail}</Text>}
                      <Text size="xs" c="dimmed">
                        {formatDateTime(h.at)}
                      </Text>
                    </Timeline.Item>
                  ))}
                </Timeline>
              )}
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>

      <RefundModal detail={d} opened={refunding} onClose={() => setRefunding(false)} />
      <CancelModal detail={d} target={cancelTarget} onClose={() => setCancelTarget(null)} />
      <SplitModal detail={d} opened={splitting} onClose={() => setSplitting(false)} />
      <BatchDrawer id={openBatch} onClose={() => setOpenBatch(null)} onRetried={setOpenBatch} />
    </Stack>
  )
}
