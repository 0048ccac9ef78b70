/**
 * Manufacturing costs (issue #15): each SKU's cost per unit from a date — the basis Amazon values
 * units lost or damaged before a customer order at. A list of every version (the one in force
 * today marked), add or edit one, import a CSV (`sku, cost, currency, from-date`) with a preview.
 * The costs live in the claims domain (channels claims.listCosts/setCost/removeCost/importCosts).
 */
import { ActionIcon, Badge, Button, Group, Modal, Select, Stack, Text, TextInput, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconCoin, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { DataTable } from 'mantine-datatable'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { MARKETPLACES } from '../../../../shared/ids'
import { formatMinor, parseMinor } from '../../../../shared/money'
import { call, useCall, useCallMutation } from '../../api/client'
import { EmptyState } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { NoStoreOffer } from '../../components/NoStoreOffer'
import { ImportDropzone, type StagedFile } from '../../components/ImportDropzone'
import { ImportPreviewTable } from '../../components/ImportPreview'
import { MoneyText } from '../../components/MoneyText'
import { PageHeader } from '../../components/PageHeader'
import { formatDate, formatDateTime } from '../../format'
import { useSelectedStore } from '../../store-context'

const CURRENCIES = [...new Set(Object.values(MARKETPLACES).flatMap((l) => l.map((m) => m.currency)))].sort()
const today = () => new Date().toISOString().slice(0, 10)

type Row = {
  id: string
  storeId: string
  storeName: string
  sku: string
  fromDate: string
  cost: { amountMinor: number; currency: string }
  updatedAt: string
  state: 'inForce' | 'future' | 'older'
}
type Editing = { storeId: string | null; sku: string; cost: string; currency: string; fromDate: string; isNew: boolean }

/** Shown only while editing (mounted with a key per opening, so its form starts from `editing`). */
function CostModal(props: { editing: Editing; onClose(): void }) {
  const { t } = useTranslation('costs')
  const [form, setForm] = useState<Editing>(props.editing)
  const stores = useCall('stores.list', {}, { enabled: form.isNew })
  const save = useCallMutation('claims.setCost', { invalidates: ['claims', 'audits'] })
  const costMinor = parseMinor(form.cost, form.currency)
  const costBad = form.cost.trim() !== '' && (costMinor === null || costMinor < 0)
  const dateBad = form.fromDate !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(form.fromDate)
  const ok = form.storeId && form.sku.trim() && costMinor !== null && costMinor >= 0 && !dateBad && form.fromDate
  const submit = async () => {
    const r = await save.mutateAsync({
      storeId: form.storeId!,
      sku: form.sku.trim(),
      costMinor: costMinor!,
      currency: form.currency,
      fromDate: form.fromDate
    })
    notifications.show({ color: 'teal', message: r.changed ? t('modal.saved') : t('modal.unchanged') })
    props.onClose()
  }
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={form.isNew ? t('modal.addTitle') : t('modal.editTitle', { sku: form.sku })}
      data-testid="cost-modal"
    >
      <Stack>
        {form.isNew && (
          <Select
            label={t('store')}
            placeholder={t('modal.pickStore')}
            data={(stores.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={form.storeId}
            onChange={(v) => setForm({ ...form, storeId: v })}
            data-testid="cost-store"
          />
        )}
        <TextInput
          label={t('sku')}
          value={form.sku}
          disabled={!form.isNew}
          onChange={(ev) => setForm({ ...form, sku: ev.currentTarget.value })}
          data-testid="cost-sku"
        />
        <Group grow align="flex-start">
          <TextInput
            label={t('cost')}
            description={t('modal.costHint')}
            value={form.cost}
            error={costBad ? t('modal.badCost', { currency: form.currency }) : undefined}
            onChange={(ev) => setForm({ ...form, cost: ev.currentTarget.value })}
            data-testid="cost-amount"
          />
          <Select
            label={t('currency')}
            data={CURRENCIES}
            value={form.currency}
            allowDeselect={false}
            searchable
            onChange={(v) => v && setForm({ ...form, currency: v })}
            data-testid="cost-currency"
          />
        </Group>
        <TextInput
          label={t('from')}
          description={t('modal.fromHint')}
          value={form.fromDate}
          placeholder="YYYY-MM-DD"
          error={dateBad ? t('modal.badDate') : undefined}
          onChange={(ev) => setForm({ ...form, fromDate: ev.currentTarget.value.trim() })}
          data-testid="cost-from"
        />
        {save.error && <ErrorAlert error={save.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('modal.cancel')}
          </Button>
          <Button disabled={!ok} loading={save.isPending} onClick={() => void submit()} data-testid="cost-save">
            {t('modal.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

function CostImportModal(props: { file: StagedFile | null; storeId: string | null; onClose(): void }) {
  const { t } = useTranslation('costs')
  const [chosen, setChosen] = useState<string | null>(null)
  const storeId = props.storeId ?? chosen
  const stores = useCall('stores.list', {}, { enabled: props.file !== null && props.storeId === null })
  const qc = useQueryClient()
  const preview = useQuery({
    queryKey: ['claims', 'costsPreview', props.file?.fileId, storeId],
    queryFn: () => call('claims.previewCostsImport', { storeId: storeId!, fileId: props.file!.fileId }),
    enabled: props.file !== null && storeId !== null,
    staleTime: Infinity,
    retry: 0
  })
  const commit = useCallMutation('claims.importCosts', { invalidates: ['claims', 'audits', 'jobs'] })
  const p = preview.data
  const confirm = async () => {
    const r = await commit.mutateAsync({ storeId: storeId!, fileId: props.file!.fileId })
    notifications.show({
      color: 'teal',
      title: t('import.done'),
      message: t('import.doneBody', { inserted: r.inserted, updated: r.updated, rejected: r.rejectedCount })
    })
    await qc.invalidateQueries({ queryKey: ['claims'] })
    props.onClose()
  }
  const toWrite = p ? p.inserted + p.updated : 0
  return (
    <Modal
      opened={props.file !== null}
      onClose={props.onClose}
      title={t('import.title', { file: props.file?.name ?? '' })}
      size="lg"
      data-testid="costs-import-modal"
    >
      <Stack>
        {props.storeId === null && <NoStoreOffer />}
        {props.storeId === null && (
          <Select
            label={t('store')}
            placeholder={t('modal.pickStore')}
            data={(stores.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={chosen}
            onChange={setChosen}
            data-testid="costs-import-store"
          />
        )}
        {preview.isLoading && <Text c="dimmed">{t('import.reading')}</Text>}
        {preview.error && <ErrorAlert error={preview.error} />}
        {p && (
          <>
            <ImportPreviewTable
              counts={[
                { label: t('import.new'), value: p.inserted, color: 'teal', testId: 'costs-preview-new' },
                { label: t('import.updated'), value: p.updated, color: 'blue', testId: 'costs-preview-updated' },
                { label: t('import.unchanged'), value: p.unchanged, testId: 'costs-preview-unchanged' },
                { label: t('import.bad'), value: p.rejectedCount, color: 'red', testId: 'costs-preview-bad' }
              ]}
              testId="costs-preview-bad-rows"
              lines={p.rejected}
              total={p.rejectedCount}
              max={p.rejected.length}
              labels={{ line: t('import.line'), reason: t('import.reason'), more: (count) => t('import.more', { count }) }}
            />
          </>
        )}
        {commit.error && <ErrorAlert error={commit.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('import.cancel')}
          </Button>
          <Button
            onClick={() => void confirm()}
            disabled={!p || toWrite === 0}
            loading={commit.isPending}
            data-testid="costs-import-confirm"
          >
            {/* "Import", not "Import 0 rows", until a preview is read */}
            {!p ? t('common:import.confirm') : toWrite === 0 ? t('import.nothingToDo') : t('import.confirm', { count: toWrite })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

export function CostsPage() {
  const { t } = useTranslation('costs')
  const { storeId } = useSelectedStore()
  const [sku, setSku] = useState('')
  const [staged, setStaged] = useState<StagedFile | null>(null)
  const [editing, setEditing] = useState<Editing | null>(null)
  const list = useCall(
    'claims.listCosts',
    { ...(storeId ? { storeId } : {}), ...(sku.trim() ? { sku: sku.trim() } : {}) },
    { placeholderData: (p) => p }
  )
  const remove = useCallMutation('claims.removeCost', { invalidates: ['claims', 'audits'] })
  const rows: Row[] = useMemo(() => {
    const day = today()
    return (list.data ?? []).flatMap((s) => {
      const current = s.versions.find((v) => v.fromDate <= day)
      return s.versions.map((v) => ({
        id: `${s.storeId}\t${s.sku}\t${v.fromDate}`,
        storeId: s.storeId,
        storeName: s.storeName,
        sku: s.sku,
        fromDate: v.fromDate,
        cost: v.cost,
        updatedAt: v.updatedAt,
        state: v === current ? 'inForce' : v.fromDate > day ? 'future' : 'older'
      }))
    })
  }, [list.data])
  const empty = list.data !== undefined && list.data.length === 0 && sku.trim() === ''
  const addNew = () => setEditing({ storeId, sku: '', cost: '', currency: 'USD', fromDate: today(), isNew: true })
  const importer = <ImportDropzone title={t('drop')} hint={t('hint')} onStaged={setStaged} testId="costs-dropzone" compact />
  return (
    <>
      <PageHeader
        title={t('title')}
        subtitle={t('subtitle')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={addNew} data-testid="cost-add">
            {t('add')}
          </Button>
        }
      />
      {editing && (
        <CostModal key={`${editing.storeId}\t${editing.sku}\t${editing.fromDate}`} editing={editing} onClose={() => setEditing(null)} />
      )}
      <CostImportModal file={staged} storeId={storeId} onClose={() => setStaged(null)} />
      {list.error && <ErrorAlert error={list.error} />}
      {remove.error && <ErrorAlert error={remove.error} />}
      {empty ? (
        <EmptyState icon={<IconCoin size={28} />} title={t('empty.title')} body={t('empty.body')} testId="costs-empty" action={importer} />
      ) : (
        <Stack gap="sm">
          <Group justify="space-between" align="flex-end" wrap="wrap">
            <TextInput
              label={t('skuFilter')}
              value={sku}
              onChange={(e) => setSku(e.currentTarget.value)}
              w={240}
              data-testid="costs-sku-filter"
            />
            <div style={{ width: 340, maxWidth: '100%' }}>{importer}</div>
          </Group>
          <DataTable
            withTableBorder
            striped
            highlightOnHover
            minHeight={160}
            records={rows}
            idAccessor="id"
            fetching={list.isFetching && !list.data}
            data-testid="costs-table"
            columns={[
              {
                accessor: 'sku',
                title: t('sku'),
                render: (r) => (
                  <Text size="sm" fw={r.state === 'inForce' ? 600 : undefined}>
                    {r.sku}
                  </Text>
                )
              },
              { accessor: 'storeName', title: t('store'), hidden: storeId !== null },
              {
                accessor: 'fromDate',
                title: t('from'),
                noWrap: true,
                render: (r) => (
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm">{formatDate(r.fromDate)}</Text>
                    <Badge size="sm" variant="light" color={r.state === 'inForce' ? 'teal' : r.state === 'future' ? 'blue' : 'gray'}>
                      {t(r.state)}
                    </Badge>
                  </Group>
                )
              },
              {
                accessor: 'cost',
                title: t('cost'),
                textAlign: 'right',
                noWrap: true,
                render: (r) => <MoneyText value={r.cost} size="sm" />
              },
              { accessor: 'updatedAt', title: t('updated'), noWrap: true, render: (r) => formatDateTime(r.updatedAt) },
              {
                accessor: 'actions',
                title: '',
                textAlign: 'right',
                render: (r) => (
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Tooltip label={t('edit')}>
                      <ActionIcon
                        variant="subtle"
                        aria-label={t('edit')}
                        data-testid={`cost-edit-${r.sku}-${r.fromDate}`}
                        onClick={() =>
                          setEditing({
                            storeId: r.storeId,
                            sku: r.sku,
                            cost: formatMinor(r.cost.amountMinor, r.cost.currency),
                            currency: r.cost.currency,
                            fromDate: r.fromDate,
                            isNew: false
                          })
                        }
                      >
                        <IconPencil size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label={t('remove')}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('remove')}
                        data-testid={`cost-remove-${r.sku}-${r.fromDate}`}
                        onClick={() =>
                          void remove
                            .mutateAsync({ storeId: r.storeId, sku: r.sku, fromDate: r.fromDate })
                            .then(() => notifications.show({ color: 'teal', message: t('removed') }))
                        }
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                )
              }
            ]}
          />
        </Stack>
      )}
    </>
  )
}
