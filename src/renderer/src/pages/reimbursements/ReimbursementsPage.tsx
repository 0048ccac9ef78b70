/**
 * Reimbursements (issue #4): server-side paged/sorted/filtered table, totals per currency for the
 * filtered set, monthly chart by reason, CSV export, file import with preview, order drawer, and
 * the store's sync status. The renderer never holds more than one page of rows.
 */
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  HoverCard,
  Image,
  Loader,
  MultiSelect,
  Paper,
  Stack,
  Text,
  TextInput,
  Tooltip
} from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconCash, IconDownload, IconFilterOff, IconPhoto, IconRefresh } from '@tabler/icons-react'
import dayjs from 'dayjs'
import { DataTable, type DataTableSortStatus } from 'mantine-datatable'
import { memo, useCallback, useDeferredValue, useMemo, useState } from 'react'
import { useSearchParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { Input } from '../../../../shared/contract'
import { REASON_CATEGORIES, type ReasonCategory } from '../../../../shared/contract/reimbursements'
import { call, useAppEvent, useCall, useCallMutation } from '../../api/client'
import { EmptyState } from '../../components/EmptyState'
import { ErrorAlert, errorText } from '../../components/ErrorAlert'
import { formatDate } from '../../format'
import { i18n } from '../../i18n'
import { formatCount } from '../../labels'
import { ImportDropzone, type StagedFile } from '../../components/ImportDropzone'
import { MoneyText } from '../../components/MoneyText'
import { PageHeader } from '../../components/PageHeader'
import { useSelectedStore } from '../../store-context'
import { ImportModal } from './ImportModal'
import { OrderDrawer } from './OrderDrawer'
import { MonthlyChart } from './MonthlyChart'
import { ColumnsMenu, useReimbursementColumns, type Row } from './columns'
import { MARKETPLACES } from '../../../../shared/ids'
import { pagerWords } from '../../table-words'

type SortBy = NonNullable<Input<'reimbursements.list'>['sortBy']>
const PAGE_SIZES = [25, 50, 100]
const EXACT = ['reimbursementId', 'orderId', 'sku', 'asin', 'parentAsin'] as const
type Exact = (typeof EXACT)[number]

const dash = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v)

/**
 * The product: image, title, ASIN · SKU; its details in a hover card. The hover card is mounted on
 * the first hover only (LazyTooltip's reason: 50 floating elements per page, one ever seen), and
 * the cell is plain elements, not Mantine layout components.
 */
