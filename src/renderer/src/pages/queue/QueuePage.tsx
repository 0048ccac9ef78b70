/**
 * Refund / cancellation queue (#6): company (store) filter, queue type, view tabs with counts,
 * search; checkbox selection (or "all N matching"); Process refund / Process cancellation (one
 * feed document per store and feed type) and Reject request. Processed batches fill in their
 * Document Number and Batch ID as they go out; batch history with a drawer per batch.
 * Everything here is local: it works offline, batches wait for the network.
 */
import { Alert, Anchor, Badge, Button, Group, Paper, SegmentedControl, Select, Stack, Tabs, Text, TextInput, Tooltip } from '@mantine/core'
import { modals } from '@mantine/modals'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconBan, IconListCheck, IconSearch, IconSend } from '@tabler/icons-react'
import { DataTable } from 'mantine-datatable'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import type { QueueEntryRow } from '../../../../shared/contract/orders'
import { totalsByCurrency } from '../../../../shared/money'
import type { QueueFilter, QueueSelection, QueueView } from '../../../../shared/contract/queue'
import { useCall, useCallMutation } from '../../api/client'
import { EmptyState } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { MoneyText } from '../../components/MoneyText'
import { PageHeader } from '../../components/PageHeader'
import { formatDateTime } from '../../format'
import { useSelectedStore } from '../../store-context'
import { BatchDrawer } from './BatchDrawer'
import { BatchesPanel } from './BatchesPanel'
import { EntryStatusBadge } from './BatchStateBadge'
import { orderHref, useQueueLiveRefresh } from './live'
import { ProcessedBatches } from './ProcessedBatches'
import { RejectModal } from './RejectModal'
import { ResolveModal } from './ResolveModal'

type Kind = 'refund' | 'cancel'
type Tab = QueueView | 'batches'
const VIEWS: QueueView[] = ['queued', 'sending', 'sent', 'failed', 'rejected', 'local', 'all']

