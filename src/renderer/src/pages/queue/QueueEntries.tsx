/**
 * One view of the queue: the action bar, the "select all N matching" banner and the table. Owns
 * the selection (checked rows, or all matching the filter); remounted per filter (key), so a new
 * filter, kind or view starts a new selection.
 */
import { useEffect, useState } from 'react'
import { useQueueHotkeys } from './hotkeys'
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
  // The keyboard's row (J/K, arrows); X or Space selects it.
  const [cursor, setCursor] = useState<number | null>(null)
  const at = cursor === null ? null : Math.min(cursor, rows.length - 1)
  const move = (by: number) => {
    if (rows.length === 0) return
    setCursor(at === null ? (by > 0 ? 0 : rows.length - 1) : Math.max(0, Math.min(rows.length - 1, at + by)))
  }
  useEffect(() => {
    document.querySelector('[data-testid=queue-table] tr[data-cursor=true]')?.scrollIntoView({ block: 'nearest' })
  }, [at])
  const toggle = () => {
    const r = at === null ? undefined : rows[at]
    if (!r) return
    setAllMatching(false)
    setSelected((sel) => (sel.some((s) => s.id === r.id) ? sel.filter((s) => s.id !== r.id) : [...sel, r]))
  }
  useQueueHotkeys([
    ['j', () => move(1)],
    ['ArrowDown', () => move(1)],
    ['k', () => move(-1)],
    ['ArrowUp', () => move(-1)],
    ['x', toggle],
    ['space', toggle],
    [
      'shift+a',
      () => {
        setSelected(rows)
        setAllMatching(total > rows.length)
      }
    ],
    ['Escape', clear]
  ])
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
        cursor={at}
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