function ProductCell({ r }: { r: Row }) {
  const { t } = useTranslation('reimbursements')
  const [armed, setArmed] = useState(false)
  const image = r.imageUrl ? (
    <img src={r.imageUrl} width={40} height={40} style={{ objectFit: 'contain', borderRadius: 4, flexShrink: 0 }} alt="" />
  ) : (
    <IconPhoto size={28} stroke={1.2} color="var(--mantine-color-gray-5)" style={{ flexShrink: 0 }} />
  )
  const target = (
    <div
      style={{ display: 'flex', gap: 'var(--mantine-spacing-xs)', alignItems: 'center', maxWidth: 320 }}
      data-testid="product-cell"
      onMouseEnter={() => setArmed(true)}
    >
      {image}
      <div style={{ minWidth: 0 }}>
        <div style={{ fontSize: 'var(--mantine-font-size-sm)', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
          {dash(r.title)}
        </div>
        <div
          style={{
            fontSize: 'var(--mantine-font-size-xs)',
            color: 'var(--mantine-color-dimmed)',
            overflow: 'hidden',
            textOverflow: 'ellipsis',
            whiteSpace: 'nowrap'
          }}
        >
          {dash(r.asin)} · {r.sku}
        </div>
      </div>
    </div>
  )
  if (!armed) return target
  return (
    <HoverCard width={320} shadow="md" openDelay={250} position="right" withinPortal initiallyOpened>
      <HoverCard.Target>{target}</HoverCard.Target>
      <HoverCard.Dropdown>
        <Stack gap={4}>
          {r.imageUrl && <Image src={r.imageUrl} h={160} fit="contain" alt="" />}
          <Text size="sm" fw={600}>
            {dash(r.title)}
          </Text>
          {(
            [
              ['asin', r.asin],
              ['parentAsin', r.parentAsin],
              ['sku', r.sku],
              ['fnsku', r.fnsku],
              ['condition', r.condition]
            ] as const
          ).map(([k, v]) => (
            <Group key={k} gap="xs" justify="space-between">
              <Text size="xs" c="dimmed">
                {t(`col.${k}`)}
              </Text>
              <Text size="xs">{dash(v)}</Text>
            </Group>
          ))}
        </Stack>
      </HoverCard.Dropdown>
    </HoverCard>
  )
}

/** Stable across renders, so the columns (and their memoized cells) are built once. */
const productCell = (r: Row) => <ProductCell r={r} />
/** The chart re-renders only when its data or range changes, not on every filter keystroke or fetch state. */
const Chart = memo(MonthlyChart)

function SyncLine({ storeId }: { storeId: string }) {
  const { t } = useTranslation('reimbursements')
  const status = useCall('reimbursements.syncStatus', { storeId }, { refetchInterval: 60_000 })
  const [progress, setProgress] = useState<{ done: number; total: number | null } | null>(null)
  // What the last sync of this store did, said in words once it finishes ("Synced 12 … at 10:31").
  const [outcome, setOutcome] = useState<{
    ok: boolean
    rows: number | null
    /** Date ranges not synced of all the run tried, and why it stopped (main's words), when the run failed. */
    missed?: { n: number; total: number; why: string | null }
    message: string
    at: string
  } | null>(null)
  useAppEvent(
    'job.progress',
    useCallback(
      (p) => {
        if (p.name === 'reimbursements.sync' && p.storeId === storeId) setProgress({ done: p.done, total: p.total })
      },
      [storeId]
    )
  )
  useAppEvent(
    'job.finished',
    useCallback(
      (p) => {
        if (p.name === 'reimbursements.sync' && p.storeId === storeId) {
          setProgress(null)
          // The job's summary is "d of n windows synced, r rows new or changed[, f failed][, w still
          // being prepared by Amazon]", then "; stopped: why" or "; will retry" when it failed (sync.job.ts).
          const m =
            /^(\d+) of (\d+) windows synced, (\d+) rows new or changed(?:, (\d+) failed)?(?:, (\d+) still being prepared by Amazon)?(?:; stopped: ([^]*)|; will retry)?$/.exec(
              p.message ?? ''
            )
          const num = (i: number) => Number(m?.[i] ?? 0)
          // Done counts the failed and waiting ranges too, except the one that stopped the run.
          const synced = (x: RegExpExecArray) => num(1) - num(5) - (x[6] === undefined ? num(4) : num(4) - 1)
          setOutcome({
            ok: p.status === 'succeeded',
            rows: m ? num(3) : null,
            ...(m && p.status === 'failed' ? { missed: { n: num(2) - synced(m), total: num(2), why: m[6] ?? null } } : {}),
            message: p.message ?? '',
            at: new Date().toISOString()
          })
          void status.refetch()
        }
      },
      [storeId, status]
    )
  )
  const run = useCallMutation('jobs.runNow', { invalidates: ['jobs'] })
  const s = status.data
  const time = (iso: string) => new Date(iso).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' })
  const job = t('common:jobNames.reimbursements_sync')
  /** A failed run in words: how many date ranges were not synced, then why it stopped (main's words). */
  const missedSaid = (m: NonNullable<NonNullable<typeof outcome>['missed']>, at: string) => {
    const said = t('words:syncOutcome.failedRanges', { job, time: time(at), count: m.n, n: formatCount(m.n), total: formatCount(m.total) })
    return m.why ? t('words:syncOutcome.because', { said, why: m.why }) : said
  }
  const said = outcome
    ? outcome.ok
      ? outcome.rows !== null
        ? t('words:sync.doneRows', { count: outcome.rows, n: formatCount(outcome.rows), time: time(outcome.at) })
        : t('words:sync.done', { job, time: time(outcome.at) })
      : outcome.missed
        ? missedSaid(outcome.missed, outcome.at)
        : t('words:sync.failed', { job, time: time(outcome.at), message: outcome.message })
    : null
  return (
    // The status over what the last Sync now did, each wrapping in a narrow window: one long
    // nowrap line pushed the Sync now button off the right edge at 1024 px.
    <Group gap="xs" data-testid="sync-line" wrap="nowrap">
      <Stack gap={0}>
        <Text size="xs" c="dimmed">
          {progress
            ? t('sync.running', { done: formatCount(progress.done), total: progress.total === null ? '?' : formatCount(progress.total) })
            : s && s.windows > 0
              ? t(s.failed ? 'sync.status_failed' : 'sync.status', {
                  from: formatDate(s.coveredFrom),
                  to: formatDate(s.coveredTo),
                  count: s.failed,
                  failed: formatCount(s.failed)
                })
              : t('sync.never')}
        </Text>
        {said && !progress && (
          // After a failure, the whole text (the line may be clamped); the job's own summary (main's
          // words) only where it could not be worded.
          <Tooltip label={outcome!.missed ? said : outcome!.message} disabled={outcome!.ok || !outcome!.message} multiline maw={420}>
            <Text size="xs" c={outcome!.ok ? 'teal' : 'red'} lineClamp={2} data-testid="sync-outcome">
              {said}
            </Text>
          </Tooltip>
        )}
        {run.isPending && (
          <Text size="xs" c="dimmed">
            {t('words:sync.started')}
          </Text>
        )}
      </Stack>
      <Tooltip label={t('sync.now')}>
        <ActionIcon
          size="sm"
          variant="subtle"
          loading={run.isPending || progress !== null}
          onClick={() => {
            setOutcome(null)
            run.mutate(
              { name: 'reimbursements.sync', storeId },
              {
                onError: (e) => setOutcome({ ok: false, rows: null, message: errorText(t, e), at: new Date().toISOString() })
              }
            )
          }}
          aria-label={t('sync.now')}
        >
          <IconRefresh size={14} />
        </ActionIcon>
      </Tooltip>
    </Group>
  )
}

const NO_ROWS: Row[] = []

/**
 * The table, re-rendered only when what it shows changes (rows, count, page, sort, columns), not
 * on every fetch start and end or when the totals and chart arrive: each re-render walks 50 rows
 * of cells, several times per click. The fetching state is shown beside the row count instead of
 * as an overlay over the table.
 */
const RowsTable = memo(function RowsTable(p: {
  rows: Row[]
  totalRecords: number
  page: number
  pageSize: number
  onPage(page: number): void
  onPageSize(n: number): void
  sort: DataTableSortStatus<Row>
  onSort(s: DataTableSortStatus<Row>): void
  noRecordsText: string
  columns: ReturnType<typeof useReimbursementColumns>['columns']
}) {
  const { t } = useTranslation('reimbursements')
  return (
    <DataTable<Row>
      withTableBorder
      striped
      highlightOnHover
      minHeight={220}
      // A bounded height keeps the header in view and the horizontal scrollbar on screen.
      maxHeight="calc(100dvh - 140px)"
      records={p.rows}
      totalRecords={p.totalRecords}
      recordsPerPage={p.pageSize}
      page={p.page}
      onPageChange={p.onPage}
      recordsPerPageOptions={PAGE_SIZES}
      onRecordsPerPageChange={p.onPageSize}
      {...pagerWords(t)}
      sortStatus={p.sort}
      onSortStatusChange={p.onSort}
      noRecordsText={p.noRecordsText}
      idAccessor="id"
      data-testid="reimbursements-table"
      columns={p.columns}
    />
  )
})

export function ReimbursementsPage() {
  const { t } = useTranslation('reimbursements')
  const { storeId } = useSelectedStore()
  const [range, setRange] = useState<[string | null, string | null]>([null, null])
  const [reasons, setReasons] = useState<ReasonCategory[]>([])
  // "#/reimbursements?reimbursementId=…" (the Claims screen's link to what closed a finding) opens filtered on it.
  const [params] = useSearchParams()
  const [exact, setExact] = useState<Record<Exact, string>>(() => ({
    reimbursementId: params.get('reimbursementId') ?? '',
    orderId: '',
    sku: '',
    asin: '',
    parentAsin: ''
  }))
  const [debouncedExact] = useDebouncedValue(exact, 300)
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(50)
  const [sort, setSort] = useState<DataTableSortStatus<Row>>({ columnAccessor: 'reimbursedAt', direction: 'desc' })
  const [staged, setStaged] = useState<StagedFile | null>(null)
  const [order, setOrder] = useState<{ storeId: string; amazonOrderId: string } | null>(null)
  const [exporting, setExporting] = useState(false)

  const filter = useMemo(() => {
    const f: Input<'reimbursements.summary'> = {}
    if (storeId) f.storeId = storeId
    if (range[0]) f.from = range[0]
    if (range[1]) f.to = range[1]
    if (reasons.length) f.reasons = reasons
    for (const k of EXACT) if (debouncedExact[k].trim()) f[k] = debouncedExact[k].trim()
    return f
  }, [storeId, range, reasons, debouncedExact])
  const sortInput = { sortBy: sort.columnAccessor as SortBy, sortDir: sort.direction }
  const list = useCall('reimbursements.list', { ...filter, ...sortInput, page, pageSize }, { placeholderData: (prev) => prev })
  const summary = useCall('reimbursements.summary', filter, { placeholderData: (prev) => prev })
  // The chart (hundreds of SVG shapes, measured text) is drawn in a render of its own after the
  // rows and totals are on screen, not in the same one (it held the first rows back ~0.5 s).
  const chartSummary = useDeferredValue(summary.data)
  // The chart opens on the selected store's main currency (its first marketplace's).
  const stores = useCall('stores.list', {})
  const store = stores.data?.find((s) => s.id === storeId)
  const storeCurrency = store ? (MARKETPLACES[store.region].find((m) => m.id === store.marketplaceIds[0])?.currency ?? null) : null
  const filtered = Object.keys(filter).some((k) => k !== 'storeId')
  const setFilter =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v)
      setPage(1)
    }

  const today = dayjs()
  const presets = [
    { value: [today.subtract(6, 'day').format('YYYY-MM-DD'), today.format('YYYY-MM-DD')] as [string, string], label: t('preset.last7') },
    { value: [today.subtract(29, 'day').format('YYYY-MM-DD'), today.format('YYYY-MM-DD')] as [string, string], label: t('preset.last30') },
    { value: [today.startOf('month').format('YYYY-MM-DD'), today.format('YYYY-MM-DD')] as [string, string], label: t('preset.thisMonth') },
    {
      value: [
        today.subtract(1, 'month').startOf('month').format('YYYY-MM-DD'),
        today.subtract(1, 'month').endOf('month').format('YYYY-MM-DD')
      ] as [string, string],
      label: t('preset.lastMonth')
    },
    { value: [today.subtract(89, 'day').format('YYYY-MM-DD'), today.format('YYYY-MM-DD')] as [string, string], label: t('preset.last90') },
    { value: [today.startOf('year').format('YYYY-MM-DD'), today.format('YYYY-MM-DD')] as [string, string], label: t('preset.thisYear') },
    {
      value: [today.subtract(18, 'month').format('YYYY-MM-DD'), today.format('YYYY-MM-DD')] as [string, string],
      label: t('preset.last18m')
    }
  ]

  const exportCsv = async () => {
    setExporting(true)
    try {
      const r = await call('reimbursements.exportCsv', { ...filter, ...sortInput })
      const url = URL.createObjectURL(new Blob([r.csv], { type: 'text/csv;charset=utf-8' }))
      const a = document.createElement('a')
      a.href = url
      a.download = r.fileName
      document.body.appendChild(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
      notifications.show({ color: 'teal', message: t('export.done', { count: r.rows, file: r.fileName }) })
    } catch (e) {
      notifications.show({ color: 'red', title: t('export.failed'), message: (e as Error).message })
    } finally {
      setExporting(false)
    }
  }

  const clear = () => {
    setRange([null, null])
    setReasons([])
    setExact({ reimbursementId: '', orderId: '', sku: '', asin: '', parentAsin: '' })
    setPage(1)
  }

  const columns = useReimbursementColumns({ t, storeId, product: productCell, onOrder: setOrder })
  const onPageSize = useCallback((n: number) => {
    setPageSize(n)
    setPage(1)
  }, [])
  const onSort = useCallback((s: DataTableSortStatus<Row>) => {
    setSort(s)
    setPage(1)
  }, [])
  const empty = !filtered && summary.data?.count === 0 && !summary.isFetching

  return (
    <>
      <PageHeader
        title={t('title')}
        subtitle={t('subtitle')}
        actions={
          <>
            {storeId && <SyncLine storeId={storeId} />}
            <Button
              variant="default"
              leftSection={<IconDownload size={16} />}
              onClick={() => void exportCsv()}
              loading={exporting}
              disabled={!summary.data || summary.data.count === 0}
              data-testid="export-csv"
            >
              {t('export.button')}
            </Button>
          </>
        }
      />
      <ImportModal file={staged} storeId={storeId} onClose={() => setStaged(null)} />
      <OrderDrawer order={order} onClose={() => setOrder(null)} />
      {empty ? (
        <EmptyState
          icon={<IconCash size={28} />}
          title={t('empty.title')}
          body={t('empty.body')}
          testId="reimbursements-empty"
          action={<ImportDropzone title={t('import.drop')} hint={t('import.hint')} onStaged={setStaged} testId="reimbursements-dropzone" />}
        />
      ) : (
        <Stack gap="sm">
          <Paper withBorder p="sm">
            <Group align="flex-end" gap="sm" wrap="wrap">
              <DatePickerInput
                type="range"
                label={t('filter.dates')}
                placeholder={t('filter.anyDate')}
                value={range}
                onChange={setFilter((v: [string | null, string | null]) => setRange(v))}
                presets={presets}
                clearable
                valueFormat="YYYY-MM-DD"
                w={250}
                data-testid="filter-dates"
              />
              <MultiSelect
                label={t('filter.reason')}
                placeholder={reasons.length ? undefined : t('filter.anyReason')}
                data={REASON_CATEGORIES.map((c) => ({ value: c, label: t(`reason.${c}`) }))}
                value={reasons}
                onChange={setFilter((v: string[]) => setReasons(v as ReasonCategory[]))}
                clearable
                w={300}
                data-testid="filter-reason"
              />
              {EXACT.map((k) => (
                <TextInput
                  key={k}
                  label={t(`filter.${k}`)}
                  value={exact[k]}
                  onChange={(e) => {
                    const v = e.currentTarget.value
                    setExact((x) => ({ ...x, [k]: v }))
                    setPage(1)
                  }}
                  w={k === 'orderId' ? 190 : 140}
                  data-testid={`filter-${k}`}
                />
              ))}
              <Button variant="subtle" leftSection={<IconFilterOff size={16} />} onClick={clear} disabled={!filtered}>
                {t('filter.clear')}
              </Button>
            </Group>
          </Paper>
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Group gap="xs" data-testid="totals">
              <Text fw={600} size="sm">
                {t('totals.label')}
              </Text>
              {summary.data?.totals.length === 0 && <Text size="sm">—</Text>}
              {summary.data?.totals.map((m) => (
                <Badge
                  key={m.currency}
                  size="lg"
                  variant="light"
                  color={m.amountMinor < 0 ? 'red' : 'teal'}
                  data-testid={`total-${m.currency}`}
                >
                  <MoneyText value={m} size="sm" fw={600} c={undefined} />
                </Badge>
              ))}
              {summary.data && (
                <Text size="xs" c="dimmed" data-testid="row-count">
                  {t('totals.rows', { count: summary.data.count })}
                </Text>
              )}
              {(list.isFetching || summary.isFetching) && <Loader size={14} data-testid="reimbursements-fetching" />}
            </Group>
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <ImportDropzone
                title={t('import.drop')}
                hint={t('import.hintShort')}
                onStaged={setStaged}
                testId="reimbursements-dropzone"
                compact
              />
              <ColumnsMenu columns={columns} />
            </Group>
          </Group>
          {chartSummary && <Chart summary={chartSummary} storeCurrency={storeCurrency} from={range[0]} to={range[1]} />}
          {(list.error || summary.error) && <ErrorAlert error={list.error ?? summary.error} onRetry={() => void list.refetch()} />}
          <RowsTable
            rows={list.data?.rows ?? NO_ROWS}
            totalRecords={summary.data && !summary.isPlaceholderData ? summary.data.count : (list.data?.total ?? 0)}
            page={page}
            pageSize={pageSize}
            onPage={setPage}
            onPageSize={onPageSize}
            sort={sort}
            onSort={onSort}
            noRecordsText={filtered ? t('table.noMatch') : t('table.none')}
            columns={columns.columns}
          />
        </Stack>
      )}
    </>
  )
}
