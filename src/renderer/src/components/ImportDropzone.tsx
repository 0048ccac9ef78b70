/**
 * Drop a report file here or pick it: the file is staged in main (upload) and `onStaged` gets
 * the opaque fileId that import channels take. Used by every import screen.
 */
import { Group, Stack, Text } from '@mantine/core'
import { Dropzone } from '@mantine/dropzone'
import { notifications } from '@mantine/notifications'
import { IconFileImport, IconUpload, IconX } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { upload } from '../api/client'

export type StagedFile = { fileId: string; name: string; size: number }

export function ImportDropzone(props: { title: string; hint: string; onStaged(f: StagedFile): void; testId?: string; compact?: boolean }) {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  const onDrop = async (files: File[]) => {
    const file = files[0]
    if (!file) return
    setBusy(true)
    try {
      props.onStaged(await upload(file))
    } catch (e) {
      notifications.show({ color: 'red', title: t('import.uploadFailed'), message: (e as Error).message })
    } finally {
      setBusy(false)
    }
  }
  return (
    <Dropzone
      onDrop={(f) => void onDrop(f)}
      loading={busy}
      multiple={false}
      maxSize={2 * 1024 ** 3}
      data-testid={props.testId ?? 'import-dropzone'}
      p={props.compact ? 'sm' : 'lg'}
    >
      <Group justify="center" gap="lg" mih={props.compact ? 40 : 90} style={{ pointerEvents: 'none' }} wrap="nowrap">
        <Dropzone.Accept>
          <IconUpload size={36} />
        </Dropzone.Accept>
        <Dropzone.Reject>
          <IconX size={36} />
        </Dropzone.Reject>
        <Dropzone.Idle>
          <IconFileImport size={36} stroke={1.5} />
        </Dropzone.Idle>
        <Stack gap={2}>
          <Text size="md" fw={500}>
            {props.title}
          </Text>
          <Text size="sm" c="dimmed">
            {props.hint}
          </Text>
        </Stack>
      </Group>
    </Dropzone>
  )
}
