/**
 * The reimbursements table's columns, in the order finance reads them (when, how much, why, what,
 * which order), with a column chooser: the columns that don't fit a 1366 px laptop are off by
 * default and can be turned on; the choice is remembered (localStorage, COLUMNS_KEY). The
 * library's own column toggling puts a close mark in every header and hides the choice behind a
 * right click, so the table gets plain `hidden` flags and the menu below instead.
 */
import { ActionIcon, Badge, Button, Checkbox, Menu, Tooltip } from '@mantine/core'
import { IconClockExclamation, IconColumns } from '@tabler/icons-react'
import type { TFunction } from 'i18next'
import { useLocalStorage } from '@mantine/hooks'
import type { DataTableColumn } from 'mantine-datatable'
import { memo, useMemo, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { Output } from '../../../../shared/contract'
import { LazyTooltip } from '../../components/LazyTooltip'
import { MoneySpan } from '../../components/MoneyText'
import { formatDateTime } from '../../format'
import { REASON_COLORS } from './MonthlyChart'

export type Row = Output<'reimbursements.list'>['rows'][number]
const COLUMNS_KEY = 'reimbursements-columns'

const dash = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v)
const money = (amountMinor: number | null, currency: string) =>
  amountMinor === null ? '—' : <MoneySpan value={{ amountMinor, currency }} />

type Opts = {
  t: TFunction
  storeId: string | null
  product(r: Row): ReactNode
  onOrder(o: { storeId: string; amazonOrderId: string }): void
}

type Col = DataTableColumn<Row> & { accessor: string; optional?: boolean }

function columnList({ t, storeId, product, onOrder }: Opts): Col[] {
  const optional = { optional: true }
  return [
    {
      accessor: 'reimbursedAt',
      title: t('col.time'),
      sortable: true,
      // Plain elements in the cells (not Group / Text): a page is 50 rows of them on every click.
      render: (r) => (
        <span style={{ whiteSpace: 'nowrap', display: 'inline-flex', alignItems: 'center', gap: 4 }}>
          {formatDateTime(r.reimbursedAt)}
          {r.timeFromApproval && (
            <LazyTooltip label={t('col.approvalTimeHint')}>
              <IconClockExclamation size={14} color="var(--mantine-color-dimmed)" data-testid="approval-time-mark" />
            </LazyTooltip>
          )}
        </span>
      )
    },
    {
      accessor: 'amountTotal',
      title: t('col.amountTotal'),
      sortable: true,
      textAlign: 'right',
      noWrap: true,
      render: (r) => money(r.amountTotalMinor, r.currency)
    },
    {
      accessor: 'reasonCategory',
      title: t('col.reason'),
      render: (r) => (
        <LazyTooltip label={r.reason || '—'}>
          <Badge
            variant="light"
            color={REASON_COLORS[r.reasonCategory].split('.')[0]}
            styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible' } }}
            style={{ maxWidth: 'none' }}
          >
            {t(`reason.${r.reasonCategory}`)}
          </Badge>
        </LazyTooltip>
      )
    },
    { accessor: 'orderStatus', title: t('col.orderStatus'), render: (r) => dash(r.orderStatus) },
    {
      accessor: 'amazonOrderId',
      title: t('col.orderId'),
      render: (r) =>
        r.amazonOrderId ? (
          <Button
            variant="subtle"
            size="compact-sm"
            px={4}
            onClick={() => onOrder({ storeId: r.storeId, amazonOrderId: r.amazonOrderId! })}
            data-testid="order-link"
          >
            {r.amazonOrderId}
          </Button>
        ) : (
          '—'
        )
    },
    { accessor: 'product', title: t('col.product'), render: product, width: 230 },
    { accessor: 'quantityTotal', title: t('col.quantityTotal'), textAlign: 'right' },
    { accessor: 'storeName', title: t('col.store'), hidden: storeId !== null },
    { accessor: 'reimbursementId', title: t('col.reimbursementId'), sortable: true, noWrap: true },
    { accessor: 'caseId', title: t('col.caseId'), ...optional, render: (r) => dash(r.caseId) },
    { accessor: 'initiatedBy', title: t('col.initiatedBy'), ...optional, render: (r) => t(`initiatedBy.${r.initiatedBy}`) },
    { accessor: 'marketplace', title: t('col.marketplace'), ...optional, render: (r) => dash(r.marketplace) },
    { accessor: 'quantityCash', title: t('col.quantityCash'), ...optional, textAlign: 'right' },
    { accessor: 'quantityInventory', title: t('col.quantityInventory'), ...optional, textAlign: 'right' },
    {
      accessor: 'amountPerUnit',
      title: t('col.amountPerUnit'),
      ...optional,
      textAlign: 'right',
      render: (r) => money(r.amountPerUnitMinor, r.currency)
    },
    {
      accessor: 'originalReimbursementId',
      title: t('col.originalReimbursementId'),
      ...optional,
      render: (r) => dash(r.originalReimbursementId)
    },
    {
      accessor: 'originalReimbursementType',
      title: t('col.reimbursementType'),
      ...optional,
      render: (r) => dash(r.originalReimbursementType)
    }
  ]
}

