/** Preview of a staged inventory ledger file (new / already here / bad rows, quantities per event), then confirm. */
import { Button, Group, Modal, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call, useCall, useCallMutation } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import type { StagedFile } from '../../components/ImportDropzone'
import { ImportLines, ImportStat as Stat } from '../../components/ImportPreview'
import { formatDate } from '../../format'

export function LedgerImportModal(props: { file: StagedFile | null; storeId: string | null; onClose(): void }) {
  const { t } = useTranslation('claims')
  const [chosen, setChosen] = useState<string | null>(null)
  const storeId = props.storeId ?? chosen
  const stores = useCall('stores.list', {}, { enabled: props.file !== null && props.storeId === null })
  const qc = useQueryClient()
  const preview = useQuery({
    queryKey: ['claims', 'preview', props.file?.fileId, storeId],
    queryFn: () => call('claims.previewLedgerImport', { storeId: storeId!, fileId: props.file!.fileId }),
    enabled: props.file !== null && storeId !== null,
    staleTime: Infinity,
    retry: 0
  })
  const commit = useCallMutation('claims.importLedger', { invalidates: ['claims', 'jobs'] })
  const p = preview.data
  const confirm = async () => {
    const r = await commit.mutateAsync({ storeId: storeId!, fileId: props.file!.fileId })
    notifications.show({
      color: 'teal',
      title: t('import.done'),
      message: t('import.doneBody', { inserted: r.inserted, unchanged: r.unchanged, rejected: r.rejectedCount })
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
            <SimpleGrid cols={3}>
              <Stat label={t('import.new')} value={p.inserted} color="teal" testId="ledger-preview-new" />
              <Stat label={t('import.unchanged')} value={p.unchanged} testId="ledger-preview-unchanged" />
              <Stat label={t('import.bad')} value={p.rejectedCount} color="red" testId="ledger-preview-bad" />
            </SimpleGrid>
            <Text size="sm" c="dimmed">
              {t('import.span', { from: formatDate(p.from), to: formatDate(p.to), encoding: p.encoding })}
            </Text>
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
            <ImportLines
              testId="ledger-preview-bad-rows"
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
            disabled={!p || p.inserted === 0}
            loading={commit.isPending}
            data-testid="ledger-import-confirm"
          >
            {p && p.inserted === 0 ? t('import.nothingToDo') : t('import.confirm', { count: p?.inserted ?? 0 })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
