/**
 * Cancellation holds (#7): every buyer-cancellation request with store, order, items, reason,
 * requested at and a live countdown of the 2 days (due first; under 12 h in warning colour;
 * overdue in red). Tabs open / follow-up / decided. Accept cancels through the queue; Decline
 * releases the hold with a note.
 */
import { Anchor, Badge, Button, Group, Skeleton, Stack, Tabs, Text, Tooltip } from '@mantine/core'
import { IconCheck, IconFileImport, IconHandStop, IconX } from '@tabler/icons-react'
import { useMediaQuery } from '@mantine/hooks'
import { DataTable, type DataTableColumn } from 'mantine-datatable'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { HoldRow } from '../../../../shared/contract/holds'
import { useCall } from '../../api/client'
import { EmptyState } from '../../components/EmptyState'
import { NoStoreOffer } from '../../components/NoStoreOffer'
import { ErrorAlert } from '../../components/ErrorAlert'
import { PageHeader } from '../../components/PageHeader'
import { formatDateTime } from '../../format'
import { useSelectedStore } from '../../store-context'
import { Countdown, useNow } from './Countdown'
import { DecisionModal, type DecisionKind } from './DecisionModal'
import { OrderImportModal } from './OrderImportModal'
import { batchHref } from '../queue/live'

type View = 'open' | 'follow-up' | 'decided'
const CANCEL_COLORS: Record<string, string> = {
  queued: 'blue',
  sending: 'blue',
  sent: 'indigo',
  done: 'teal',
  failed: 'red',
  uncertain: 'orange',
  rejected: 'gray',
  local: 'grape'
}

const shippedMeanwhile = (h: HoldRow) => h.shippingStatus === 'Shipped' || h.shippingStatus === 'PartiallyShipped'
const cancelledMeanwhile = (h: HoldRow) => h.orderStatus === 'Canceled' || h.localStatus === 'Cancelled'
/** An open request that can no longer be accepted (the order shipped or was cancelled meanwhile). */
const blocked = (h: HoldRow) => shippedMeanwhile(h) || cancelledMeanwhile(h)

function Items({ h }: { h: HoldRow }) {
  return (
    <Stack gap={4}>
      {h.items.map((i) => (
        <Stack key={i.orderItemId || i.sku} gap={0}>
          <Text size="sm" fw={500} style={{ wordBreak: 'break-all' }}>
            {i.sku} × {i.quantity}
          </Text>
          {i.title && (
            <Text size="xs" c="dimmed" lineClamp={2} title={i.title}>
              {i.title}
            </Text>
          )}
        </Stack>
      ))}
    </Stack>
  )
}