/**
 * One cell, rendered again only when its row or its column changes. The table re-renders every
 * row on each change of its props (fetching on/off, a filter typed, the count arriving); without
 * this, 50 rows of Mantine tooltips, badges and hover cards are rebuilt each time, which is most of
 * the time between a click and the new rows on screen.
 */
const MemoCell = memo(function MemoCell({ r, render }: { r: Row; render: (r: Row) => ReactNode }) {
  return <>{render(r)}</>
})

/** The table's columns after the user's choice, and the choice. */
export function useReimbursementColumns(opts: Opts) {
  const { t, storeId, product, onOrder } = opts
  // Built once per language / store / callbacks: stable render functions keep MemoCell's memo valid.
  const all = useMemo(
    () =>
      columnList({ t, storeId, product, onOrder }).map((c) => {
        const render = c.render
        return render ? { ...c, render: (r: Row) => <MemoCell r={r} render={render as (r: Row) => ReactNode} /> } : c
      }),
    [t, storeId, product, onOrder]
  )
  const defaults = all.filter((c) => !c.optional).map((c) => c.accessor)
  const [shown, setShown] = useLocalStorage<string[]>({ key: COLUMNS_KEY, defaultValue: defaults, getInitialValueInEffect: false })
  const on = (c: Col) => shown.includes(c.accessor)
  const columns = useMemo(
    () => all.map(({ optional: _o, ...c }) => ({ ...c, hidden: Boolean(c.hidden) || !shown.includes(c.accessor) })),
    [all, shown]
  )
  return {
    columns,
    choices: all.filter((c) => !c.hidden).map((c) => ({ accessor: c.accessor, title: c.title, on: on(c) })),
    set: (accessor: string, value: boolean) =>
      setShown((s) => (value ? [...s.filter((a) => a !== accessor), accessor] : s.filter((a) => a !== accessor))),
    reset: () => setShown(defaults)
  }
}

/** "Columns" menu: one checkbox per column, and back to the default set. */
export function ColumnsMenu({ columns }: { columns: ReturnType<typeof useReimbursementColumns> }) {
  const { t } = useTranslation('reimbursements')
  return (
    <Menu closeOnItemClick={false} position="bottom-end" withinPortal>
      <Menu.Target>
        <Tooltip label={t('columns.choose')}>
          <ActionIcon variant="default" size="lg" aria-label={t('columns.choose')} data-testid="columns-menu">
            <IconColumns size={18} />
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown data-testid="columns-dropdown">
        <Menu.Label>{t('columns.choose')}</Menu.Label>
        {columns.choices.map((c) => (
          <Menu.Item key={c.accessor}>
            <Checkbox
              size="xs"
              label={c.title}
              checked={c.on}
              data-testid={`column-toggle-${c.accessor}`}
              onChange={(e) => columns.set(c.accessor, e.currentTarget.checked)}
            />
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item onClick={columns.reset} data-testid="columns-reset">
          {t('columns.reset')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  )
}
