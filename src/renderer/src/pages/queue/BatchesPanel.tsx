/** Batch history: every batch with its state, Document Number and Batch ID; click opens the drawer. */
import { Text } from '@mantine/core'
import { DataTable } from 'mantine-datatable'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { BatchSummary } from '../../../../shared/contract/orders'
import { useCall } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatDateTime } from '../../format'
import { BatchStateBadge, isFinalBatch } from './BatchStateBadge'
import { pagerWords } from '../../table-words'

export function BatchesPanel({ storeId, onOpen }: { storeId: string | null; onOpen(id: number): void }) {
  const { t } = useTranslation('queue')
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const list = useCall(
    'queue.batches',
    { ...(storeId ? { storeId } : {}), page, pageSize },
    { placeholderData: (prev) => prev, refetchInterval: (q) => (q.state.data?.rows.some((b) => !isFinalBatch(b.state)) ? 2000 : false) }
  )
  return (
    <>
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <DataTable<BatchSummary>
        withTableBorder
        striped
        highlightOnHover
        minHeight={list.data?.rows.length ? undefined : 180}
        fetching={list.isFetching && !list.data}
        records={list.data?.rows ?? []}
        totalRecords={list.data?.total ?? 0}
        page={page}
        onPageChange={setPage}
        recordsPerPage={pageSize}
        recordsPerPageOptions={[20, 50, 100]}
        {...pagerWords(t)}
        onRecordsPerPageChange={(n) => {
          setPageSize(n)
          setPage(1)
        }}
        noRecordsText={t('batches.empty')}
        onRowClick={({ record }) => onOpen(record.id)}
        rowStyle={() => ({ cursor: 'pointer' })}
        data-testid="batches-table"
        columns={[
          { accessor: 'id', title: '#', width: 60 },
          ...(storeId ? [] : [{ accessor: 'storeName', title: t('columns.store') }]),
          { accessor: 'kind', title: t('columns.type'), render: (b) => t(`kind.${b.kind}`) },
          { accessor: 'state', title: t('columns.status'), render: (b) => <BatchStateBadge batch={b} /> },
          {
            accessor: 'feedDocumentId',
            title: t('batch.documentNumber'),
            render: (b) => (
              <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
                {b.feedDocumentId ?? '—'}
              </Text>
            )
          },
          {
            accessor: 'feedId',
            title: t('batch.batchId'),
            render: (b) => (
              <Text size="xs" ff="monospace">
                {b.feedId ?? '—'}
              </Text>
            )
          },
          {
            accessor: 'messageCount',
            title: t('batch.entries'),
            textAlign: 'right',
            render: (b) => t('batch.countsShort', { total: b.messageCount, ok: b.okCount, errors: b.errorCount })
          },
          { accessor: 'createdAt', title: t('batch.created'), render: (b) => formatDateTime(b.createdAt) },
          { accessor: 'retryOf', title: t('batch.retryOf'), render: (b) => (b.retryOf ? `#${b.retryOf}` : '') }
        ]}
      />
    </>
  )
}
