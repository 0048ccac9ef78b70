/** Drop or pick a returns report -> preview (new / updated / skipped with reason / rejected) -> import. */
import { Alert, Badge, Button, Group, Loader, Modal, SimpleGrid, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useTranslation } from 'react-i18next'
import type { ImportSummary } from '../../../../shared/contract/rmas'
import { useStagedImport } from '../../components/useStagedImport'
import { ErrorAlert } from '../../components/ErrorAlert'
import { ImportDropzone } from '../../components/ImportDropzone'
import { ImportLines, ImportStat as Stat } from '../../components/ImportPreview'

export function ImportModal(props: { storeId: string; opened: boolean; onClose(): void }) {
  const { t } = useTranslation('rmas')
  const imp = useStagedImport(
    { preview: 'rmas.previewImport', commit: 'rmas.import' },
    { storeId: props.storeId, invalidates: ['rmas', 'jobs'], onClose: props.onClose }
  )
  const { file, preview, error, busy, commit, reset, close, onStaged } = imp
  const doImport = async () => {
    const s = await imp.run()
    if (!s) return
    notifications.show({ color: 'teal', message: t('import.commitDone', { created: s.created, updated: s.updated }) })
    close()
  }
  const skipText = (k: ImportSummary['skipped'][number]) => t(`import.skip.${k.code}`, { reason: k.reason })
  const p = preview
  const actionable = p ? p.created + p.updated + p.stored > 0 : false

  return (
    <Modal opened={props.opened} onClose={close} title={t('import.title')} size="xl" data-testid="rma-import-modal">
      <Stack>
        {!file && (
          <ImportDropzone
            title={t('import.dropTitle')}
            hint={t('import.dropHint')}
            onStaged={(f) => void onStaged(f)}
            testId="rma-import-dropzone"
          />
        )}
        {busy && (
          <Group>
            <Loader size="sm" />
            <Text>{t('import.previewing')}</Text>
          </Group>
        )}
        {error !== null && <ErrorAlert error={error} what="import" />}
        {commit.error && <ErrorAlert error={commit.error} what="import" />}
        {p && file && (
          <Stack data-testid="rma-import-preview">
            <Group justify="space-between">
              <Stack gap={0}>
                <Text fw={600}>{file.name}</Text>
                <Text size="sm" c="dimmed">
                  {t(`import.format.${p.format}`)} · {t('import.summary', { rows: p.rows, encoding: p.encoding })}
                </Text>
              </Stack>
              <Badge variant="light">{t(`import.format.${p.format}`)}</Badge>
            </Group>
            <SimpleGrid cols={p.format === 'fba-customer-returns' ? 3 : 6}>
              {p.format === 'fba-customer-returns' ? (
                <Stat label={t('import.stored')} value={p.stored} color="teal" testId="preview-stored" />
              ) : (
                <>
                  <Stat label={t('import.new')} value={p.created} color="teal" testId="preview-created" />
                  <Stat label={t('import.updated')} value={p.updated} color="blue" testId="preview-updated" />
                  <Stat label={t('import.unchanged')} value={p.unchanged} testId="preview-unchanged" />
                  <Stat label={t('import.ordersCreated')} value={p.ordersCreated} testId="preview-orders" />
                </>
              )}
              <Stat label={t('import.skipped')} value={p.skippedCount} color="orange" testId="preview-skipped" />
              <Stat label={t('import.rejected')} value={p.rejectedCount} color="red" testId="preview-rejected" />
            </SimpleGrid>
            <ImportLines
              testId="preview-lines"
              lines={[
                ...p.rejected.map((r) => ({ line: r.line, reason: r.reason, badge: { label: t('import.rejected'), color: 'red' } })),
                ...p.skipped.map((k) => ({ line: k.line, reason: skipText(k), badge: { label: t('import.skipped'), color: 'orange' } }))
              ]}
              total={p.skippedCount + p.rejectedCount}
              labels={{ line: t('import.line'), reason: t('import.reason'), more: (count) => t('import.more', { count }) }}
            />
            {p.rejectedCount > 0 && (
              <Alert color="orange" data-testid="rma-import-rejected-warning">
                {t('import.blockedByRejected', { count: p.rejectedCount })}
              </Alert>
            )}
            {p.rejectedCount === 0 && !actionable && <Alert color="gray">{t('import.nothingToDo')}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={reset}>
                {t('import.another')}
              </Button>
              <Button onClick={() => void doImport()} loading={commit.isPending} disabled={!actionable} data-testid="rma-import-commit">
                {t('import.commit')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Modal>
  )
}