export function HoldsPage() {
  const { t } = useTranslation('holds')
  const { storeId } = useSelectedStore()
  const [view, setView] = useState<View>('open')
  const [importing, setImporting] = useState(false)
  const [decision, setDecision] = useState<{ hold: HoldRow; kind: DecisionKind } | null>(null)
  const now = useNow(1000)
  // Below 1440 px the open requests fit without sideways scrolling: the store goes under the order,
  // the request time under the reason, and Accept / Decline under the countdown (at 1280 px a
  // 1366 px laptop still got the wide layout and lost Accept / Decline off the right edge).
  const wide = useMediaQuery('(min-width: 90em)', true) ?? true
  const list = useCall(
    'holds.list',
    { ...(storeId ? { storeId } : {}), view },
    { placeholderData: (prev) => prev, refetchInterval: 60_000 }
  )
  const rows = list.data?.rows ?? []
  const counts = list.data?.counts

  const orderLink = (h: HoldRow) => (
    <Anchor
      href={`#/orders/${encodeURIComponent(h.storeId)}/${encodeURIComponent(h.amazonOrderId)}`}
      size="sm"
      ff="monospace"
      style={{ whiteSpace: 'nowrap' }}
      data-testid="hold-order-link"
      onClick={(e) => e.stopPropagation()}
    >
      {h.amazonOrderId}
    </Anchor>
  )
  const requested = (h: HoldRow) => (
    <Tooltip label={t(`requestSource.${h.source}`, { defaultValue: h.source })} multiline w={260}>
      <Text size="sm">{formatDateTime(h.requestedAt)}</Text>
    </Tooltip>
  )
  const reason = (h: HoldRow) =>
    h.reason ? (
      <Text size="sm" lineClamp={2}>
        {h.reason}
      </Text>
    ) : (
      <Text size="sm" c="dimmed" fs="italic">
        {t('noReason')}
      </Text>
    )

  // Where the accepted cancellation is: never "cancelled" before Amazon confirmed it.
  const cancellation = (h: HoldRow) =>
    h.cancellation ? (
      <Stack gap={2}>
        <Group gap={6} wrap="nowrap">
          <Badge
            color={CANCEL_COLORS[h.cancellation.progress] ?? 'gray'}
            variant="light"
            style={{ textTransform: 'none', minWidth: 'max-content' }}
            data-testid="hold-cancellation"
            data-progress={h.cancellation.progress}
          >
            {t(`cancellation.${h.cancellation.progress}`)}
          </Badge>
          {h.cancellation.batchId && (
            <Anchor href={batchHref(h.cancellation.batchId)} size="xs" style={{ whiteSpace: 'nowrap' }} data-testid="hold-batch-link">
              {t('batchLink', { id: h.cancellation.batchId })}
            </Anchor>
          )}
        </Group>
        {h.cancellation.feedId && (
          <Text size="xs" c="dimmed" ff="monospace">
            {t('amazonBatchId', { id: h.cancellation.feedId })}
          </Text>
        )}
      </Stack>
    ) : (
      '—'
    )
  // A hold that is open again because Amazon refused the accepted cancellation says so.
  const refused = (h: HoldRow) =>
    h.cancellation?.progress === 'failed' ? (
      <Text size="xs" c="red" data-testid="hold-refused">
        {t('refusedByAmazon', { message: (h.cancellation.message ?? '—').replace(/[.。]\s*$/, '') })}
      </Text>
    ) : null

  // Accept / Decline; below 1280 px they sit under the countdown (no actions column).
  const decisionButtons = (h: HoldRow) => (
    <Group gap="xs" justify={wide ? 'flex-end' : 'flex-start'} wrap={wide ? 'nowrap' : 'wrap'}>
      <Button
        size="xs"
        color="red"
        variant="light"
        leftSection={<IconCheck size={14} />}
        disabled={blocked(h)}
        onClick={() => setDecision({ hold: h, kind: 'accept' })}
        data-testid="hold-accept"
      >
        {t('actions.accept')}
      </Button>
      <Button
        size="xs"
        variant="default"
        leftSection={<IconX size={14} />}
        onClick={() => setDecision({ hold: h, kind: 'decline' })}
        data-testid="hold-decline"
      >
        {t('actions.decline')}
      </Button>
    </Group>
  )

  const common: DataTableColumn<HoldRow>[] = [
    ...(storeId || !wide ? [] : [{ accessor: 'storeName', title: t('columns.store'), width: 140 } as DataTableColumn<HoldRow>]),
    {
      accessor: 'amazonOrderId',
      title: t('columns.order'),
      width: wide ? 185 : undefined,
      render: (h) => (
        <Stack gap={2}>
          {orderLink(h)}
          {!storeId && !wide && (
            <Text size="xs" c="dimmed">
              {h.storeName}
            </Text>
          )}
          {view === 'open' && refused(h)}
        </Stack>
      )
    },
    { accessor: 'items', title: t('columns.items'), width: wide ? 190 : undefined, render: (h) => <Items h={h} /> },
    {
      accessor: 'reason',
      title: t('columns.reason'),
      render: (h) =>
        wide ? (
          reason(h)
        ) : (
          <Stack gap={2}>
            {reason(h)}
            <Text size="xs" c="dimmed">
              {t('requestedOn', { time: formatDateTime(h.requestedAt) })}
            </Text>
          </Stack>
        )
    },
    ...(wide ? [{ accessor: 'requestedAt', title: t('columns.requested'), width: 120, render: requested } as DataTableColumn<HoldRow>] : [])
  ]
  const columns: DataTableColumn<HoldRow>[] =
    view === 'open'
      ? [
          ...common,
          {
            accessor: 'dueAt',
            title: t('columns.timeLeft'),
            width: wide ? 200 : 190,
            render: (h) => {
              const left = blocked(h) ? (
                <Badge color="gray" variant="light" style={{ textTransform: 'none' }} data-testid="hold-blocked">
                  {t(shippedMeanwhile(h) ? 'shippedMeanwhile' : 'cancelledMeanwhile')}
                </Badge>
              ) : (
                <Countdown dueAt={h.dueAt} now={now} />
              )
              return wide ? (
                left
              ) : (
                <Stack gap="xs" align="flex-start">
                  {left}
                  {decisionButtons(h)}
                </Stack>
              )
            }
          },
          ...(wide
            ? [
                {
                  accessor: 'actions',
                  title: '',
                  width: 210,
                  textAlign: 'right',
                  render: decisionButtons
                } as DataTableColumn<HoldRow>
              ]
            : [])
        ]
      : view === 'follow-up'
        ? [
            ...common,
            {
              accessor: 'shippingStatus',
              title: t('columns.shipping'),
              width: 120,
              render: (h) => (h.shippingStatus ? t(`shipping.${h.shippingStatus}`, { defaultValue: h.shippingStatus }) : '—')
            },
            {
              accessor: 'actions',
              title: '',
              width: 170,
              textAlign: 'right',
              render: (h) => (
                <Button size="xs" variant="light" onClick={() => setDecision({ hold: h, kind: 'resolve' })} data-testid="hold-resolve">
                  {t('actions.resolve')}
                </Button>
              )
            }
          ]
        : [
            ...common.filter((c) => c.accessor !== 'items'),
            {
              accessor: 'status',
              title: t('columns.decision'),
              width: 160,
              render: (h) => (
                <Badge
                  color={h.status === 'accepted' ? 'red' : h.status === 'declined' ? 'blue' : 'teal'}
                  variant="light"
                  style={{ textTransform: 'none' }}
                  data-testid="hold-decision"
                >
                  {t(`decision.${h.status}`)}
                </Badge>
              )
            },
            { accessor: 'decidedAt', title: t('columns.decidedAt'), width: 150, render: (h) => formatDateTime(h.decidedAt) },
            { accessor: 'decisionNote', title: t('columns.note'), render: (h) => h.decisionNote ?? '—' },
            {
              accessor: 'queueEntryStatus',
              title: t('columns.cancellation'),
              width: 230,
              render: cancellation
            }
          ]

  const emptyKey = view === 'open' ? 'open' : view === 'follow-up' ? 'followUp' : 'decided'
  const tab = (v: View, key: string, n: number | undefined, color: string) => (
    <Tabs.Tab
      value={v}
      data-testid={`holds-tab-${v}`}
      rightSection={
        n !== undefined ? (
          <Badge
            size="sm"
            variant={n > 0 && v !== 'decided' ? 'filled' : 'light'}
            color={n > 0 && v !== 'decided' ? color : 'gray'}
            data-testid={`holds-count-${v}`}
          >
            {n}
          </Badge>
        ) : null
      }
    >
      {t(`tabs.${key}`)}
    </Tabs.Tab>
  )

  return (
    <>
      <PageHeader
        title={t('title')}
        subtitle={t('subtitle')}
        actions={
          <Tooltip label={t('pickStore')} disabled={!!storeId}>
            <Button
              leftSection={<IconFileImport size={16} />}
              disabled={!storeId}
              onClick={() => setImporting(true)}
              data-testid="holds-import-open"
            >
              {t('actions.import')}
            </Button>
          </Tooltip>
        }
      />
      <NoStoreOffer />
      <Tabs value={view} onChange={(v) => v && setView(v as View)} mb="sm">
        <Tabs.List>
          {tab('open', 'open', counts?.open, 'orange')}
          {tab('follow-up', 'followUp', counts?.followUp, 'grape')}
          {tab('decided', 'decided', counts?.decided, 'gray')}
        </Tabs.List>
      </Tabs>
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isLoading ? (
        <Stack data-testid="holds-loading">
          <Skeleton h={40} />
          <Skeleton h={40} />
          <Skeleton h={40} />
        </Stack>
      ) : !list.error && rows.length === 0 ? (
        <EmptyState
          icon={<IconHandStop size={28} />}
          title={t(`empty.${emptyKey}.title`)}
          body={t(`empty.${emptyKey}.body`)}
          testId={`holds-empty-${view}`}
          action={
            storeId && view === 'open' ? (
              <Button variant="light" leftSection={<IconFileImport size={16} />} onClick={() => setImporting(true)}>
                {t('actions.import')}
              </Button>
            ) : undefined
          }
        />
      ) : (
        !list.error && (
          <DataTable<HoldRow>
            withTableBorder
            striped
            highlightOnHover
            verticalAlign="top"
            fetching={list.isFetching && !list.isLoading}
            records={rows}
            idAccessor="id"
            columns={columns}
            rowStyle={(h) =>
              view === 'open' && !blocked(h) && Date.parse(h.dueAt) < now ? { background: 'var(--mantine-color-red-light)' } : undefined
            }
            data-testid="holds-table"
          />
        )
      )}
      {decision && <DecisionModal hold={decision.hold} kind={decision.kind} onClose={() => setDecision(null)} />}
      {storeId && <OrderImportModal storeId={storeId} opened={importing} onClose={() => setImporting(false)} />}
    </>
  )
}
