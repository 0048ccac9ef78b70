/**
 * One view of the queue: the action bar, the "select all N matching" banner and the table. Owns
 * the selection (checked rows, or all matching the filter); remounted per filter (key), so a new
 * filter, kind or view starts a new selection.
 */
import { useEffect, useState } from 'react'
import type { QueueEntryRow } from '../../../../shared/contract/orders'
import type { QueueFilter, QueueSelection } from '../../../../shared/contract/queue'
import { totalsByCurrency } from '../../../../shared/money'
import { QueueActions } from './QueueActions'
import { QueueTable } from './QueueTable'
import { SelectAllBanner } from './SelectAllBanner'
import type { QueueList } from './types'

type Props = {
  filter: QueueFilter
  list: QueueList | undefined
  fetching: boolean
  page: number
  onPage(page: number): void
  pageSize: number
  onPageSize(size: number): void
  onOpenBatch(id: number): void
  onProcessed(batchIds: number[], skipped: number): void
}

export function QueueEntries({ filter, list, fetching, page, onPage, pageSize, onPageSize, onOpenBatch, onProcessed }: Props) {
  const [selected, setSelected] = useState<QueueEntryRow[]>([])
  const [allMatching, setAllMatching] = useState(false)
  useEffect(() => setAllMatching(false), [page, pageSize])
  const clear = () => {
    setSelected([])
    setAllMatching(false)
  }

  const rows = list?.rows ?? []
  const total = list?.total ?? 0
  const selection: QueueSelection | null = allMatching ? { filter } : selected.length ? { ids: selected.map((r) => r.id) } : null
  const selectedCount = allMatching ? total : selected.length
  const pageFullySelected = rows.length > 0 && rows.every((r) => selected.some((s) => s.id === r.id))
  const selectedSums = () =>
    allMatching
      ? (list?.totals ?? [])
      : totalsByCurrency(
          selected.filter((r) => r.totalMinor !== null && r.currency).map((r) => ({ currency: r.currency!, amountMinor: r.totalMinor! }))
        )

  return (
    <>
      <QueueActions
        kind={filter.kind}
        selection={selection}
        selectedCount={selectedCount}
        selectedSums={selectedSums}
        uncertainIds={selected.filter((r) => r.status === 'uncertain').map((r) => r.id)}
        canAct={filter.view === 'queued' || filter.view === 'all'}
        onDone={clear}
        onProcessed={onProcessed}
      />
      {pageFullySelected && total > rows.length && (
        <SelectAllBanner
          pageCount={rows.length}
          total={total}
          allMatching={allMatching}
          onSelectAll={() => setAllMatching(true)}
          onClear={clear}
        />
      )}
      <QueueTable
        rows={rows}
        total={total}
        fetching={fetching}
        page={page}
        onPage={onPage}
        pageSize={pageSize}
        onPageSize={(n) => {
          onPageSize(n)
          onPage(1)
        }}
        selected={selected}
        onSelected={(r) => {
          setSelected(r)
          setAllMatching(false)
        }}
        kind={filter.kind}
        view={filter.view}
        allStores={!filter.storeId}
        onOpenBatch={onOpenBatch}
      />
    </>
  )
}
