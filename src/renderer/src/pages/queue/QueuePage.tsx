/**
 * Refund / cancellation queue (#6): company (store) filter, queue type, view tabs with counts,
 * search; checkbox selection (or "all N matching"); Process refund / Process cancellation (one
 * feed document per store and feed type) and Reject request. Processed batches fill in their
 * Document Number and Batch ID as they go out; batch history with a drawer per batch.
 * Everything here is local: it works offline, batches wait for the network.
 */
import { Button } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconKeyboard, IconListCheck } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import type { QueueFilter } from '../../../../shared/contract/queue'
import { useCall } from '../../api/client'
import { EmptyState } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { PageHeader } from '../../components/PageHeader'
import { useSelectedStore } from '../../store-context'
import { BatchDrawer } from './BatchDrawer'
import { BatchesPanel } from './BatchesPanel'
import { useQueueLiveRefresh } from './live'
import { ProcessedBatches } from './ProcessedBatches'
import { QueueEntries } from './QueueEntries'
import { QueueFilterBar } from './QueueFilterBar'
import { QueueTabs } from './QueueTabs'
import { useQueueHotkeys } from './hotkeys'
import { ShortcutsOverlay } from './ShortcutsOverlay'
import type { Kind, Tab } from './types'

/** A link from an RMA, hold or order (#/queue?batch=N) opens that batch. */
function useBatchParam(open: (id: number) => void) {
  const [params, setParams] = useSearchParams()
  useEffect(() => {
    const n = Number(params.get('batch'))
    if (Number.isInteger(n) && n > 0) {
      open(n)
      setParams({}, { replace: true })
    }
  }, [params, setParams, open])
}

export function QueuePage() {
  const { t } = useTranslation('queue')
  const { storeId } = useSelectedStore()
  const [kind, setKind] = useState<Kind>('refund')
  const [tab, setTab] = useState<Tab>('queued')
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search.trim(), 300)
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(50)
  const [processed, setProcessed] = useState<{ ids: number[]; skipped: number } | null>(null)
  const [openBatch, setOpenBatch] = useState<number | null>(null)
  useBatchParam(setOpenBatch)
  useQueueLiveRefresh()
  const [help, setHelp] = useState(false)
  // '?' is Shift+/ on most layouts, a key of its own on a few.
  useQueueHotkeys([
    ['shift+?', () => setHelp(true)],
    ['?', () => setHelp(true)]
  ])

  const view = tab === 'batches' ? 'queued' : tab
  const filter: QueueFilter = { kind, view, ...(storeId ? { storeId } : {}), ...(debounced ? { search: debounced } : {}) }
  const list = useCall('queue.list', { ...filter, page, pageSize }, { placeholderData: (prev) => prev })
  // A new filter or tab starts at page 1 (and, QueueEntries being keyed by it, with a new selection).
  const filterKey = JSON.stringify([kind, tab, storeId, debounced])
  useEffect(() => setPage(1), [filterKey])

  const total = list.data?.total ?? 0
  const nothingAtAll = list.data && list.data.counts.all === 0 && !debounced
  const showTotals = kind === 'refund' && tab !== 'batches' && total > 0

  return (
    <>
      <PageHeader
        title={t('title')}
        subtitle={t('subtitle')}
        actions={
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconKeyboard size={16} />}
            onClick={() => setHelp(true)}
            data-testid="queue-shortcuts-open"
          >
            {t('shortcuts.open')}
          </Button>
        }
      />
      <ShortcutsOverlay opened={help} onClose={() => setHelp(false)} />
      <QueueFilterBar
        kind={kind}
        onKind={setKind}
        search={search}
        onSearch={setSearch}
        totals={showTotals ? { count: total, sums: list.data?.totals ?? [] } : null}
      />
      {processed && (
        <ProcessedBatches ids={processed.ids} skipped={processed.skipped} onOpen={setOpenBatch} onDismiss={() => setProcessed(null)} />
      )}
      <QueueTabs tab={tab} onTab={setTab} kind={kind} counts={list.data?.counts} />
      {tab === 'batches' ? (
        <BatchesPanel storeId={storeId} onOpen={setOpenBatch} />
      ) : (
        <>
          {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
          {nothingAtAll ? (
            <EmptyState
              icon={<IconListCheck size={28} />}
              title={t(`empty.${kind}.title`)}
              body={t(`empty.${kind}.body`)}
              testId="queue-empty"
            />
          ) : (
            <QueueEntries
              key={filterKey}
              filter={filter}
              list={list.data}
              fetching={list.isLoading}
              page={page}
              onPage={setPage}
              pageSize={pageSize}
              onPageSize={setPageSize}
              onOpenBatch={setOpenBatch}
              onProcessed={(ids, skipped) => setProcessed({ ids, skipped })}
            />
          )}
        </>
      )}
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
