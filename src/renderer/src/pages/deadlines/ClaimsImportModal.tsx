/**
 * A-to-z / SAFE-T claims from a CSV (#17): drop or pick the file -> preview (new / updated /
 * unchanged, bad rows with line and column) -> import. Bad rows are left out and listed; the
 * others are kept (the rule of the claims CSV in main). With "All stores" selected, the dialog
 * asks for the store first.
 */
import { Alert, Button, Group, Loader, Modal, Select, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useCall } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { NoStoreOffer } from '../../components/NoStoreOffer'
import { ImportDropzone } from '../../components/ImportDropzone'
import { ImportPreviewTable } from '../../components/ImportPreview'
import { useStagedImport } from '../../components/useStagedImport'

export function ClaimsImportModal(props: { storeId: string | null; opened: boolean; onClose(): void }) {
  const { t } = useTranslation('deadlines')
  const stores = useCall('stores.list', {}, { enabled: props.opened })
  const [picked, setPicked] = useState<string | null>(props.storeId)
  const storeId = props.storeId ?? picked
  const imp = useStagedImport(
    { preview: 'deadlines.previewClaimsImport', commit: 'deadlines.importClaims' },
    { storeId: storeId ?? '', invalidates: ['deadlines', 'orders'], onClose: props.onClose }
  )
  const { file, preview: p, error, busy, commit, reset, close, onStaged } = imp
  const doImport = async () => {
    const s = await imp.run()
    if (!s) return
    notifications.show({
      color: s.rejectedCount > 0 ? 'orange' : 'teal',
      message: t('claimsImport.done', { inserted: s.inserted, updated: s.updated, rejected: s.rejectedCount })
    })
    close()
  }
  const actionable = p ? p.inserted + p.updated > 0 : false

  return (
    <Modal opened={props.opened} onClose={close} title={t('claimsImport.title')} size="xl" data-testid="claims-import-modal">
      <Stack>
        <Text size="sm" c="dimmed">
          {t('claimsImport.intro')}
        </Text>
        {!props.storeId && <NoStoreOffer />}
        {!props.storeId && (
          <Select
            label={t('claimForm.store')}
            data={(stores.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={picked}
            onChange={(v) => {
              reset()
              setPicked(v)
            }}
            data-testid="claims-import-store"
          />
        )}
        {storeId && !file && (
          <ImportDropzone
            title={t('claimsImport.dropTitle')}
            hint={t('claimsImport.dropHint')}
            onStaged={(f) => void onStaged(f)}
            testId="claims-import-dropzone"
          />
        )}
        {busy && (
          <Group>
            <Loader size="sm" />
            <Text>{t('claimsImport.previewing')}</Text>
          </Group>
        )}
        {error !== null && <ErrorAlert error={error} />}
        {commit.error && <ErrorAlert error={commit.error} />}
        {p && file && (
          <Stack data-testid="claims-import-preview">
            <Stack gap={0}>
              <Text fw={600}>{file.name}</Text>
              <Text size="sm" c="dimmed">
                {t('claimsImport.summary', { rows: p.rows })}
              </Text>
            </Stack>
            <ImportPreviewTable
              cols={{ base: 2, sm: 4 }}
              counts={[
                { label: t('claimsImport.new'), value: p.inserted, color: 'teal', testId: 'claims-preview-inserted' },
                { label: t('claimsImport.updated'), value: p.updated, color: 'blue', testId: 'claims-preview-updated' },
                { label: t('claimsImport.unchanged'), value: p.unchanged, testId: 'claims-preview-unchanged' },
                { label: t('claimsImport.rejected'), value: p.rejectedCount, color: 'red', testId: 'claims-preview-rejected' }
              ]}
              testId="claims-import-rejected"
              lines={p.rejected}
              total={p.rejectedCount}
              labels={{
                line: t('claimsImport.line'),
                column: t('claimsImport.column'),
                reason: t('claimsImport.reason'),
                more: (count) => t('claimsImport.more', { count })
              }}
            />
            {p.rejectedCount > 0 && actionable && (
              <Alert color="orange" data-testid="claims-import-partial">
                {t('claimsImport.partial', { count: p.rejectedCount })}
              </Alert>
            )}
            {!actionable && <Alert color="gray">{t('claimsImport.nothingToDo')}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={reset}>
                {t('claimsImport.another')}
              </Button>
              <Button
                onClick={() => void doImport().catch(() => undefined)}
                loading={commit.isPending}
                disabled={!actionable}
                data-testid="claims-import-commit"
              >
                {t('claimsImport.commit')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Modal>
  )
}
