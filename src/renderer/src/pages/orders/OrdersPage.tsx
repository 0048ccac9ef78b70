/** Orders: search by order id or SKU, store and status filters, server-side paging; a row opens the detail page. */
import { Group, Paper, Select, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconReceipt, IconSearch } from '@tabler/icons-react'
import { DataTable } from 'mantine-datatable'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import type { OrderSummary } from '../../../../shared/contract/orders'
import { useCall } from '../../api/client'
import { EmptyState } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { MoneyText } from '../../components/MoneyText'
import { PageHeader } from '../../components/PageHeader'
import { formatDateTime } from '../../format'
import { useSelectedStore } from '../../store-context'
import { OrderBadges } from './OrderBadges'
import { pagerWords } from '../../table-words'

const STATUSES = ['Unshipped', 'Shipped', 'PartiallyShipped', 'Pending', 'Canceled', 'On Hold', 'Cancelled'] as const

export function OrdersPage() {
  const { t } = useTranslation('orders')
  const navigate = useNavigate()
  const { storeId, setStoreId } = useSelectedStore()
  const stores = useCall('stores.list', {})
  const [search, setSearch] = useState('')
  const [status, setStatus] = useState<string | null>(null)
  const [debounced] = useDebouncedValue(search.trim(), 300)
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(50)
  useEffect(() => setPage(1), [storeId, debounced, status])
  const list = useCall(
    'orders.list',
    { ...(storeId ? { storeId } : {}), ...(debounced ? { search: debounced } : {}), ...(status ? { status } : {}), page, pageSize },
    { placeholderData: (prev) => prev }
  )
  const nothingYet = list.data?.total === 0 && !debounced && !status
  const open = (o: OrderSummary) => navigate(`/orders/${encodeURIComponent(o.storeId)}/${encodeURIComponent(o.amazonOrderId)}`)

  return (
    <>
      <PageHeader title={t('list.title')} subtitle={t('list.subtitle')} />
      <Paper withBorder p="sm" mb="sm">
        <Group gap="sm" align="flex-end">
          <TextInput
            label={t('list.search')}
            placeholder={t('list.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            w={320}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            data-testid="orders-search"
          />
          <Select
            label={t('list.store')}
            w={220}
            allowDeselect={false}
            value={storeId ?? 'all'}
            onChange={(v) => setStoreId(!v || v === 'all' ? null : v)}
            data={[{ value: 'all', label: t('list.allStores') }, ...(stores.data ?? []).map((s) => ({ value: s.id, label: s.name }))]}
            data-testid="orders-filter-store"
          />
          <Select
            label={t('list.status')}
            placeholder={t('list.anyStatus')}
            w={180}
            clearable
            value={status}
            onChange={setStatus}
            data={STATUSES.map((s) => ({ value: s, label: t(`amazonStatus.${s}`, { defaultValue: s }) }))}
            data-testid="orders-filter-status"
          />
        </Group>
      </Paper>
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {nothingYet ? (
        <EmptyState icon={<IconReceipt size={28} />} title={t('list.empty.title')} body={t('list.empty.body')} testId="orders-empty" />
      ) : (
        <DataTable<OrderSummary>
          withTableBorder
          striped
          highlightOnHover
          minHeight={list.data?.rows.length ? undefined : 200}
          fetching={list.isLoading}
          records={list.data?.rows ?? []}
          totalRecords={list.data?.total ?? 0}
          page={page}
          onPageChange={setPage}
          recordsPerPage={pageSize}
          recordsPerPageOptions={[25, 50, 100]}
          {...pagerWords(t)}
          onRecordsPerPageChange={(n) => {
            setPageSize(n)
            setPage(1)
          }}
          noRecordsText={t('list.empty.filtered')}
          onRowClick={({ record }) => open(record)}
          rowStyle={() => ({ cursor: 'pointer' })}
          idAccessor="id"
          data-testid="orders-table"
          columns={[
            {
              accessor: 'amazonOrderId',
              title: t('list.columns.order'),
              render: (o) => (
                <Text size="sm" ff="monospace">
                  {o.amazonOrderId}
                </Text>
              )
            },
            ...(storeId ? [] : [{ accessor: 'storeName', title: t('list.columns.store') }]),
            { accessor: 'purchaseDate', title: t('list.columns.purchased'), render: (o) => formatDateTime(o.purchaseDate) },
            { accessor: 'status', title: t('list.columns.status'), render: (o) => <OrderBadges order={o} /> },
            { accessor: 'itemCount', title: t('list.columns.items'), textAlign: 'right' },
            {
              accessor: 'orderTotalMinor',
              title: t('list.columns.total'),
              textAlign: 'right',
              render: (o) =>
                o.orderTotalMinor !== null && o.currency ? (
                  <MoneyText value={{ amountMinor: o.orderTotalMinor, currency: o.currency }} size="sm" />
                ) : (
                  '—'
                )
            }
          ]}
        />
      )}
    </>
  )
}
