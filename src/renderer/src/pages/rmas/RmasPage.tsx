/**
 * RMAs: list with filters (store from the switcher, status, request date, order id, RMA #, SKU,
 * tracking) and server-side paging; detail drawer; import with preview; kits.
 */
import { Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Tooltip } from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks'
import { IconBoxMultiple, IconFileImport, IconPackageImport } from '@tabler/icons-react'
import { DataTable } from 'mantine-datatable'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { RmaListStatus, type RmaRow } from '../../../../shared/contract/rmas'
import { useCall } from '../../api/client'
import { EmptyState } from '../../components/EmptyState'
import { NoStoreOffer } from '../../components/NoStoreOffer'
import { ErrorAlert } from '../../components/ErrorAlert'
import { PageHeader } from '../../components/PageHeader'
import { formatDate, formatDateTime } from '../../format'
import { CodeLabel } from '../../labels'
import { useSelectedStore } from '../../store-context'
import { ImportModal } from './ImportModal'
import { KitsModal } from './KitsModal'
import { RmaDrawer } from './RmaDrawer'
import { StatusBadge } from './StatusBadge'
import { useSearchParams } from 'react-router'
import { pagerWords } from '../../table-words'
import { ProductCell, ProductHeader } from './ProductCell'

const PAGE_SIZES = [25, 50, 100]
type Filters = {
  status: RmaListStatus | null
  from: string | null
  to: string | null
  orderId: string
  rmaNumber: string
  sku: string
  tracking: string
}
const NO_FILTERS: Filters = { status: null, from: null, to: null, orderId: '', rmaNumber: '', sku: '', tracking: '' }
const day = (v: unknown): string | null => (v ? String(v).slice(0, 10) : null)

function DownloadStatus({ storeId }: { storeId: string }) {
  const { t } = useTranslation('rmas')
  const settings = useCall('settings.get', { storeId })
  const schedule = useCall('jobs.schedule', { storeId })
  if (!settings.data) return null
  const job = schedule.data?.find((j) => j.name === 'rmas.download')
  return (
    <Text size="xs" c="dimmed" data-testid="rma-download-status">
      {settings.data.downloadRmaReport
        ? t('download.on', {
            hours: job ? job.intervalMs / 3_600_000 : 4,
            last: formatDateTime(job?.lastSuccessAt),
            next: formatDateTime(job?.nextDueAt)
          })
        : t('download.off')}
    </Text>
  )
}

