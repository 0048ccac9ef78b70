import { Badge, Button, Card, Group, ScrollArea, Stack, Switch, Table, Text, TextInput, Title, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ImportLogEntry } from '../../../../shared/contract/import-log'
import { useCall, useCallMutation } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatDateTime } from '../../format'

/** The counts the log shows, in this order (an import summary's other numbers stay in the log's data). */
const COUNT_KEYS = [
  'rows',
  'lines',
  'inserted',
  'created',
  'updated',
  'unchanged',
  'stored',
  'ordersCreated',
  'skippedCount',
  'rejectedCount',
  'held',
  'flagged'
]

const RESULT_COLOR: Record<ImportLogEntry['result'], string> = {
  imported: 'teal',
  failed: 'red',
  unrecognised: 'gray',
  leftAlone: 'yellow'
}

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path

/** A store's watched folder (imports/service.ts): path, on/off, whether it is watched now. */
export function WatchedFolderCard({ storeId }: { storeId: string }) {
  const { t } = useTranslation('imports')
  const folder = useCall('imports.watchedFolder', { storeId })
  const save = useCallMutation('imports.setWatchedFolder')
  const [path, setPath] = useState('')
  const [enabled, setEnabled] = useState(true)
  useEffect(() => {
    if (folder.data) {
      setPath(folder.data.path ?? '')
      setEnabled(folder.data.path ? folder.data.enabled : true)
    }
  }, [folder.data])
  if (folder.error) return <ErrorAlert error={folder.error} onRetry={() => void folder.refetch()} />
  const f = folder.data
  const submit = (next: { path: string | null; enabled: boolean }) =>
    save.mutateAsync({ storeId, ...next }).then(
      () => notifications.show({ color: 'teal', message: t(next.path === null ? 'watch.removed' : 'watch.saved'), autoClose: 1500 }),
      (e: Error) => notifications.show({ color: 'red', message: e.message })
    )
  return (
    <Card withBorder padding="lg" data-testid="watched-folder-card">
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Title order={4}>{t('watch.title')}</Title>
        {f?.path && (
          <Badge color={f.watching ? 'teal' : 'gray'} variant="light" data-testid="watched-folder-state">
            {t(f.watching ? 'watch.watching' : 'watch.notWatching')}
          </Badge>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {t('watch.description')}
      </Text>
      <Stack gap="sm">
        <TextInput
          label={t('watch.path')}
          placeholder={t('watch.pathPlaceholder')}
          value={path}
          onChange={(e) => setPath(e.currentTarget.value)}
          data-testid="watched-folder-path"
        />
        <Switch checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} label={t('watch.enabled')} />
        {f?.problem && (
          <Text size="sm" c="red">
            {t('watch.problem', { problem: f.problem })}
          </Text>
        )}
        {f?.path && !f.watching && !f.problem && f.enabled && (
          <Text size="sm" c="dimmed">
            {t('watch.notWatchingHint')}
          </Text>
        )}
        <Group>
          <Button
            onClick={() => void submit({ path: path.trim(), enabled })}
            disabled={save.isPending || path.trim() === ''}
            data-testid="watched-folder-save"
          >
            {t('watch.save')}
          </Button>
          {f?.path && (
            <Button variant="default" onClick={() => void submit({ path: null, enabled: false })} disabled={save.isPending}>
              {t('watch.remove')}
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  )
}

/** The Imports log of a store: each file the watched folder saw and what became of it. */
export function ImportsLogCard({ storeId }: { storeId: string }) {
  const { t } = useTranslation('imports')
  const log = useCall('imports.log', { storeId, limit: 200 })
  if (log.error) return <ErrorAlert error={log.error} onRetry={() => void log.refetch()} />
  const rows = log.data ?? []
  const counts = (c: Record<string, number> | null) =>
    c
      ? COUNT_KEYS.filter((k) => c[k] !== undefined)
          .map((k) => t(`counts.${k}`, { count: c[k] }))
          .join(' · ')
      : '—'
  return (
    <Card withBorder padding="lg" data-testid="imports-log">
      <Title order={4} mb="xs">
        {t('log.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('log.description')}
      </Text>
      {log.data && rows.length === 0 ? (
        <Text c="dimmed" data-testid="imports-log-empty">
          {t('log.empty')}
        </Text>
      ) : (
        <ScrollArea type="auto">
          <Table striped highlightOnHover miw={640} verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('log.at')}</Table.Th>
                <Table.Th miw={160}>{t('log.file')}</Table.Th>
                <Table.Th>{t('log.kind')}</Table.Th>
                <Table.Th miw={130}>{t('log.result')}</Table.Th>
                <Table.Th>{t('log.counts')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id} data-testid="imports-log-row">
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.at)}</Table.Td>
                  <Table.Td>
                    <Tooltip label={r.file} multiline maw={480}>
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {baseName(r.file)}
                      </Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>{r.kind ? t(`kind.${r.kind}`) : <Text c="dimmed">{t('log.notRecognised')}</Text>}</Table.Td>
                  <Table.Td>
                    <Stack gap={2} align="flex-start">
                      <Badge color={RESULT_COLOR[r.result]} variant="light" maw="none" styles={{ label: { overflow: 'visible' } }}>
                        {t(`result.${r.result}`)}
                      </Badge>
                      {r.error && (
                        <Text size="xs" c="dimmed" lineClamp={3} title={r.error}>
                          {r.error}
                        </Text>
                      )}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{counts(r.counts)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Card>
  )
}
