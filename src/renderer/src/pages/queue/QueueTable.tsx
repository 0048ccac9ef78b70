/**
 * The queue's entries, one page of them, with checkbox selection. In a narrow window (below
 * 1280 px; 1440 px for the views with batch columns) the table keeps its width: the store and
 * status go under the order, the reason under the items; # and Created go.
 */
import { Anchor, Text } from '@mantine/core'
import { useMediaQuery } from '@mantine/hooks'
import { DataTable, type DataTableColumn } from 'mantine-datatable'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { QueueEntryRow } from '../../../../shared/contract/orders'
import type { QueueView } from '../../../../shared/contract/queue'
import { MoneyText } from '../../components/MoneyText'
import { formatDateTime } from '../../format'
import { EntryStatusBadge } from './BatchStateBadge'
import { orderHref } from './live'
import type { Kind } from './types'
import { pagerWords } from '../../table-words'

type Opts = { t: TFunction; kind: Kind; view: QueueView; allStores: boolean; wide: boolean; onOpenBatch(id: number): void }
type Col = DataTableColumn<QueueEntryRow>

const reasonLabel = (t: TFunction, r: QueueEntryRow) =>
  t(`orders:${r.kind === 'refund' ? 'adjustmentReason' : 'cancelReason'}.${r.reason}`, { defaultValue: r.reason })

function orderColumn({ t, allStores, wide }: Opts): Col {
  return {
    accessor: 'amazonOrderId',
    title: t('columns.order'),
    render: (r) => (
      <>
        <Anchor
          href={orderHref(r.storeId, r.amazonOrderId)}
          size="sm"
          ff="monospace"
          style={{ whiteSpace: 'nowrap' }}
          onClick={(e) => e.stopPropagation()}
          data-testid="queue-order-link"
        >
          {r.amazonOrderId}
        </Anchor>
        {allStores && !wide && (
          <Text size="xs" c="dimmed">
            {r.storeName}
          </Text>
        )}
        {!wide && <EntryStatusBadge status={r.progress} />}
      </>
    )
  }
}

function itemsColumn({ t, view, wide }: Opts): Col {
  return {
    accessor: 'lines',
    title: t('columns.items'),
    render: (r) => (
      <>
        <Text size="sm" lineClamp={2}>
          {r.lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ')}
        </Text>
        {!wide && (
          <Text size="xs" c="dimmed">
            {reasonLabel(t, r)}
          </Text>
        )}
        {view === 'queued' && r.note && (
          <Text size="xs" c="dimmed" lineClamp={2}>
            {r.note}
          </Text>
        )}
      </>
    )
  }
}

/** Where a sent entry went: our batch #, Amazon's Batch ID, Amazon's message. The Document Number (long) is in the batch drawer. */
function sentColumns({ t, onOpenBatch }: Opts): Col[] {
  return [
    {
      // Our own batch number (local, links to the batch) and Amazon's Batch ID (the feed id, once
      // Amazon received it) are different things: never one column.
      accessor: 'batchId',
      title: t('columns.localBatch'),
      render: (r) =>
        r.batchId ? (
          <Anchor
            component="button"
            size="xs"
            style={{ whiteSpace: 'nowrap' }}
            onClick={() => onOpenBatch(r.batchId!)}
            data-testid="entry-batch-link"
          >
            {t('batch.title', { id: r.batchId })}
          </Anchor>
        ) : (
          '—'
        )
    },
    {
      accessor: 'feedId',
      title: t('batch.batchId'),
      render: (r) => (
        <Text size="xs" ff="monospace" data-testid="entry-feed-id">
          {r.feedId ?? '—'}
        </Text>
      )
    },
    {
      accessor: 'resultMessage',
      title: t('columns.message'),
      render: (r) => (
        <Text size="xs" lineClamp={3} c={r.status === 'failed' ? 'red' : undefined} data-testid="entry-message">
          {r.status === 'rejected' ? r.rejectReason : (r.resultMessage ?? r.note ?? '')}
        </Text>
      )
    }
  ]
}

function columns(o: Opts): Col[] {
  const { t, kind, view, allStores, wide } = o
  const amount: Col = {
    accessor: 'totalMinor',
    title: t('columns.amount'),
    textAlign: 'right',
    render: (r) =>
      r.totalMinor !== null && r.currency ? <MoneyText value={{ amountMinor: r.totalMinor, currency: r.currency }} size="sm" /> : '—'
  }
  return [
    ...(wide ? [{ accessor: 'id', title: '#', width: 60 } as Col] : []),
    ...(allStores && wide ? [{ accessor: 'storeName', title: t('columns.store') } as Col] : []),
    orderColumn(o),
    ...(wide
      ? [{ accessor: 'status', title: t('columns.status'), render: (r: QueueEntryRow) => <EntryStatusBadge status={r.progress} /> } as Col]
      : []),
    ...(wide ? [{ accessor: 'reason', title: t('columns.reason'), render: (r: QueueEntryRow) => reasonLabel(t, r) } as Col] : []),
    itemsColumn(o),
    ...(kind === 'refund' ? [amount] : []),
    ...(view === 'queued' ? [] : sentColumns(o)),
    ...(wide
      ? [
          {
            accessor: 'createdAt',
            title: t('columns.created'),
            render: (r: QueueEntryRow) => <Text size="xs">{formatDateTime(r.createdAt)}</Text>
          } as Col
        ]
      : [])
  ]
}

type Props = {
  rows: QueueEntryRow[]
  total: number
  fetching: boolean
  page: number
  onPage(page: number): void
  pageSize: number
  onPageSize(size: number): void
  selected: QueueEntryRow[]
  onSelected(rows: QueueEntryRow[]): void
  /** The keyboard's row (index on this page), outlined. */
  cursor: number | null
  kind: Kind
  view: QueueView
  allStores: boolean
  onOpenBatch(id: number): void
}

export function QueueTable(p: Props) {
  const { t } = useTranslation('queue')
  // The sent views have three more columns (batch #, Batch ID, message): they need 1440 px.
  const wideEnough = useMediaQuery('(min-width: 80em)', true) ?? true
  const roomy = useMediaQuery('(min-width: 90em)', true) ?? true
  const wide = p.view === 'queued' ? wideEnough : roomy
  return (
    <DataTable<QueueEntryRow>
      withTableBorder
      striped
      highlightOnHover
      minHeight={p.rows.length ? undefined : 200}
      fetching={p.fetching}
      records={p.rows}
      totalRecords={p.total}
      page={p.page}
      onPageChange={p.onPage}
      recordsPerPage={p.pageSize}
      recordsPerPageOptions={[25, 50, 100, 500]}
      {...pagerWords(t)}
      onRecordsPerPageChange={p.onPageSize}
      customRowAttributes={(_r, i) => ({ 'data-cursor': i === p.cursor })}
      rowStyle={(_r, i) => (i === p.cursor ? { outline: '2px solid var(--mantine-primary-color-filled)', outlineOffset: -2 } : undefined)}
      selectedRecords={p.selected}
      onSelectedRecordsChange={p.onSelected}
      noRecordsText={t(`empty.view.${p.view}`)}
      data-testid="queue-table"
      columns={columns({ t, kind: p.kind, view: p.view, allStores: p.allStores, wide, onOpenBatch: p.onOpenBatch })}
    />
  )
}
