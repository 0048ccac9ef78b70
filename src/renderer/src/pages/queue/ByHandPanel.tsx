/**
 * A batch of a store without SP-API (state `by_hand`): save its Seller Central Adjustments file,
 * upload it in Seller Central, then close it with Amazon's processing report for that upload or
 * by recording each entry's outcome with a note.
 */
import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconDownload } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Output } from '../../../../shared/contract'
import { call, useCallMutation } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { ImportDropzone } from '../../components/ImportDropzone'

type Entry = Output<'queue.batch'>['entries'][number]

/** Saves text as a file: a download in browser mode, the save dialog in Electron. */
function saveText(fileName: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'text/tab-separated-values;charset=utf-8' }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export function ByHandPanel({ batchId, entries }: { batchId: number; entries: Entry[] }) {
  const { t } = useTranslation('queue')
  const [saving, setSaving] = useState(false)
  const [note, setNote] = useState('')
  const importReport = useCallMutation('queue.importAdjustmentsReport', { invalidates: ['queue', 'orders'] })
  const record = useCallMutation('queue.recordByHand', { invalidates: ['queue', 'orders'] })
  const pending = entries.filter((e) => e.entryStatus === 'batched')

  const save = async () => {
    setSaving(true)
    try {
      const f = await call('queue.adjustmentsFile', { batchId })
      saveText(f.fileName, f.content)
      notifications.show({ color: 'teal', message: t('byHand.saved', { file: f.fileName }) })
    } catch (e) {
      notifications.show({ color: 'red', message: (e as Error).message })
    } finally {
      setSaving(false)
    }
  }
  const shown = (r: { done: number; failed: number; uncertain: number }) =>
    notifications.show({ color: r.failed || r.uncertain ? 'orange' : 'teal', message: t('byHand.recorded', r) })

  return (
    <Alert color="violet" title={t('byHand.title')} data-testid="by-hand-panel">
      <Stack gap="sm">
        <Text size="sm">{t('byHand.steps')}</Text>
        <Group>
          <Button leftSection={<IconDownload size={16} />} onClick={() => void save()} loading={saving} data-testid="by-hand-save">
            {t('byHand.save')}
          </Button>
        </Group>
        <ImportDropzone
          compact
          title={t('byHand.reportTitle')}
          hint={t('byHand.reportHint')}
          testId="by-hand-report"
          onStaged={(f) => void importReport.mutateAsync({ batchId, fileId: f.fileId }).then(shown, () => {})}
        />
        {importReport.error && <ErrorAlert error={importReport.error} />}
        {pending.length > 0 && (
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              {t('byHand.manualTitle')}
            </Text>
            <TextInput
              size="xs"
              label={t('byHand.note')}
              placeholder={t('byHand.notePlaceholder')}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              data-testid="by-hand-note"
            />
            {pending.map((e) => (
              <Group key={e.entryId} gap="xs" wrap="nowrap" data-testid="by-hand-entry" data-entry-id={e.entryId}>
                <Text size="sm" ff="monospace" style={{ flexGrow: 1 }}>
                  {e.amazonOrderId}
                </Text>
                {(['done', 'failed'] as const).map((outcome) => (
                  <Button
                    key={outcome}
                    size="compact-xs"
                    variant="light"
                    color={outcome === 'done' ? 'teal' : 'red'}
                    disabled={note.trim() === ''}
                    loading={record.isPending}
                    onClick={() =>
                      void record
                        .mutateAsync({ batchId, entries: [{ entryId: e.entryId, outcome }], note: note.trim() })
                        .then(shown, () => {})
                    }
                    data-testid={`by-hand-${outcome}`}
                  >
                    {t(`byHand.${outcome}`)}
                  </Button>
                ))}
              </Group>
            ))}
            {record.error && <ErrorAlert error={record.error} />}
          </Stack>
        )}
      </Stack>
    </Alert>
  )
}
