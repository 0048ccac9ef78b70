/** Preview of a staged reimbursements file (new / changed / unchanged / bad rows), then confirm. */
import { Alert, Badge, Button, Group, Modal, Select, SimpleGrid, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call, useCall, useCallMutation } from '../../api/client'
import type { StagedFile } from '../../components/ImportDropzone'
import { ErrorAlert } from '../../components/ErrorAlert'
import { NoStoreOffer } from '../../components/NoStoreOffer'
import { ImportLines, ImportStat as Stat } from '../../components/ImportPreview'
import { MoneyText } from '../../components/MoneyText'
import { formatDateTime } from '../../format'

export function ImportModal(props: { file: StagedFile | null; storeId: string | null; onClose(): void }) {
  const { t } = useTranslation('reimbursements')
  const [chosen, setChosen] = useState<string | null>(null)
  const storeId = props.storeId ?? chosen
  const stores = useCall('stores.list', {}, { enabled: props.file !== null && props.storeId === null })
  const preview = useQuery({
    // Not under 'reimbursements': invalidating the domain after the import must not parse the file again.
    queryKey: ['preview', 'reimbursements', props.file?.fileId, storeId],
    queryFn: () => call('reimbursements.previewImport', { storeId: storeId!, fileId: props.file!.fileId }),
    enabled: props.file !== null && storeId !== null,
    staleTime: Infinity,
    retry: 0
  })
  const qc = useQueryClient()
  const commit = useCallMutation('reimbursements.import', { invalidates: ['jobs'] })
  const p = preview.data
  const confirm = async () => {
    const r = await commit.mutateAsync({ storeId: storeId!, fileId: props.file!.fileId })
    // The import's data.changed event has usually started these refetches already (after the
    // COMMIT): keep those rather than cancel and ask the back end for the same list and totals again.
    void qc.invalidateQueries({ queryKey: ['reimbursements'] }, { cancelRefetch: false })
    notifications.show({
      color: 'teal',
      title: t('import.done'),
      message: t('import.doneBody', { inserted: r.inserted, updated: r.updated, unchanged: r.unchanged, rejected: r.rejectedCount })
    })
    props.onClose()
  }
  return (
    <Modal
      opened={props.file !== null}
      onClose={props.onClose}
      title={t('import.title', { file: props.file?.name ?? '' })}
      size="xl"
      data-testid="import-modal"
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
            data-testid="import-store"
          />
        )}
        {preview.isLoading && <Text c="dimmed">{t('import.reading')}</Text>}
        {preview.error && <ErrorAlert error={preview.error} what="import" />}
        {p && (
          <>
            {p.alreadyImported && (
              <Alert color="yellow" data-testid="already-imported">
                {t('import.alreadyImported', { at: formatDateTime(p.alreadyImported.at), file: p.alreadyImported.file })}
              </Alert>
            )}
            <SimpleGrid cols={4}>
              <Stat label={t('import.new')} value={p.inserted} color="teal" testId="preview-new" />
              <Stat label={t('import.changed')} value={p.updated} color="blue" testId="preview-changed" />
              <Stat label={t('import.unchanged')} value={p.unchanged} testId="preview-unchanged" />
              <Stat label={t('import.bad')} value={p.rejectedCount} color="red" testId="preview-bad" />
            </SimpleGrid>
            <Group gap="xs">
              <Text size="sm" c="dimmed">
                {t('import.encoding', { encoding: p.encoding })}
              </Text>
              {p.totals.map((m) => (
                <Badge key={m.currency} variant="light">
                  <MoneyText value={m} size="xs" />
                </Badge>
              ))}
              {p.timeFromApproval > 0 && (
                <Text size="sm" c="dimmed">
                  {t('import.approvalTime', { count: p.timeFromApproval })}
                </Text>
              )}
            </Group>
            <ImportLines
              testId="preview-bad-rows"
              lines={p.rejected}
              total={p.rejectedCount}
              max={p.rejected.length}
              labels={{ line: t('import.line'), reason: t('import.reason'), more: (count) => t('import.more', { count }) }}
            />
          </>
        )}
        {commit.error && <ErrorAlert error={commit.error} what="import" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('import.cancel')}
          </Button>
          <Button
            onClick={() => void confirm()}
            disabled={!p || p.inserted + p.updated === 0}
            loading={commit.isPending}
            data-testid="import-confirm"
          >
            {!p
              ? t('common:import.confirm')
              : p.inserted + p.updated === 0
                ? t('import.nothingToDo')
                : t('import.confirm', { count: p.inserted + p.updated })}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