export function RmasPage() {
  const { t } = useTranslation('rmas')
  const { storeId } = useSelectedStore()
  // A laptop (1366 px) drops the store and Amazon's status (both in the drawer) and puts the tracking
  // number under the order id; a small window also drops Amazon's RMA # and the SKUs under the
  // product's title (which stays, narrower), so the status badge stays whole on one line.
  const wide = useMediaQuery('(min-width: 1500px)', true, { getInitialValueInEffect: false })
  const medium = useMediaQuery('(min-width: 1200px)', true, { getInitialValueInEffect: false })
  const roomy = useMediaQuery('(min-width: 1350px)', true, { getInitialValueInEffect: false })
  const [filters, setFilters] = useState<Filters>(NO_FILTERS)
  const [debounced] = useDebouncedValue(filters, 300)
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(50)
  const [sort, setSort] = useState<{ columnAccessor: string; direction: 'asc' | 'desc' }>({ columnAccessor: 'id', direction: 'desc' })
  // "#/rmas?open=<id>" (a link from Deadlines or a notification) opens that RMA's drawer.
  const [searchParams] = useSearchParams()
  const [openId, setOpenId] = useState<number | null>(() => {
    const v = Number(searchParams.get('open'))
    return Number.isInteger(v) && v > 0 ? v : null
  })
  const [importing, setImporting] = useState(false)
  const [kitsOpen, setKitsOpen] = useState(false)

  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => {
    setFilters((f) => ({ ...f, [k]: v }))
    setPage(1)
  }
  const text = (v: string) => (v.trim() ? v.trim() : undefined)
  const list = useCall(
    'rmas.list',
    {
      ...(storeId ? { storeId } : {}),
      ...(debounced.status ? { status: debounced.status } : {}),
      ...(debounced.from ? { from: debounced.from } : {}),
      ...(debounced.to ? { to: debounced.to } : {}),
      ...(text(debounced.orderId) ? { orderId: text(debounced.orderId) } : {}),
      ...(text(debounced.rmaNumber) ? { rmaNumber: text(debounced.rmaNumber) } : {}),
      ...(text(debounced.sku) ? { sku: text(debounced.sku) } : {}),
      ...(text(debounced.tracking) ? { tracking: text(debounced.tracking) } : {}),
      page,
      pageSize,
      sortBy: sort.columnAccessor as 'id' | 'returnRequestDate' | 'status' | 'amazonOrderId',
      sortDir: sort.direction
    },
    { placeholderData: (prev) => prev }
  )
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS)
  const nothingYet = list.data?.total === 0 && !filtered

  return (
    <>
      <PageHeader
        title={t('title')}
        subtitle={t('subtitle')}
        actions={
          <>
            <Button
              variant="default"
              leftSection={<IconBoxMultiple size={16} />}
              disabled={!storeId}
              onClick={() => setKitsOpen(true)}
              data-testid="rma-kits-open"
            >
              {t('actions.kits')}
            </Button>
            <Button
              leftSection={<IconFileImport size={16} />}
              disabled={!storeId}
              onClick={() => setImporting(true)}
              data-testid="rma-import-open"
            >
              {t('actions.import')}
            </Button>
          </>
        }
      />
      <NoStoreOffer />
      {!storeId && (
        <Text size="sm" c="dimmed" mb="sm" data-testid="rma-pick-store">
          {t('pickStore')}
        </Text>
      )}
      {storeId && (
        <Group mb="sm">
          <DownloadStatus storeId={storeId} />
        </Group>
      )}
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {nothingYet ? (
        <EmptyState
          icon={<IconPackageImport size={28} />}
          title={t('empty.title')}
          body={t('empty.body')}
          testId="rmas-empty"
          action={
            storeId ? (
              <Button leftSection={<IconFileImport size={16} />} onClick={() => setImporting(true)}>
                {t('actions.import')}
              </Button>
            ) : undefined
          }
        />
      ) : (
        <>
          <Paper withBorder p="sm" mb="sm">
            <SimpleGrid cols={{ base: 2, md: 4, lg: 7 }} spacing="xs">
              <Select
                label={t('filters.status')}
                placeholder={t('filters.anyStatus')}
                clearable
                value={filters.status}
                onChange={(v) => set('status', v as RmaListStatus | null)}
                data={RmaListStatus.options.map((s) => ({ value: s, label: t(`status.${s}`) }))}
                data-testid="rma-filter-status"
              />
              <DatePickerInput
                label={t('filters.from')}
                clearable
                valueFormat="YYYY-MM-DD"
                value={filters.from}
                onChange={(v) => set('from', day(v))}
              />
              <DatePickerInput
                label={t('filters.to')}
                clearable
                valueFormat="YYYY-MM-DD"
                value={filters.to}
                onChange={(v) => set('to', day(v))}
              />
              <TextInput
                label={t('filters.orderId')}
                value={filters.orderId}
                onChange={(e) => set('orderId', e.currentTarget.value)}
                data-testid="rma-filter-order"
              />
              <TextInput
                label={t('filters.rmaNumber')}
                value={filters.rmaNumber}
                onChange={(e) => set('rmaNumber', e.currentTarget.value)}
                data-testid="rma-filter-rma"
              />
              <TextInput
                label={t('filters.sku')}
                value={filters.sku}
                onChange={(e) => set('sku', e.currentTarget.value)}
                data-testid="rma-filter-sku"
              />
              <TextInput
                label={t('filters.tracking')}
                value={filters.tracking}
                onChange={(e) => set('tracking', e.currentTarget.value)}
                data-testid="rma-filter-tracking"
              />
            </SimpleGrid>
            {filtered && (
              <Button variant="subtle" size="xs" mt="xs" onClick={() => setFilters(NO_FILTERS)}>
                {t('actions.clearFilters')}
              </Button>
            )}
          </Paper>
          <DataTable<RmaRow>
            withTableBorder
            striped
            highlightOnHover
            minHeight={list.data?.rows.length ? undefined : 180}
            fetching={list.isFetching}
            records={list.data?.rows ?? []}
            totalRecords={list.data?.total ?? 0}
            page={page}
            onPageChange={setPage}
            recordsPerPage={pageSize}
            recordsPerPageOptions={PAGE_SIZES}
            {...pagerWords(t)}
            onRecordsPerPageChange={(n) => {
              setPageSize(n)
              setPage(1)
            }}
            sortStatus={sort}
            onSortStatusChange={(s) => setSort({ columnAccessor: String(s.columnAccessor), direction: s.direction })}
            noRecordsText={t('empty.filtered')}
            onRowClick={({ record }) => setOpenId(record.id)}
            rowStyle={() => ({ cursor: 'pointer' })}
            data-testid="rma-table"
            columns={[
              { accessor: 'id', title: t('columns.id'), sortable: true, width: 104, noWrap: true },
              ...(storeId || !wide ? [] : [{ accessor: 'storeName', title: t('columns.store') }]),
              {
                accessor: 'amazonOrderId',
                // Below 1500 px the tracking number goes under the order id (rows are two lines high
                // for the product's image anyway), so the product's title has room.
                title: wide ? (
                  t('columns.order')
                ) : (
                  <Stack gap={0}>
                    <span>{t('columns.order')}</span>
                    <Text span size="xs" c="dimmed" fw={500}>
                      {t('columns.tracking')}
                    </Text>
                  </Stack>
                ),
                sortable: true,
                noWrap: true,
                render: (r) =>
                  wide ? (
                    r.amazonOrderId
                  ) : (
                    <Stack gap={0}>
                      <Text size="sm">{r.amazonOrderId}</Text>
                      {/* A USPS number (22 digits) is wider than the order id: cut, whole in the tooltip and the drawer. */}
                      <Tooltip label={r.trackingId} disabled={!r.trackingId}>
                        <Text size="xs" c="dimmed" truncate="end" maw={150} data-testid="rma-row-tracking">
                          {r.trackingId ?? '—'}
                        </Text>
                      </Tooltip>
                    </Stack>
                  )
              },
              ...(medium ? [{ accessor: 'orderSourceRmaId', title: t('columns.amazonRma') }] : []),
              {
                accessor: 'status',
                title: t('columns.status'),
                sortable: true,
                render: (r) => <StatusBadge status={r.displayStatus} refund={r.refund} />
              },
              ...(wide
                ? [
                    {
                      accessor: 'returnRequestStatus',
                      title: t('columns.amazonStatus'),
                      render: (r: RmaRow) => <CodeLabel kind="returnStatus" raw={r.returnRequestStatus} />
                    }
                  ]
                : []),
              {
                accessor: 'returnRequestDate',
                title: t('columns.requested'),
                sortable: true,
                noWrap: true,
                render: (r) => formatDate(r.returnRequestDate)
              },
              {
                accessor: 'product',
                title: <ProductHeader t={t} sub={medium ? t('product.skus') : undefined} />,
                // The first item's image and title; below it (not in a small window) the SKUs: the
                // ones beyond the first two are counted, all are in the tooltip.
                render: (r) => (
                  <ProductCell
                    product={r.product}
                    maw={roomy ? 320 : medium ? 210 : 100}
                    sub={
                      medium && (
                        <Tooltip label={r.skus.join(', ')} disabled={r.skus.length <= 2} multiline maw={420}>
                          <Text size="xs" c="dimmed" truncate>
                            {r.skus.length <= 2
                              ? r.skus.join(', ')
                              : `${r.skus.slice(0, 2).join(', ')} ${t('words:more', { count: r.skus.length - 2 })}`}
                          </Text>
                        </Tooltip>
                      )
                    }
                  />
                )
              },
              {
                accessor: 'quantity',
                title: t('columns.quantity'),
                textAlign: 'right',
                render: (r) => `${r.receivedQuantity}/${r.quantity}`
              },
              ...(wide
                ? [{ accessor: 'trackingId', title: t('columns.tracking'), noWrap: true, render: (r: RmaRow) => r.trackingId ?? '—' }]
                : [])
            ]}
          />
        </>
      )}
      <RmaDrawer id={openId} onClose={() => setOpenId(null)} />
      {storeId && <ImportModal storeId={storeId} opened={importing} onClose={() => setImporting(false)} />}
      {storeId && <KitsModal storeId={storeId} opened={kitsOpen} onClose={() => setKitsOpen(false)} />}
    </>
  )
}
