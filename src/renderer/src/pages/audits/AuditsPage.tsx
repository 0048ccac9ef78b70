/**
 * Audits (issue #16): a recovery service's statement checked line by line against the
 * reimbursements (not found, amount differs, paid by Amazon on its own, reversed later, charged
 * twice) with the fees at stake per currency and a CSV of the disputed lines; and the
 * reimbursements of pre-order losses paid below the seller's manufacturing cost.
 */
import { ActionIcon, Anchor, Badge, Button, Chip, Group, Select, Stack, Tabs, Text, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconDownload, IconFileInvoice, IconReceiptOff, IconTrash } from '@tabler/icons-react'
import { DataTable } from 'mantine-datatable'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { DISCREPANCY_KINDS, type DiscrepancyKind } from '../../../../shared/contract/audits'
import type { Money } from '../../../../shared/money'
import { call, useCall, useCallMutation } from '../../api/client'
import { EmptyState } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { ImportDropzone, type StagedFile } from '../../components/ImportDropzone'
import { MoneyText } from '../../components/MoneyText'
import { PageHeader } from '../../components/PageHeader'
import { formatDate, formatMoney } from '../../format'
import { useSelectedStore } from '../../store-context'
import { StatementImportModal } from './StatementImportModal'

const KIND_COLOR: Record<DiscrepancyKind, string> = {
  notFound: 'red',
  amountDiffers: 'orange',
  noCase: 'grape',
  reversed: 'yellow',
  duplicate: 'pink'
}

