/** Drop or pick an Amazon order report -> preview (new / updated / held / flagged / bad rows) -> import. */
import { Alert, Badge, Button, Group, Loader, Modal, SimpleGrid, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconInfoCircle } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useStagedImport } from '../../components/useStagedImport'
import { ErrorAlert } from '../../components/ErrorAlert'
import { ImportDropzone } from '../../components/ImportDropzone'
import { ImportLines, ImportStat as Stat } from '../../components/ImportPreview'

export function OrderImportModal(props: { storeId: string; opened: boolean; onClose(): void }) {
  const { t } = useTranslation('holds')
  const imp = useStagedImport(
    { preview: 'orders.previewImport', commit: 'orders.import' },
    { storeId: props.storeId, invalidates: ['holds', 'orders', 'jobs'], onClose: props.onClose }
  )
  const { file, preview, error, busy, commit, reset, close, onStaged } = imp
  const doImport = async () => {
    const s = await imp.run()
    if (!s) return
    notifications.show({ color: 'teal', message: t('import.done', { inserted: s.inserted, updated: s.updated, held: s.held }) })
    close()
  }
  const p = preview
  const actionable = p ? p.rejectedCount === 0 && p.inserted + p.updated > 0 : false

  return (
    <Modal opened={props.opened} onClose={close} title={t('import.title')} size="xl" data-testid="order-import-modal">
      <Stack>
        {!file && (
          <ImportDropzone
            title={t('import.dropTitle')}
            hint={t('import.dropHint')}
            onStaged={(f) => void onStaged(f)}
            testId="order-import-dropzone"
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
          <Stack data-testid="order-import-preview">
            <Group justify="space-between">
              <Stack gap={0}>
                <Text fw={600}>{file.name}</Text>
                <Text size="sm" c="dimmed">
                  {t('import.summary', { rows: p.rows })}
                  {p.encoding && (
                    <span title={p.encodingEvidence} data-testid="order-import-encoding">
                      {' · '}
                      {t('import.encoding', { encoding: p.encoding })}
                    </span>
                  )}
                </Text>
              </Stack>
              <Badge variant="light">{t(`import.format.${p.format}`, { defaultValue: p.format })}</Badge>
            </Group>
            <SimpleGrid cols={{ base: 3, sm: 6 }}>
              <Stat label={t('import.new')} value={p.inserted} color="teal" testId="preview-inserted" />
              <Stat label={t('import.updated')} value={p.updated} color="blue" testId="preview-updated" />
              <Stat label={t('import.unchanged')} value={p.unchanged} testId="preview-unchanged" />
              <Stat label={t('import.held')} value={p.held} color="orange" testId="preview-held" />
              <Stat label={t('import.flagged')} value={p.flagged} color="grape" testId="preview-flagged" />
              <Stat label={t('import.rejected')} value={p.rejectedCount} color="red" testId="preview-rejected" />
            </SimpleGrid>
            {p.cancelColumnsMissing && (
              <Alert
                color="yellow"
                icon={<IconInfoCircle size={18} />}
                title={t('import.cancelColumnsMissingTitle')}
                data-testid="order-import-no-cancel-columns"
              >
                {t('import.cancelColumnsMissing')}
              </Alert>
            )}
            <ImportLines
              testId="order-import-rejected"
              lines={p.rejected}
              total={p.rejectedCount}
              labels={{
                line: t('import.line'),
                column: t('import.column'),
                reason: t('import.reason'),
                more: (count) => t('import.more', { count })
              }}
            />
            {p.rejectedCount > 0 && (
              <Alert color="red" data-testid="order-import-blocked">
                {t('import.blocked', { count: p.rejectedCount })}
              </Alert>
            )}
            {p.rejectedCount === 0 && !actionable && <Alert color="gray">{t('import.nothingToDo')}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={reset}>
                {t('import.another')}
              </Button>
              <Button
                onClick={() => void doImport().catch(() => undefined)}
                loading={commit.isPending}
                disabled={!actionable}
                data-testid="order-import-commit"
              >
                {t('import.commit')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Modal>
  )
}
