/**
 * Claims (issue #15): what Amazon still owes, found from the seller's own reports — findings by
 * status, soonest deadline first, totals per currency, a finding's evidence lines and the facts
 * to paste into Seller Central. Findings are computed in main on every read (never stored).
 */
import {
  Anchor,
  Badge,
  Button,
  Code,
  CopyButton,
  Drawer,
  Group,
  MultiSelect,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip
} from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { IconCopy, IconDownload, IconReportMoney } from '@tabler/icons-react'
import { DataTable } from 'mantine-datatable'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import type { ClaimEvidence, ClaimFinding, ClaimStatus, ClaimsFilter, ClaimType } from '../../../../shared/contract/claims'
import { CLAIM_STATUSES, CLAIM_TYPES, reimbursedBy } from '../../../../shared/contract/claims'
import { MARKETPLACES } from '../../../../shared/ids'
import { call, useCall } from '../../api/client'
import { EmptyState } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { ImportDropzone, type StagedFile } from '../../components/ImportDropzone'
import { MoneyText } from '../../components/MoneyText'
import { PageHeader } from '../../components/PageHeader'
import { formatDate, formatDateTime, formatMoney } from '../../format'
import { useSelectedStore } from '../../store-context'
import { LedgerImportModal } from './LedgerImportModal'
import { CreateCaseButton, FindingCaseBadge, useFindingCases } from '../cases/ClaimCases'

const STATUS_COLOR: Record<ClaimStatus, string> = {
  wait: 'gray',
  claimNow: 'teal',
  expiresSoon: 'orange',
  expired: 'red',
  reimbursed: 'blue'
}
const COUNTRY = new Map(Object.values(MARKETPLACES).flatMap((l) => l.map((m) => [m.id, m.country] as const)))
const dash = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v)

/** The facts of a finding as plain text, in the order Seller Central's case form asks for them. */
export function claimFacts(f: ClaimFinding, t: (k: string) => string): string {
  const lines = [
    `${t('facts.type')}: ${t(`type.${f.type}`)}`,
    f.fnsku && `FNSKU: ${f.fnsku}`,
    f.sku && `SKU: ${f.sku}`,
    f.asin && `ASIN: ${f.asin}`,
    f.amazonOrderId && `${t('facts.order')}: ${f.amazonOrderId}`,
    f.fulfillmentCenter && `${t('facts.fc')}: ${f.fulfillmentCenter}`,
    `${t('facts.quantity')}: ${f.quantity}`,
    `${t('facts.eventDate')}: ${f.eventAt.slice(0, 10)}`,
    ...f.evidence
      .filter((e) => e.role === 'event' && e.reference)
      .map((e) => `${t(`evidence.kind.${e.kind}`)} ${t('facts.reference')}: ${e.reference}`),
    f.value && `${t('facts.value')}: ${formatMoney(f.value)}`
  ]
  return lines.filter(Boolean).join('\n')
}

type T = (key: string, options: Record<string, unknown>) => string

/** A line's detail in plain words (reason code, reimbursement reason, disposition); the raw code goes in a tooltip. */
function detailLabel(e: ClaimEvidence, t: T): string {
  const d = e.detail ?? ''
  const group =
    e.kind === 'ledger'
      ? 'reasonCode'
      : e.kind === 'reimbursement'
        ? 'reimbursementReason'
        : e.kind === 'return'
          ? 'disposition'
          : 'refundSource'
  return t(`${group}.${d}`, { defaultValue: d })
}

/** Where a line came from: "ledger.tsv, line 2", or a downloaded report document and its line. */
function sourceText(e: ClaimEvidence, t: T): string {
  if (!e.sourceFile) return t(`evidence.noFile.${e.kind}`, {})
  const report = /^(GET_[A-Z0-9_]+) (\S+)$/.exec(e.sourceFile)
  if (report)
    return t('evidence.reportLine', {
      report: t(`reportType.${report[1]}`, { defaultValue: report[1] }),
      id: report[2],
      line: e.sourceLine ?? '—'
    })
  return t('evidence.line', { file: e.sourceFile, line: e.sourceLine ?? '—' })
}

