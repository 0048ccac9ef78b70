/**
 * Import of a recovery service's statement: the store, the service's name, the column mapping
 * (the one remembered for the service, else a guess from the header — the user checks it), then a
 * live preview of the audit (lines, disputed, bad lines with line, column and reason) and the import.
 */
import { Alert, Autocomplete, Button, Group, Modal, SegmentedControl, Select, SimpleGrid, Stack, Text } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { STATEMENT_FIELDS, type StatementMapping } from '../../../../shared/contract/audits'
import { MARKETPLACES } from '../../../../shared/ids'
import { call, useCall, useCallMutation } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { NoStoreOffer } from '../../components/NoStoreOffer'
import type { StagedFile } from '../../components/ImportDropzone'
import { ImportPreviewTable } from '../../components/ImportPreview'

const CURRENCIES = [...new Set(Object.values(MARKETPLACES).flatMap((l) => l.map((m) => m.currency)))].sort()
const NONE = '\u0000none'

/** The main process's words for what is missing → this screen's words. */
function missingKey(m: string): string {
  if (m === 'amount' || m === 'fee') return m
  if (m.startsWith('caseId or')) return 'ids'
  if (m.startsWith('currency')) return 'currency'
  return ''
}

export function StatementImportModal(props: {
  file: StagedFile | null
  storeId: string | null
  onClose(): void
  onImported(id: number): void
}) {
  const { t } = useTranslation('audits')
  const [chosen, setChosen] = useState<string | null>(null)
  const storeId = props.storeId ?? chosen
  const [service, setService] = useState('')
  const [debouncedService] = useDebouncedValue(service.trim(), 400)
  const [mapping, setMapping] = useState<StatementMapping | null>(null)
  const stores = useCall('stores.list', {}, { enabled: props.file !== null && props.storeId === null })
  const services = useCall('audits.services', {}, { enabled: props.file !== null })
  const ready = props.file !== null && storeId !== null && debouncedService !== ''
  const preview = useQuery({
    queryKey: ['audits', 'preview', props.file?.fileId, storeId, debouncedService, mapping],
    queryFn: () =>
      call('audits.previewStatement', {
        storeId: storeId!,
        fileId: props.file!.fileId,
        service: debouncedService,
        ...(mapping ? { mapping } : {})
      }),
    enabled: ready,
    staleTime: Infinity,
    retry: 0,
    placeholderData: (prev) => prev
  })
  const p = preview.data
  // The first answer for a service brings its remembered (or guessed) mapping: the form starts from it.
  useEffect(() => {
    if (p && mapping === null && p.service === debouncedService) setMapping(p.mapping)
  }, [p, mapping, debouncedService])
  const commit = useCallMutation('audits.importStatement', { invalidates: ['audits'] })
  const close = () => {
    setService('')
    setMapping(null)
    setChosen(null)
    commit.reset()
    props.onClose()
  }
  const confirm = async () => {
    const r = await commit.mutateAsync({ storeId: storeId!, fileId: props.file!.fileId, service: debouncedService, mapping: mapping! })
    notifications.show({
      color: 'teal',
      title: t('import.done'),
      message: t('import.doneBody', { lines: r.lines.length, disputed: r.disputed })
    })
    if (r.statement) props.onImported(r.statement.id)
    close()
  }
  const header = p?.header ?? []
  const setColumn = (field: (typeof STATEMENT_FIELDS)[number], col: string | null) => {
    if (!mapping) return
    const columns = { ...mapping.columns }
    if (!col || col === NONE) delete columns[field]
    else columns[field] = col
    setMapping({ ...mapping, columns })
  }
  const missing = (p?.missing ?? []).map((m) => (missingKey(m) ? t(`import.missingField.${missingKey(m)}`) : m))
  const current = p && mapping !== null
  return (
    <Modal
      opened={props.file !== null}
      onClose={close}
      title={t('import.title', { file: props.file?.name ?? '' })}
      size="xl"
      data-testid="statement-import-modal"
    >
      <Stack gap="sm">
        {props.storeId === null && <NoStoreOffer />}
        <Group grow align="flex-start">
          {props.storeId === null && (
            <Select
              label={t('import.store')}
              placeholder={t('import.pickStore')}
              data={(stores.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
              value={chosen}
              onChange={setChosen}
              data-testid="statement-store"
            />
          )}
          <Autocomplete
            label={t('import.service')}
            placeholder={t('import.servicePlaceholder')}
            description={t('import.serviceHint')}
            data={services.data ?? []}
            value={service}
            onChange={(v) => {
              setService(v)
              setMapping(null)
            }}
            data-testid="statement-service"
          />
        </Group>
        {preview.error && <ErrorAlert error={preview.error} />}
        {ready && !p && preview.isFetching && <Text c="dimmed">{t('import.reading')}</Text>}
        {current && mapping && (
          <>
            <Text size="sm" fw={600}>
              {t('import.mapping')}{' '}
              <Text span size="xs" c="dimmed" fw={400}>
                {t(`import.mapping${p.mappingSource[0]!.toUpperCase()}${p.mappingSource.slice(1)}`)}
              </Text>
            </Text>
            <SimpleGrid cols={{ base: 3, lg: 5 }} spacing="xs" data-testid="statement-mapping">
              {STATEMENT_FIELDS.map((f) => (
                <Select
                  key={f}
                  label={t(`import.field.${f}`)}
                  size="xs"
                  data={[{ value: NONE, label: t('import.none') }, ...header.map((h) => ({ value: h, label: h }))]}
                  value={mapping.columns[f] ?? NONE}
                  allowDeselect={false}
                  onChange={(v) => setColumn(f, v)}
                  data-testid={`statement-map-${f}`}
                />
              ))}
            </SimpleGrid>
            <Group gap="lg" align="flex-end">
              <Stack gap={2}>
                <Text size="xs" fw={500}>
                  {t('import.decimalMark')}
                </Text>
                <SegmentedControl
                  size="xs"
                  value={mapping.decimalMark}
                  onChange={(v) => setMapping({ ...mapping, decimalMark: v as '.' | ',' })}
                  data={[
                    { value: '.', label: t('import.dot') },
                    { value: ',', label: t('import.comma') }
                  ]}
                  data-testid="statement-decimal"
                />
              </Stack>
              {!mapping.columns.currency && (
                <Select
                  size="xs"
                  w={200}
                  label={t('import.currency')}
                  description={t('import.currencyHint')}
                  data={CURRENCIES}
                  searchable
                  value={mapping.currency}
                  onChange={(v) => setMapping({ ...mapping, currency: v })}
                  data-testid="statement-currency"
                />
              )}
            </Group>
            {missing.length > 0 ? (
              <Alert color="orange" data-testid="statement-missing">
                {t('import.missing', { fields: missing.join(', ') })}
              </Alert>
            ) : (
              <>
                {p.alreadyImported && <Alert color="blue">{t('import.already')}</Alert>}
                <ImportPreviewTable
                  counts={[
                    { label: t('import.lines'), value: p.lines.length, testId: 'statement-preview-lines' },
                    { label: t('import.disputed'), value: p.disputed, color: 'orange', testId: 'statement-preview-disputed' },
                    { label: t('import.bad'), value: p.rejectedCount, color: 'red', testId: 'statement-preview-bad' }
                  ]}
                  testId="statement-preview-bad-rows"
                  lines={p.rejected}
                  total={p.rejectedCount}
                  max={p.rejected.length}
                  labels={{
                    line: t('import.line'),
                    column: t('import.column'),
                    reason: t('import.reason'),
                    more: (count) => t('import.more', { count })
                  }}
                />
              </>
            )}
          </>
        )}
        {commit.error && <ErrorAlert error={commit.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('import.cancel')}
          </Button>
          <Button
            onClick={() => void confirm()}
            disabled={!current || missing.length > 0 || preview.isFetching || (p?.lines.length ?? 0) === 0}
            loading={commit.isPending}
            data-testid="statement-import-confirm"
          >
            {t('import.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