function download(r: { fileName: string; csv: string }) {
  const url = URL.createObjectURL(new Blob([r.csv], { type: 'text/csv;charset=utf-8' }))
  const a = document.createElement('a')
  a.href = url
  a.download = r.fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

function Totals(props: { label: string; values: Money[]; color?: string; testId: string }) {
  return (
    <Group gap={6} data-testid={props.testId} wrap="nowrap">
      <Text size="sm" fw={600}>
        {props.label}
      </Text>
      {props.values.length === 0 && <Text size="sm">—</Text>}
      {props.values.map((m) => (
        <Badge key={m.currency} variant="light" color={props.color ?? 'gray'} size="lg" data-testid={`${props.testId}-${m.currency}`}>
          <MoneyText value={m} size="sm" fw={600} />
        </Badge>
      ))}
    </Group>
  )
}

function StatementsTab() {
  const { t } = useTranslation('audits')
  const { storeId } = useSelectedStore()
  const [staged, setStaged] = useState<StagedFile | null>(null)
  const [selected, setSelected] = useState<number | null>(null)
  const [kinds, setKinds] = useState<DiscrepancyKind[]>([])
  const [disputedOnly, setDisputedOnly] = useState(true)
  const statements = useCall('audits.statements', storeId ? { storeId } : {})
  const list = statements.data ?? []
  // The newest statement is shown until the user picks another (or the picked one goes away).
  useEffect(() => {
    if (statements.data && !statements.data.some((s) => s.id === selected)) setSelected(statements.data[0]?.id ?? null)
  }, [statements.data, selected])
  const audit = useCall(
    'audits.statement',
    { statementId: selected ?? 1, ...(kinds.length ? { kinds } : {}) },
    { enabled: selected !== null, placeholderData: (p) => p }
  )
  const remove = useCallMutation('audits.removeStatement', { invalidates: ['audits'] })
  const a = selected !== null ? audit.data : undefined
  const lines = (a?.lines ?? []).filter((l) => !disputedOnly || l.kinds.length > 0)
  const exportCsv = async () => {
    try {
      const r = await call('audits.exportStatement', { statementId: selected!, ...(kinds.length ? { kinds } : {}) })
      download(r)
      notifications.show({ color: 'teal', message: t('statements.exported', { count: r.rows, file: r.fileName }) })
    } catch (e) {
      notifications.show({ color: 'red', title: t('statements.exportFailed'), message: (e as Error).message })
    }
  }
  const modal = <StatementImportModal file={staged} storeId={storeId} onClose={() => setStaged(null)} onImported={setSelected} />
  if (statements.data && list.length === 0)
    return (
      <>
        {modal}
        <EmptyState
          icon={<IconFileInvoice size={28} />}
          title={t('statements.empty.title')}
          body={t('statements.empty.body')}
          testId="statements-empty"
          action={
            <ImportDropzone title={t('statements.drop')} hint={t('statements.hint')} onStaged={setStaged} testId="statement-dropzone" />
          }
        />
      </>
    )
  return (
    <Stack gap="sm">
      {modal}
      {statements.error && <ErrorAlert error={statements.error} />}
      {audit.error && <ErrorAlert error={audit.error} />}
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <Group align="flex-end" gap="xs" wrap="nowrap" style={{ flex: 1, minWidth: 0 }}>
          <Select
            label={t('statements.pick')}
            placeholder={t('statements.pickPlaceholder')}
            data={list.map((s) => ({
              value: String(s.id),
              label: t('statements.option', { service: s.service, file: s.fileName, date: formatDate(s.importedAt) })
            }))}
            value={selected === null ? null : String(selected)}
            allowDeselect={false}
            onChange={(v) => v && setSelected(Number(v))}
            style={{ flex: 1, maxWidth: 420, minWidth: 200 }}
            data-testid="statement-pick"
          />
          <Tooltip label={t('statements.remove')}>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={t('statements.remove')}
              disabled={selected === null}
              onClick={() => {
                if (selected !== null && window.confirm(t('statements.removeConfirm'))) void remove.mutateAsync({ statementId: selected })
              }}
              data-testid="statement-remove"
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
        <div style={{ width: 320, maxWidth: '100%' }}>
          <ImportDropzone
            title={t('statements.drop')}
            hint={t('statements.hint')}
            onStaged={setStaged}
            testId="statement-dropzone"
            compact
          />
        </div>
      </Group>
      {a && (
        <>
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Group gap="lg" wrap="wrap">
              <Text size="sm" data-testid="statement-disputed">
                {t('statements.disputed', { disputed: a.disputed, lines: a.statement?.lines ?? 0 })}
              </Text>
              <Totals label={t('statements.feeCharged')} values={a.totals.fee} testId="statement-fee" />
              <Totals label={t('statements.feeAtStake')} values={a.totals.feeAtStake} color="orange" testId="statement-at-stake" />
            </Group>
            <Button
              variant="default"
              size="xs"
              leftSection={<IconDownload size={14} />}
              onClick={() => void exportCsv()}
              disabled={a.disputed === 0}
              data-testid="statement-export"
            >
              {t('statements.export')}
            </Button>
          </Group>
          <Group gap="xs" wrap="wrap">
            <Chip size="xs" checked={disputedOnly} onChange={setDisputedOnly} data-testid="statement-disputed-only">
              {t('statements.disputedOnly')}
            </Chip>
            <Chip.Group multiple value={kinds} onChange={(v) => setKinds(v as DiscrepancyKind[])}>
              {DISCREPANCY_KINDS.map((k) => (
                <Tooltip key={k} label={t(`kindHint.${k}`)} multiline w={260}>
                  <Chip size="xs" value={k} color={KIND_COLOR[k]} data-testid={`statement-kind-${k}`}>
                    {t(`kind.${k}`)} ({a.counts[k]})
                  </Chip>
                </Tooltip>
              ))}
            </Chip.Group>
          </Group>
          <DataTable
            withTableBorder
            striped
            minHeight={160}
            records={lines}
            idAccessor="line"
            noRecordsText={t('statements.noLines')}
            data-testid="statement-lines"
            columns={[
              { accessor: 'line', title: t('col.line'), width: 60 },
              {
                accessor: 'ids',
                title: `${t('col.reimbursementId')} / ${t('col.caseId')}`,
                render: (l) => (
                  <Stack gap={0}>
                    <Text size="sm">{l.reimbursementId ?? '—'}</Text>
                    <Text size="xs" c="dimmed">
                      {l.caseId ?? '—'}
                    </Text>
                  </Stack>
                )
              },
              {
                accessor: 'amount',
                title: t('col.amountPaid'),
                textAlign: 'right',
                render: (l) => (
                  <Stack gap={0} align="flex-end">
                    <MoneyText value={l.amount} size="sm" />
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      {l.paid ? t('col.paidWas', { amount: formatMoney(l.paid.amount) }) : '—'}
                    </Text>
                    {l.paid?.reversed && (
                      <Text size="xs" c="red" style={{ whiteSpace: 'nowrap' }}>
                        {t('col.reversed', { amount: formatMoney(l.paid.reversed) })}
                      </Text>
                    )}
                  </Stack>
                )
              },
              { accessor: 'fee', title: t('col.fee'), textAlign: 'right', render: (l) => <MoneyText value={l.fee} size="sm" /> },
              {
                accessor: 'kinds',
                title: t('col.kinds'),
                render: (l) =>
                  l.kinds.length === 0 ? (
                    <Text size="sm" c="teal">
                      {t('col.ok')}
                    </Text>
                  ) : (
                    <Stack gap={2}>
                      <Group gap={4}>
                        {l.kinds.map((k) => (
                          <Tooltip key={k} label={t(`kindHint.${k}`)} multiline w={260}>
                            <Badge size="sm" variant="light" tt="none" color={KIND_COLOR[k]} styles={{ label: { overflow: 'visible' } }}>
                              {t(`kind.${k}`)}
                            </Badge>
                          </Tooltip>
                        ))}
                      </Group>
                      {l.duplicateOf && (
                        <Text size="xs" c="dimmed">
                          {t('col.firstCharged', { line: l.duplicateOf.line, file: l.duplicateOf.fileName })}
                        </Text>
                      )}
                    </Stack>
                  )
              },
              {
                accessor: 'feeAtStake',
                title: t('col.feeAtStake'),
                textAlign: 'right',
                render: (l) => (l.feeAtStake ? <MoneyText value={l.feeAtStake} size="sm" fw={600} c="orange.8" /> : '—')
              }
            ]}
          />
        </>
      )}
    </Stack>
  )
}

function BelowCostTab() {
  const { t } = useTranslation('audits')
  const navigate = useNavigate()
  const { storeId } = useSelectedStore()
  const below = useCall('audits.belowCost', storeId ? { storeId } : {})
  const d = below.data
  const exportCsv = async () => {
    try {
      const r = await call('audits.exportBelowCost', storeId ? { storeId } : {})
      download(r)
      notifications.show({ color: 'teal', message: t('statements.exported', { count: r.rows, file: r.fileName }) })
    } catch (e) {
      notifications.show({ color: 'red', title: t('statements.exportFailed'), message: (e as Error).message })
    }
  }
  const toCosts = (
    <Anchor size="sm" onClick={() => void navigate('/costs')} data-testid="below-cost-to-costs">
      {t('belowCost.toCosts')}
    </Anchor>
  )
  if (below.error) return <ErrorAlert error={below.error} />
  if (d && d.rows.length === 0)
    return (
      <EmptyState
        icon={<IconReceiptOff size={28} />}
        title={t('belowCost.empty.title')}
        body={t('belowCost.empty.body')}
        testId="below-cost-empty"
        action={toCosts}
      />
    )
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('belowCost.intro', { date: d ? formatDate(d.valuationFrom) : '' })}
      </Text>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Totals label={t('belowCost.total')} values={d?.totals ?? []} color="orange" testId="below-cost-total" />
        <Group gap="sm">
          {toCosts}
          <Button
            variant="default"
            size="xs"
            leftSection={<IconDownload size={14} />}
            onClick={() => void exportCsv()}
            data-testid="below-cost-export"
          >
            {t('belowCost.export')}
          </Button>
        </Group>
      </Group>
      <DataTable
        withTableBorder
        striped
        minHeight={160}
        records={d?.rows ?? []}
        idAccessor={(r) => `${r.storeId}\t${r.reimbursementId}\t${r.sku}`}
        fetching={below.isFetching && !d}
        data-testid="below-cost-table"
        columns={[
          {
            accessor: 'reimbursementId',
            title: t('col.reimbursementId'),
            render: (r) => (
              <Stack gap={0}>
                <Text size="sm">{r.reimbursementId}</Text>
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {formatDate(r.approvedAt)} · {r.caseId ?? '—'}
                </Text>
              </Stack>
            )
          },
          { accessor: 'storeName', title: t('col.store'), hidden: storeId !== null },
          {
            accessor: 'sku',
            title: `${t('col.sku')} / ${t('col.reason')}`,
            render: (r) => (
              <Stack gap={0}>
                <Text size="sm">{r.sku}</Text>
                <Tooltip label={r.reason}>
                  <Text size="xs" c="dimmed">
                    {t(`reason.${r.reason}`, { defaultValue: t(`reason.${r.reasonCategory}`, { defaultValue: r.reason }) })}
                  </Text>
                </Tooltip>
              </Stack>
            )
          },
          { accessor: 'quantity', title: t('col.units'), textAlign: 'right' },
          {
            accessor: 'paidPerUnit',
            title: t('col.paidPerUnit'),
            textAlign: 'right',
            render: (r) => <MoneyText value={r.paidPerUnit} size="sm" />
          },
          {
            accessor: 'costPerUnit',
            title: t('col.costPerUnit'),
            textAlign: 'right',
            render: (r) => (
              <Stack gap={0} align="flex-end">
                <MoneyText value={r.costPerUnit} size="sm" />
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {t('col.costFrom', { date: r.costFromDate })}
                </Text>
              </Stack>
            )
          },
          {
            accessor: 'differenceTotal',
            title: t('col.diffTotal'),
            textAlign: 'right',
            render: (r) => (
              <Stack gap={0} align="flex-end">
                <MoneyText value={r.differenceTotal} size="sm" fw={600} c="orange.8" />
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {t('col.diffPerUnitOf', { amount: formatMoney(r.differencePerUnit) })}
                </Text>
              </Stack>
            )
          }
        ]}
      />
    </Stack>
  )
}

export function AuditsPage() {
  const { t } = useTranslation('audits')
  const [tab, setTab] = useState<string | null>('statements')
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="sm">
          <Tabs.Tab value="statements" data-testid="audits-tab-statements">
            {t('tabs.statements')}
          </Tabs.Tab>
          <Tabs.Tab value="belowCost" data-testid="audits-tab-below-cost">
            {t('tabs.belowCost')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="statements">
          <StatementsTab />
        </Tabs.Panel>
        <Tabs.Panel value="belowCost">
          <BelowCostTab />
        </Tabs.Panel>
      </Tabs>
    </>
  )
}
