/**
 * Cases (#16): every case filed (or to file) from claim findings, by state, with its drawer
 * ("#/cases?case=<id>" opens one: the Claims screen's "Create case" lands there).
 */
import { Chip, Group, Stack, Text } from '@mantine/core'
import { IconFileDescription } from '@tabler/icons-react'
import { DataTable } from 'mantine-datatable'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { CASE_STATES, type CaseState } from '../../../../shared/contract/cases'
import { useCall } from '../../api/client'
import { EmptyState } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { MoneyText } from '../../components/MoneyText'
import { PageHeader } from '../../components/PageHeader'
import { formatDateTime } from '../../format'
import { useSelectedStore } from '../../store-context'
import { CASE_STATE_COLOR, CaseDrawer, CaseStateBadge } from './CaseDrawer'

export function CasesPage() {
  const { t } = useTranslation('cases')
  const { t: tClaims } = useTranslation('claims')
  const { storeId } = useSelectedStore()
  const [state, setState] = useState<'all' | CaseState>('all')
  const [params, setParams] = useSearchParams()
  const open = params.get('case') ? Number(params.get('case')) : null
  const setOpen = (id: number | null) =>
    setParams(
      (p) => {
        if (id === null) p.delete('case')
        else p.set('case', String(id))
        return p
      },
      { replace: true }
    )
  const list = useCall('cases.list', storeId ? { storeId } : {}, { placeholderData: (prev) => prev })
  const data = list.data
  const rows = (data?.cases ?? []).filter((c) => state === 'all' || c.state === state)
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <CaseDrawer id={open} onClose={() => setOpen(null)} />
      {list.error && <ErrorAlert error={list.error} />}
      {data && data.cases.length === 0 ? (
        <EmptyState icon={<IconFileDescription size={28} />} title={t('empty.title')} body={t('empty.body')} testId="cases-empty" />
      ) : (
        <Stack gap="sm">
          <Chip.Group multiple={false} value={state} onChange={(v) => setState(v as 'all' | CaseState)}>
            <Group gap={6} data-testid="cases-state">
              <Chip value="all" size="sm">
                {t('filter.all', { count: data?.cases.length ?? 0 })}
              </Chip>
              {CASE_STATES.map((s) => (
                <Chip key={s} value={s} size="sm" color={CASE_STATE_COLOR[s]}>
                  {`${t(`state.${s}`)} (${data?.counts[s] ?? 0})`}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
          <DataTable
            withTableBorder
            striped
            highlightOnHover
            minHeight={180}
            records={rows}
            idAccessor="id"
            fetching={list.isFetching && !data}
            onRowClick={({ record }) => setOpen(record.id)}
            noRecordsText={t('noneForState')}
            data-testid="cases-table"
            columns={[
              { accessor: 'id', title: t('col.id'), render: (c) => `#${c.id}`, width: 60 },
              { accessor: 'state', title: t('col.state'), noWrap: true, render: (c) => <CaseStateBadge state={c.state} /> },
              { accessor: 'amazonCaseId', title: t('col.amazonCaseId'), render: (c) => c.amazonCaseId ?? '—' },
              {
                accessor: 'types',
                title: t('col.findings'),
                render: (c) => (
                  <Stack gap={0}>
                    <Text size="sm">{c.types.map((x) => tClaims(`type.${x}`, { defaultValue: x })).join(', ')}</Text>
                    <Text size="xs" c="dimmed">
                      {t('col.units', { count: c.quantity })}
                    </Text>
                  </Stack>
                )
              },
              {
                accessor: 'value',
                title: t('col.value'),
                textAlign: 'right',
                noWrap: true,
                render: (c) => (c.value ? <MoneyText value={c.value} size="sm" /> : '—')
              },
              {
                accessor: 'paid',
                title: t('col.paid'),
                textAlign: 'right',
                noWrap: true,
                render: (c) => (c.paid ? <MoneyText value={c.paid} size="sm" /> : '—')
              },
              { accessor: 'closesAt', title: t('col.deadline'), render: (c) => formatDateTime(c.closesAt) },
              { accessor: 'storeName', title: t('col.store'), hidden: storeId !== null }
            ]}
          />
        </Stack>
      )}
    </>
  )
}