function FindingDrawer({ finding, onClose }: { finding: ClaimFinding | null; onClose(): void }) {
  const { t } = useTranslation('claims')
  const f = finding
  return (
    <Drawer
      opened={f !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={f ? t(`type.${f.type}`) : ''}
      data-testid="claim-drawer"
    >
      {f && (
        <Stack gap="md">
          <Group gap="xs">
            <Badge color={STATUS_COLOR[f.status]}>{t(`status.${f.status}`)}</Badge>
            <Text size="sm">{t('drawer.window', { opens: formatDateTime(f.opensAt), closes: formatDateTime(f.closesAt) })}</Text>
          </Group>
          {f.status === 'reimbursed' && (
            <Text size="sm" data-testid="claim-reimbursed-by">
              {t('drawer.reimbursedBy')}{' '}
              {reimbursedBy(f).map((id, i) => (
                <span key={id}>
                  {i > 0 && ', '}
                  <Anchor href={`#/reimbursements?reimbursementId=${encodeURIComponent(id)}`} size="sm">
                    {id}
                  </Anchor>
                </span>
              ))}
            </Text>
          )}
          <Text size="xs" c="dimmed" data-testid="claim-rule">
            {t('drawer.rule', { from: formatDate(f.rule.effectiveFrom), sources: f.rule.sources.join(', ') })}
          </Text>
          <Paper withBorder p="sm">
            <Group justify="space-between" mb="xs">
              <Text fw={600} size="sm">
                {t('drawer.facts')}
              </Text>
              <CopyButton value={claimFacts(f, (k) => t(k))}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" leftSection={<IconCopy size={14} />} onClick={copy} data-testid="copy-facts">
                    {copied ? t('drawer.copied') : t('drawer.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Code block data-testid="claim-facts">
              {claimFacts(f, (k) => t(k))}
            </Code>
            {f.valueBasis && (
              <Text size="xs" c="dimmed" mt="xs">
                {t(`basis.${f.valueBasis}`)}
              </Text>
            )}
          </Paper>
          <Text fw={600} size="sm">
            {t('drawer.evidence')}
          </Text>
          <Table striped withTableBorder fz="xs" data-testid="claim-evidence">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('evidence.what')}</Table.Th>
                <Table.Th>{t('evidence.at')}</Table.Th>
                <Table.Th>{t('evidence.quantity')}</Table.Th>
                <Table.Th>{t('evidence.reference')}</Table.Th>
                <Table.Th>{t('evidence.source')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {f.evidence.map((e, i) => (
                <Table.Tr key={i}>
                  <Table.Td>
                    {t(`evidence.kind.${e.kind}`)} · {t(`evidence.role.${e.role}`)}
                    {e.detail && (
                      <Tooltip label={t('evidence.rawCode', { code: e.detail })}>
                        <Text span size="xs" c="dimmed" data-testid="evidence-detail">
                          {' '}
                          ({detailLabel(e, (k, o) => t(k, o))})
                        </Text>
                      </Tooltip>
                    )}
                  </Table.Td>
                  <Table.Td>{formatDateTime(e.at)}</Table.Td>
                  <Table.Td>{e.quantity}</Table.Td>
                  <Table.Td>{dash(e.reference)}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{sourceText(e, (k, o) => t(k, o))}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Drawer>
  )
}

/** Saves a CSV in the browser (browser mode and the desktop window alike: a download). */
function download(csv: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export function ClaimsPage() {
  const { t } = useTranslation('claims')
  const { t: tCases } = useTranslation('cases')
  const { storeId } = useSelectedStore()
  const [status, setStatus] = useState<'all' | ClaimStatus>('all')
  const [types, setTypes] = useState<ClaimType[]>([])
  const [sku, setSku] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [debouncedSku] = useDebouncedValue(sku, 300)
  const [staged, setStaged] = useState<StagedFile | null>(null)
  const [open, setOpen] = useState<ClaimFinding | null>(null)
  const [exporting, setExporting] = useState(false)
  // Store (the app's store switcher), type, SKU and dates are asked of main; the status picks
  // among them here, so each status shows its count for the other filters.
  const filter = useMemo(() => {
    const f: ClaimsFilter = {}
    if (storeId) f.storeId = storeId
    if (types.length) f.types = types
    if (debouncedSku.trim()) f.sku = debouncedSku.trim()
    if (/^\d{4}-\d{2}-\d{2}$/.test(from)) f.from = from
    if (/^\d{4}-\d{2}-\d{2}$/.test(to)) f.to = to
    return f
  }, [storeId, types, debouncedSku, from, to])
  const filtered = Object.keys(filter).some((k) => k !== 'storeId')
  const list = useCall('claims.list', filter, { placeholderData: (prev) => prev })
  const data = list.data
  // "#/claims?finding=<id>" (the Deadlines screen's link) opens that finding once the list has it.
  const [params, setParams] = useSearchParams()
  const wanted = params.get('finding')
  useEffect(() => {
    if (!wanted || !data) return
    const f = data.findings.find((x) => x.id === wanted)
    if (f) setOpen(f)
    setParams(
      (p) => {
        p.delete('finding')
        return p
      },
      { replace: true }
    )
  }, [wanted, data, setParams])
  const findings = (data?.findings ?? []).filter((f) => status === 'all' || f.status === status)
  // Cases (#16): each finding's case, and "Create case" from the selected findings.
  const [selected, setSelected] = useState<ClaimFinding[]>([])
  const caseOf = useFindingCases(data?.findings ?? [])
  const empty = data !== undefined && data.findings.length === 0 && !filtered

  const exportCsv = async () => {
    setExporting(true)
    try {
      const r = await call('claims.exportCsv', { ...filter, ...(status === 'all' ? {} : { statuses: [status] }) })
      download(r.csv, r.fileName)
      notifications.show({ color: 'teal', message: t('export.done', { count: r.rows, file: r.fileName }) })
    } catch (e) {
      notifications.show({ color: 'red', title: t('export.failed'), message: (e as Error).message })
    } finally {
      setExporting(false)
    }
  }

  const importer = (
    <ImportDropzone title={t('import.drop')} hint={t('import.hint')} onStaged={setStaged} testId="claims-dropzone" compact={!empty} />
  )
  return (
    <>
      <PageHeader
        title={t('title')}
        subtitle={t('subtitle')}
        actions={
          <Button
            variant="default"
            leftSection={<IconDownload size={16} />}
            onClick={() => void exportCsv()}
            loading={exporting}
            disabled={findings.length === 0}
            data-testid="claims-export"
          >
            {t('export.button')}
          </Button>
        }
      />
      <LedgerImportModal file={staged} storeId={storeId} onClose={() => setStaged(null)} />
      <FindingDrawer finding={open} onClose={() => setOpen(null)} />
      {list.error && <ErrorAlert error={list.error} />}
      {empty ? (
        <EmptyState
          icon={<IconReportMoney size={28} />}
          title={t('empty.title')}
          body={t('empty.body')}
          testId="claims-empty"
          action={importer}
        />
      ) : (
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
            <Stack gap={4}>
              <Group gap="xs" data-testid="claims-totals">
                <Tooltip label={t('totals.openHint')}>
                  <Text fw={600} size="sm">
                    {t('totals.open')}
                  </Text>
                </Tooltip>
                {data?.openTotals.length === 0 && <Text size="sm">—</Text>}
                {data?.openTotals.map((m) => (
                  <Badge key={m.currency} size="lg" variant="light" color="teal" data-testid={`claims-total-${m.currency}`}>
                    <MoneyText value={m} size="sm" fw={600} />
                  </Badge>
                ))}
              </Group>
              <Group gap="xs" data-testid="claims-expiring">
                <Text size="sm" c="orange">
                  {t('totals.expiring')}
                </Text>
                {data?.expiringTotals.length === 0 && <Text size="sm">—</Text>}
                {data?.expiringTotals.map((m) => (
                  <MoneyText key={m.currency} value={m} size="sm" c="orange" />
                ))}
              </Group>
              {data && (
                <Tooltip label={data.rulesVersion}>
                  <Text size="xs" c="dimmed" data-testid="claims-rules-version">
                    {/* "2026-12-03.fd699ed6": the pack's date in the one date format and its fingerprint; the full id in the tooltip. */}
                    {t('rulesVersion', {
                      date: formatDate(data.rulesVersion.slice(0, 10)),
                      hash: data.rulesVersion.slice(11)
                    })}
                  </Text>
                </Tooltip>
              )}
            </Stack>
            <div style={{ width: 340, maxWidth: '100%' }}>{importer}</div>
          </Group>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <MultiSelect
              label={t('filter.type')}
              placeholder={types.length ? undefined : t('filter.anyType')}
              data={CLAIM_TYPES.map((c) => ({ value: c, label: t(`type.${c}`) }))}
              value={types}
              onChange={(v) => setTypes(v as ClaimType[])}
              clearable
              w={230}
              data-testid="claims-filter-type"
            />
            <TextInput
              label={t('filter.sku')}
              placeholder={t('filter.skuHint')}
              value={sku}
              onChange={(e) => setSku(e.currentTarget.value)}
              w={140}
              data-testid="claims-filter-sku"
            />
            <TextInput
              type="date"
              label={t('filter.from')}
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
              w={140}
              data-testid="claims-filter-from"
            />
            <TextInput
              type="date"
              label={t('filter.to')}
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
              w={140}
              data-testid="claims-filter-to"
            />
            {filtered && (
              <Button
                variant="subtle"
                onClick={() => {
                  setTypes([])
                  setSku('')
                  setFrom('')
                  setTo('')
                }}
                data-testid="claims-filter-clear"
              >
                {t('filter.clear')}
              </Button>
            )}
          </Group>
          <Group justify="space-between" gap="xs">
            <SegmentedControl
              value={status}
              onChange={(v) => setStatus(v as 'all' | ClaimStatus)}
              data={[
                { value: 'all', label: t('status.all', { count: data?.findings.length ?? 0 }) },
                ...CLAIM_STATUSES.map((s) => ({ value: s, label: `${t(`statusShort.${s}`)} (${data?.counts[s] ?? 0})` }))
              ]}
              data-testid="claims-status"
              style={{ alignSelf: 'flex-start', maxWidth: '100%', overflowX: 'auto' }}
            />
            <CreateCaseButton selected={selected} onCreated={() => setSelected([])} />
          </Group>
          <DataTable
            withTableBorder
            striped
            highlightOnHover
            minHeight={180}
            records={findings}
            idAccessor="id"
            fetching={list.isFetching && !data}
            onRowClick={({ record }) => setOpen(record)}
            selectedRecords={selected}
            onSelectedRecordsChange={setSelected}
            noRecordsText={filtered ? t('noneForFilter') : t('noneForStatus')}
            data-testid="claims-table"
            columns={[
              {
                accessor: 'closesAt',
                title: t('col.deadline'),
                noWrap: true,
                render: (f) => (
                  <Stack gap={0}>
                    <Text size="sm">{formatDateTime(f.closesAt)}</Text>
                    {f.status === 'wait' && (
                      <Text size="xs" c="dimmed">
                        {t('col.opens', { at: formatDateTime(f.opensAt) })}
                      </Text>
                    )}
                  </Stack>
                )
              },
              {
                accessor: 'status',
                title: t('col.status'),
                noWrap: true,
                render: (f) => (
                  <Tooltip label={t(`status.${f.status}`)}>
                    <Badge color={STATUS_COLOR[f.status]} variant="light" styles={{ label: { overflow: 'visible' } }}>
                      {t(`statusShort.${f.status}`)}
                    </Badge>
                  </Tooltip>
                )
              },
              {
                accessor: 'type',
                title: t('col.type'),
                render: (f) => (
                  <Stack gap={0}>
                    <Text size="sm">{t(`type.${f.type}`)}</Text>
                    <Text size="xs" c="dimmed">
                      {dash(f.sku)} · {f.amazonOrderId ?? f.fnsku}
                      {f.marketplaceId ? ` · ${COUNTRY.get(f.marketplaceId) ?? f.marketplaceId}` : ''}
                    </Text>
                  </Stack>
                )
              },
              {
                accessor: 'eventAt',
                title: t('col.event'),
                noWrap: true,
                // Narrow windows keep the type readable; the event date is in the drawer and the export.
                visibleMediaQuery: '(min-width: 1200px)',
                render: (f) => formatDate(f.eventAt)
              },
              { accessor: 'quantity', title: t('col.quantity'), textAlign: 'right' },
              {
                accessor: 'value',
                title: t('col.value'),
                textAlign: 'right',
                noWrap: true,
                render: (f) => (f.value ? <MoneyText value={f.value} size="sm" /> : <Text size="sm">{t('col.noValue')}</Text>)
              },
              { accessor: 'storeName', title: t('col.store'), hidden: storeId !== null },
              { accessor: 'case', title: tCases('col.case'), noWrap: true, render: (f) => <FindingCaseBadge c={caseOf.get(f.id)} /> }
            ]}
          />
        </Stack>
      )}
    </>
  )
}