export function QueuePage() {
  const { t } = useTranslation('queue')
  const { storeId, setStoreId } = useSelectedStore()
  const stores = useCall('stores.list', {})
  const [kind, setKind] = useState<Kind>('refund')
  const [tab, setTab] = useState<Tab>('queued')
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search.trim(), 300)
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(50)
  const [selected, setSelected] = useState<QueueEntryRow[]>([])
  const [allMatching, setAllMatching] = useState(false)
  const [rejecting, setRejecting] = useState<{ selection: QueueSelection; count: number } | null>(null)
  const [resolving, setResolving] = useState<number[] | null>(null)
  const [processed, setProcessed] = useState<{ ids: number[]; skipped: number } | null>(null)
  const [openBatch, setOpenBatch] = useState<number | null>(null)
  // A link from an RMA, hold or order (#/queue?batch=N) opens that batch.
  const [params, setParams] = useSearchParams()
  useEffect(() => {
    const n = Number(params.get('batch'))
    if (Number.isInteger(n) && n > 0) {
      setOpenBatch(n)
      setParams({}, { replace: true })
    }
  }, [params, setParams])
  useQueueLiveRefresh()

  const view: QueueView = tab === 'batches' ? 'queued' : tab
  const filter: QueueFilter = { kind, view, ...(storeId ? { storeId } : {}), ...(debounced ? { search: debounced } : {}) }
  const list = useCall('queue.list', { ...filter, page, pageSize }, { placeholderData: (prev) => prev })
  const process = useCallMutation('queue.process', { invalidates: ['queue', 'orders'] })

  // A new filter, tab or page starts a new selection.
  const filterKey = JSON.stringify([kind, tab, storeId, debounced])
  useEffect(() => {
    setSelected([])
    setAllMatching(false)
    setPage(1)
  }, [filterKey])
  useEffect(() => setAllMatching(false), [page, pageSize])

  const rows = list.data?.rows ?? []
  const total = list.data?.total ?? 0
  const counts = list.data?.counts
  const countAll = counts?.all ?? 0
  const selection: QueueSelection | null = allMatching ? { filter } : selected.length ? { ids: selected.map((r) => r.id) } : null
  const selectedCount = allMatching ? total : selected.length
  const pageFullySelected = rows.length > 0 && rows.every((r) => selected.some((s) => s.id === r.id))
  const uncertainSelected = selected.filter((r) => r.status === 'uncertain')
  const canAct = view === 'queued' || view === 'all'

  // Sending money: say how many and how much before it goes.
  const confirmProcess = () => {
    if (!selection) return
    const sums = allMatching
      ? (list.data?.totals ?? [])
      : totalsByCurrency(selected.filter((r) => r.totalMinor !== null && r.currency).map((r) => ({ currency: r.currency!, amountMinor: r.totalMinor! })))
    modals.openConfirmModal({
      title: kind === 'refund' ? t('confirmProcess.titleRefund', { count: selectedCount }) : t('confirmProcess.titleCancel', { count: selectedCount }),
      children: (
        <Stack gap="xs">
          <Text size="sm">{t('confirmProcess.body')}</Text>
          {kind === 'refund' && sums.length > 0 && (
            <Group gap="xs">
              <Text size="sm" fw={600}>
                {t('confirmProcess.total')}
              </Text>
              {sums.map((m) => (
                <MoneyText key={m.currency} value={m} fw={700} />
              ))}
            </Group>
          )}
        </Stack>
      ),
      labels: { confirm: kind === 'refund' ? t('actions.processRefund') : t('actions.processCancel'), cancel: t('common:actions.cancel') },
      confirmProps: { 'data-testid': 'queue-process-confirm' } as Record<string, string>,
      onConfirm: () => void doProcess()
    })
  }

  const doProcess = async () => {
    if (!selection) return
    try {
      const r = await process.mutateAsync({ kind, selection })
      setProcessed({ ids: r.batches.map((b) => b.id), skipped: r.skipped })
      setSelected([])
      setAllMatching(false)
      if (r.batches.length === 0) notifications.show({ color: 'orange', message: t('processed.none') })
    } catch (e) {
      notifications.show({ color: 'red', title: t('errors.process'), message: (e as Error).message })
    }
  }

  const reasonLabel = (r: QueueEntryRow) => t(`orders:${r.kind === 'refund' ? 'adjustmentReason' : 'cancelReason'}.${r.reason}`, { defaultValue: r.reason })
  const nothingAtAll = list.data && countAll === 0 && !debounced

  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <Paper withBorder p="sm" mb="sm">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            label={t('filters.company')}
            w={220}
            allowDeselect={false}
            value={storeId ?? 'all'}
            onChange={(v) => setStoreId(!v || v === 'all' ? null : v)}
            data={[{ value: 'all', label: t('filters.allCompanies') }, ...(stores.data ?? []).map((s) => ({ value: s.id, label: s.name }))]}
            data-testid="queue-filter-store"
          />
          <div>
            <Text size="sm" fw={500} mb={4}>
              {t('filters.type')}
            </Text>
            <SegmentedControl
              value={kind}
              onChange={(v) => setKind(v as Kind)}
              data={[
                { value: 'refund', label: t('kind.refund') },
                { value: 'cancel', label: t('kind.cancel') }
              ]}
              data-testid="queue-kind"
            />
          </div>
          <TextInput
            label={t('filters.search')}
            placeholder={t('filters.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            w={300}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            data-testid="queue-search"
          />
          {kind === 'refund' && tab !== 'batches' && total > 0 && (
            <Group gap="xs" ml="auto" data-testid="queue-totals">
              <Text size="sm" c="dimmed">
                {t('totals.label', { count: total })}
              </Text>
              {list.data?.totals.length === 0 && <Text size="sm">—</Text>}
              {list.data?.totals.map((m) => (
                <Badge key={m.currency} variant="outline" color="gray" size="lg" tt="none">
                  <MoneyText value={m} size="sm" fw={600} />
                </Badge>
              ))}
            </Group>
          )}
        </Group>
      </Paper>

      {processed && <ProcessedBatches ids={processed.ids} skipped={processed.skipped} onOpen={setOpenBatch} onDismiss={() => setProcessed(null)} />}

      <Tabs value={tab} onChange={(v) => v && setTab(v as Tab)} mb="sm" keepMounted={false}>
        <Tabs.List>
          {VIEWS.filter((v) => v !== 'local' || kind === 'cancel' || (counts?.local ?? 0) > 0 || tab === 'local').map((v) => (
            <Tabs.Tab
              key={v}
              value={v}
              data-testid={`queue-tab-${v}`}
              rightSection={
                v !== 'all' && counts ? (
                  <Badge
                    size="sm"
                    variant={(v === 'failed' || v === 'sending') && counts[v] > 0 ? 'filled' : 'light'}
                    color={v === 'failed' && counts.failed > 0 ? 'red' : v === 'sending' && counts.sending > 0 ? 'blue' : 'gray'}
                    data-testid={`queue-count-${v}`}
                  >
                    {counts[v]}
                  </Badge>
                ) : v === 'all' && counts ? (
                  <Badge size="sm" variant="light" color="gray" data-testid="queue-count-all">
                    {countAll}
                  </Badge>
                ) : null
              }
            >
              <Tooltip label={t(`viewHints.${v}`)} withArrow openDelay={400} multiline maw={320}>
                <span>{t(`views.${v}`)}</span>
              </Tooltip>
            </Tabs.Tab>
          ))}
          <Tabs.Tab value="batches" data-testid="queue-tab-batches">
            {t('views.batches')}
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>

      {tab === 'batches' ? (
        <BatchesPanel storeId={storeId} onOpen={setOpenBatch} />
      ) : (
        <>
          {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
          {nothingAtAll ? (
            <EmptyState icon={<IconListCheck size={28} />} title={t(`empty.${kind}.title`)} body={t(`empty.${kind}.body`)} testId="queue-empty" />
          ) : (
            <>
              <Group justify="space-between" mb="xs" wrap="nowrap" mih={36}>
                <Text size="sm" c="dimmed" data-testid="queue-selected">
                  {selectedCount > 0 ? t('selection.count', { count: selectedCount }) : canAct ? t('selection.hint') : ''}
                </Text>
                <Group gap="xs" wrap="nowrap">
                  {uncertainSelected.length > 0 && (
                    <Button variant="light" color="orange" onClick={() => setResolving(uncertainSelected.map((r) => r.id))} data-testid="queue-resolve">
                      {t('resolve.open')} ({uncertainSelected.length})
                    </Button>
                  )}
                  {canAct && (
                    <>
                      <Tooltip label={t('actions.rejectHint')} withArrow>
                        <Button variant="default" color="red" leftSection={<IconBan size={16} />} disabled={!selection} onClick={() => selection && setRejecting({ selection, count: selectedCount })} data-testid="queue-reject">
                          {t('actions.reject')}
                        </Button>
                      </Tooltip>
                      <Button leftSection={<IconSend size={16} />} disabled={!selection} loading={process.isPending} onClick={confirmProcess} data-testid="queue-process">
                        {kind === 'refund' ? t('actions.processRefund') : t('actions.processCancel')}
                      </Button>
                    </>
                  )}
                </Group>
              </Group>
              {pageFullySelected && total > rows.length && (
                <Alert color="blue" variant="light" mb="xs" p="xs" data-testid="queue-select-all-banner">
                  <Group gap="xs">
                    <Text size="sm">{allMatching ? t('selection.allMatching', { count: total }) : t('selection.pageSelected', { count: rows.length })}</Text>
                    {allMatching ? (
                      <Anchor component="button" size="sm" onClick={() => { setAllMatching(false); setSelected([]) }}>
                        {t('selection.clear')}
                      </Anchor>
                    ) : (
                      <Anchor component="button" size="sm" onClick={() => setAllMatching(true)} data-testid="queue-select-all-matching">
                        {t('selection.selectAll', { count: total })}
                      </Anchor>
                    )}
                  </Group>
                </Alert>
              )}
              <DataTable<QueueEntryRow>
                withTableBorder
                striped
                highlightOnHover
                minHeight={rows.length ? undefined : 200}
                fetching={list.isLoading}
                records={rows}
                totalRecords={total}
                page={page}
                onPageChange={setPage}
                recordsPerPage={pageSize}
                recordsPerPageOptions={[25, 50, 100, 500]}
                recordsPerPageLabel={t('table.perPage')}
                paginationText={({ from, to, totalRecords }) => t('table.range', { from, to, total: totalRecords })}
                onRecordsPerPageChange={(n) => {
                  setPageSize(n)
                  setPage(1)
                }}
                selectedRecords={selected}
                onSelectedRecordsChange={(r) => {
                  setSelected(r)
                  setAllMatching(false)
                }}
                noRecordsText={t(`empty.view.${view}`)}
                data-testid="queue-table"
                columns={[
                  { accessor: 'id', title: '#', width: 60 },
                  ...(storeId ? [] : [{ accessor: 'storeName', title: t('columns.store') }]),
                  {
                    accessor: 'amazonOrderId',
                    title: t('columns.order'),
                    render: (r) => (
                      <Anchor href={orderHref(r.storeId, r.amazonOrderId)} size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }} onClick={(e) => e.stopPropagation()} data-testid="queue-order-link">
                        {r.amazonOrderId}
                      </Anchor>
                    )
                  },
                  { accessor: 'status', title: t('columns.status'), render: (r) => <EntryStatusBadge status={r.progress} /> },
                  { accessor: 'reason', title: t('columns.reason'), render: reasonLabel },
                  {
                    accessor: 'lines',
                    title: t('columns.items'),
                    render: (r) => (
                      <>
                        <Text size="sm" lineClamp={2}>
                          {r.lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ')}
                        </Text>
                        {view === 'queued' && r.note && (
                          <Text size="xs" c="dimmed" lineClamp={2}>
                            {r.note}
                          </Text>
                        )}
                      </>
                    )
                  },
                  ...(kind === 'refund'
                    ? [{ accessor: 'totalMinor', title: t('columns.amount'), textAlign: 'right' as const, render: (r: QueueEntryRow) => (r.totalMinor !== null && r.currency ? <MoneyText value={{ amountMinor: r.totalMinor, currency: r.currency }} size="sm" /> : '—') }]
                    : []),
                  // The Document Number (long) is in the batch drawer: the table keeps our batch # and Amazon's Batch ID.
                  ...(view === 'queued' ? [] : [
                  {
                    // Our own batch number (local, links to the batch) and Amazon's Batch ID (the
                    // feed id, once Amazon received it) are different things: never one column.
                    accessor: 'batchId',
                    title: t('columns.localBatch'),
                    render: (r: QueueEntryRow) =>
                      r.batchId ? (
                        <Anchor component="button" size="xs" onClick={() => setOpenBatch(r.batchId)} data-testid="entry-batch-link">
                          {t('batch.title', { id: r.batchId })}
                        </Anchor>
                      ) : (
                        '—'
                      )
                  },
                  {
                    accessor: 'feedId',
                    title: t('batch.batchId'),
                    render: (r: QueueEntryRow) => (
                      <Text size="xs" ff="monospace" data-testid="entry-feed-id">
                        {r.feedId ?? '—'}
                      </Text>
                    )
                  },
                  {
                    accessor: 'resultMessage',
                    title: t('columns.message'),
                    render: (r: QueueEntryRow) => (
                      <Text size="xs" lineClamp={3} c={r.status === 'failed' ? 'red' : undefined} data-testid="entry-message">
                        {r.status === 'rejected' ? r.rejectReason : (r.resultMessage ?? r.note ?? '')}
                      </Text>
                    )
                  }]),
                  { accessor: 'createdAt', title: t('columns.created'), render: (r) => <Text size="xs">{formatDateTime(r.createdAt)}</Text> }
                ]}
              />
            </>
          )}
        </>
      )}
      <RejectModal
        kind={kind}
        selection={rejecting?.selection ?? null}
        count={rejecting?.count ?? 0}
        onClose={(done) => {
          setRejecting(null)
          if (done) {
            setSelected([])
            setAllMatching(false)
          }
        }}
      />
      <ResolveModal
        ids={resolving}
        onClose={() => {
          setResolving(null)
          setSelected([])
        }}
      />
      <BatchDrawer
        id={openBatch}
        onClose={() => setOpenBatch(null)}
        onRetried={(id) => {
          setProcessed((p) => ({ ids: [id, ...(p?.ids ?? [])], skipped: 0 }))
          setOpenBatch(id)
        }}
      />
    </>
  )
}
