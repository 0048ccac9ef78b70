/**
 * Preview of a staged claims report — inventory ledger, removal order detail, removal shipment
 * detail or replacements, recognised by its content in main — then confirm: which report it is,
 * new / updated / already here / bad rows, its quantities, the bad lines with their column.
 */
import { Button, Group, Modal, Select, Stack, Table, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call, useCall, useCallMutation } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { NoStoreOffer } from '../../components/NoStoreOffer'
import type { StagedFile } from '../../components/ImportDropzone'
import { ImportPreviewTable } from '../../components/ImportPreview'
import { formatDate } from '../../format'

export function LedgerImportModal(props: { file: StagedFile | null; storeId: string | null; onClose(): void }) {
  const { t } = useTranslation('claims')
  const [chosen, setChosen] = useState<string | null>(null)
  const storeId = props.storeId ?? chosen
  const stores = useCall('stores.list', {}, { enabled: props.file !== null && props.storeId === null })
  const qc = useQueryClient()
  const preview = useQuery({
    queryKey: ['claims', 'preview', props.file?.fileId, storeId],
    queryFn: () => call('claims.previewFileImport', { storeId: storeId!, fileId: props.file!.fileId }),
    enabled: props.file !== null && storeId !== null,
    staleTime: Infinity,
    retry: 0
  })
  const commit = useCallMutation('claims.importFile', { invalidates: ['claims', 'jobs'] })
  const p = preview.data
  const confirm = async () => {
    const r = await commit.mutateAsync({ storeId: storeId!, fileId: props.file!.fileId })
    notifications.show({
      color: 'teal',
      title: t('import.done'),
      message: t('import.doneBody', {
        report: t(`import.kinds.${r.kind}`),
        inserted: r.inserted,
        updated: r.kind === 'ledger' ? 0 : r.updated,
        unchanged: r.unchanged,
        rejected: r.rejectedCount
      })
    })
    await qc.invalidateQueries({ queryKey: ['claims'] })
    props.onClose()
  }
  return (
    <Modal
      opened={props.file !== null}
      onClose={props.onClose}
      title={t('import.title', { file: props.file?.name ?? '' })}
      size="xl"
      data-testid="ledger-import-modal"
    >
      <Stack>
        {props.storeId === null && <NoStoreOffer />}
        {props.storeId === null && (
          <Select
            label={t('import.store')}
            placeholder={t('import.pickStore')}
            data={(stores.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={chosen}
            onChange={setChosen}
            data-testid="ledger-import-store"
          />
        )}
        {preview.isLoading && <Text c="dimmed">{t('import.reading')}</Text>}
        {preview.error && <ErrorAlert error={preview.error} />}
        {p && (
          <>
            <Text fw={600} data-testid="claims-import-kind">
              {t('import.recognised', { report: t(`import.kinds.${p.kind}`) })}
            </Text>
            <ImportPreviewTable
              counts={[
                { label: t('import.new'), value: p.inserted, color: 'teal', testId: 'ledger-preview-new' },
                ...(p.kind !== 'ledger'
                  ? [{ label: t('import.updated'), value: p.updated, color: 'blue', testId: 'ledger-preview-updated' }]
                  : []),
                { label: t('import.unchanged'), value: p.unchanged, testId: 'ledger-preview-unchanged' },
                { label: t('import.bad'), value: p.rejectedCount, color: 'red', testId: 'ledger-preview-bad' }
              ]}
              testId="ledger-preview-bad-rows"
              lines={p.rejected}
              total={p.rejectedCount}
              max={p.rejected.length}
              labels={{
                line: t('import.line'),
                ...(p.kind === 'ledger' ? {} : { column: t('import.column') }),
                reason: t('import.reason'),
                more: (count) => t('import.more', { count })
              }}
            >
              <Text size="sm" c="dimmed">
                {t(p.kind === 'ledger' ? 'import.span' : 'import.spanReport', {
                  from: formatDate(p.from),
                  to: formatDate(p.to),
                  encoding: p.encoding
                })}
              </Text>
              {p.kind === 'ledger' ? (
                <Table withTableBorder fz="xs" data-testid="ledger-preview-quantities">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('import.eventType')}</Table.Th>
                      <Table.Th>{t('import.reasonCode')}</Table.Th>
                      <Table.Th>{t('import.rows')}</Table.Th>
                      <Table.Th>{t('import.quantity')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {p.quantities.map((q) => (
                      <Table.Tr key={`${q.eventType}\t${q.reason ?? ''}`}>
                        <Table.Td>{q.eventType}</Table.Td>
                        <Table.Td>{q.reason ? t(`reasonCode.${q.reason}`, { defaultValue: q.reason, code: q.reason }) : '—'}</Table.Td>
                        <Table.Td>{q.rows}</Table.Td>
                        <Table.Td>{q.quantity}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              ) : (
                <Table withTableBorder fz="xs" data-testid="ledger-preview-quantities">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('import.column')}</Table.Th>
                      <Table.Th>{t('import.quantity')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {p.quantities.map((q) => (
                      <Table.Tr key={q.column}>
                        <Table.Td>{t(`import.columns.${q.column}`, { defaultValue: q.column })}</Table.Td>
                        <Table.Td>{q.quantity}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </ImportPreviewTable>
          </>
        )}
        {commit.error && <ErrorAlert error={commit.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('import.cancel')}
          </Button>
          <Button
            onClick={() => void confirm()}
            disabled={!p || p.inserted + (p.kind === 'ledger' ? 0 : p.updated) === 0}
            loading={commit.isPending}
            data-testid="ledger-import-confirm"
          >
            {!p
              ? t('common:import.confirm') // "Import", not "Import 0 rows", until a preview is read
              : p.inserted + (p.kind === 'ledger' ? 0 : p.updated) === 0
                ? t('import.nothingToDo')
                : t('import.confirm', { count: p.inserted + (p.kind !== 'ledger' ? p.updated : 0) })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
