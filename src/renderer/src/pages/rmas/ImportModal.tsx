/** Drop or pick a returns report -> preview (new / updated / skipped with reason / rejected) -> import. */
import { Alert, Badge, Button, Group, Loader, Modal, SimpleGrid, Stack, Table, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useTranslation } from 'react-i18next'
import type { ImportSummary } from '../../../../shared/contract/rmas'
import { useStagedImport } from '../../components/useStagedImport'
import { ErrorAlert } from '../../components/ErrorAlert'
import { ImportDropzone } from '../../components/ImportDropzone'

const MAX_LINES = 50

function Stat(props: { label: string; value: number; color?: string; testId: string }) {
  return (
    <Stack gap={0} align="center" data-testid={props.testId}>
      <Text fw={700} size="xl" c={props.value > 0 ? props.color : 'dimmed'}>
        {props.value}
      </Text>
      <Text size="xs" c="dimmed" ta="center">
        {props.label}
      </Text>
    </Stack>
  )
}

export function ImportModal(props: { storeId: string; opened: boolean; onClose(): void }) {
  const { t } = useTranslation('rmas')
  const imp = useStagedImport({ preview: 'rmas.previewImport', commit: 'rmas.import' }, { storeId: props.storeId, invalidates: ['rmas', 'jobs'], onClose: props.onClose })
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
        {!file && <ImportDropzone title={t('import.dropTitle')} hint={t('import.dropHint')} onStaged={(f) => void onStaged(f)} testId="rma-import-dropzone" />}
        {busy && (
          <Group>
            <Loader size="sm" />
            <Text>{t('import.previewing')}</Text>
          </Group>
        )}
        {error !== null && <ErrorAlert error={error} />}
        {commit.error && <ErrorAlert error={commit.error} />}
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
            {(p.skipped.length > 0 || p.rejected.length > 0) && (
              <Table striped withTableBorder fz="sm" data-testid="preview-lines">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={70}>{t('import.line')}</Table.Th>
                    <Table.Th w={110} />
                    <Table.Th>{t('import.reason')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {p.rejected.slice(0, MAX_LINES).map((r) => (
                    <Table.Tr key={`r${r.line}`}>
                      <Table.Td>{r.line}</Table.Td>
                      <Table.Td>
                        <Badge color="red" variant="light">
                          {t('import.rejected')}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{r.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                  {p.skipped.slice(0, MAX_LINES).map((k) => (
                    <Table.Tr key={`s${k.line}`}>
                      <Table.Td>{k.line}</Table.Td>
                      <Table.Td>
                        <Badge color="orange" variant="light">
                          {t('import.skipped')}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{skipText(k)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {p.skippedCount + p.rejectedCount > Math.min(p.skipped.length, MAX_LINES) + Math.min(p.rejected.length, MAX_LINES) && (
              <Text size="sm" c="dimmed">
                {t('import.more', { count: p.skippedCount + p.rejectedCount - Math.min(p.skipped.length, MAX_LINES) - Math.min(p.rejected.length, MAX_LINES) })}
              </Text>
            )}
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
