import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Loader,
  Modal,
  ScrollArea,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconAlertTriangle, IconDatabaseExport, IconRestore, IconShieldCheck } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { BackupEntry } from '../../../../shared/contract/backups'
import { call, useCall, useCallMutation } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { PageHeader } from '../../components/PageHeader'
import { formatDateTime } from '../../format'
import { i18n } from '../../i18n'

export function formatBytes(n: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const
  let v = n
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return new Intl.NumberFormat(i18n.language, {
    style: 'unit',
    unit: units[u],
    unitDisplay: 'short',
    maximumFractionDigits: u >= 2 ? 1 : 0
  }).format(v)
}

function StatusCard() {
  const { t } = useTranslation('backups')
  const status = useCall('backups.status', {})
  const now = useCallMutation('backups.now', { invalidates: ['backups'] })
  const s = status.data
  const run = () =>
    now.mutateAsync({}).then(
      (b) => notifications.show({ color: 'teal', message: t('done', { size: formatBytes(b.sizeBytes) }) }),
      (e: Error) => notifications.show({ color: 'red', message: e.message, autoClose: false })
    )
  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4} style={{ minWidth: 0 }}>
          {s?.lastGoodAt ? (
            <Group gap="xs" wrap="nowrap">
              <IconShieldCheck size={20} color={s.stale ? 'var(--mantine-color-orange-6)' : 'var(--mantine-color-teal-6)'} />
              <Text fw={600} data-testid="backups-last">
                {t('lastGood', { time: formatDateTime(s.lastGoodAt) })}
              </Text>
            </Group>
          ) : null}
          <Text size="sm" c="dimmed">
            {t('retention')}
          </Text>
        </Stack>
        <Button
          leftSection={<IconDatabaseExport size={18} />}
          onClick={() => void run()}
          loading={now.isPending}
          data-testid="backups-now"
          style={{ flexShrink: 0 }}
        >
          {t('now')}
        </Button>
      </Group>
      {s?.damaged && (
        <Alert mt="md" color="red" icon={<IconAlertTriangle size={18} />} title={t('damaged')} data-testid="backups-damaged">
          {t('damagedBody', { detail: s.damaged })}
        </Alert>
      )}
      {s?.lastFailure && (
        <Alert
          mt="md"
          color="red"
          icon={<IconAlertTriangle size={18} />}
          title={t('failed', { time: formatDateTime(s.lastFailure.at) })}
          data-testid="backups-failed"
        >
          {s.lastFailure.message}
        </Alert>
      )}
      {s?.stale && (
        <Alert
          mt="md"
          color="orange"
          icon={<IconAlertTriangle size={18} />}
          title={s.lastGoodAt ? t('stale') : t('none')}
          data-testid="backups-stale"
        >
          {s.lastGoodAt ? t('staleBody', { time: formatDateTime(s.lastGoodAt) }) : t('noneBody')}
        </Alert>
      )}
    </Card>
  )
}

function FolderCard() {
  const { t } = useTranslation('backups')
  const status = useCall('backups.status', {})
  const save = useCallMutation('backups.setFolder', { invalidates: ['backups'] })
  const [value, setValue] = useState('')
  useEffect(() => {
    if (status.data) setValue(status.data.folder)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- refill the field only when the saved folder changes, not on every refetch
  }, [status.data?.folder])
  const s = status.data
  const submit = (folder: string | null) =>
    save.mutateAsync({ folder }).then(
      () => notifications.show({ color: 'teal', message: t('folder.saved'), autoClose: 1500 }),
      () => undefined
    )
  return (
    <Card withBorder padding="lg">
      <Title order={4} mb="xs">
        {t('folder.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('folder.hint')}
      </Text>
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label={t('folder.label')}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          style={{ flex: '1 1 320px' }}
          data-testid="backups-folder"
          error={save.error?.message}
        />
        <Button
          variant="default"
          onClick={() => void submit(value.trim())}
          disabled={!value.trim() || value === s?.folder}
          loading={save.isPending}
          data-testid="backups-folder-save"
        >
          {t('common:actions.save')}
        </Button>
        {s && s.folder !== s.defaultFolder && (
          <Button variant="subtle" onClick={() => void submit(null)}>
            {t('folder.default')}
          </Button>
        )}
      </Group>
      {s && s.folder === s.defaultFolder && (
        <Text size="xs" c="dimmed" mt={6}>
          {t('folder.isDefault')}
        </Text>
      )}
    </Card>
  )
}

/**
 * Polls until the restarted app answers, then reloads the page on the restored data. "Restarted"
 * means a different bootId: the old services may still answer for a moment while they stop, and
 * a reload then would show the data from before the restore.
 */
async function waitForRestart(before: string): Promise<boolean> {
  for (let i = 0; i < 120; i++) {
    await new Promise((r) => setTimeout(r, 1000))
    try {
      if ((await call('app.info', {})).bootId !== before) return true
    } catch {
      // stopped or starting: ask again
    }
  }
  return false
}

function RestoreModal({ entry, onClose }: { entry: BackupEntry; onClose: () => void }) {
  const { t } = useTranslation('backups')
  const contents = useCall('backups.inspect', { name: entry.name })
  const restore = useCallMutation('backups.restore', { invalidates: [] })
  const [sure, setSure] = useState(false)
  const [phase, setPhase] = useState<'idle' | 'restarting' | 'failed'>('idle')
  const c = contents.data
  const blocked = !c || !c.integrity.ok || c.schema === 'newer' || c.schema === 'none'
  const go = async () => {
    const { bootId } = await call('app.info', {})
    await restore.mutateAsync({ name: entry.name })
    setPhase('restarting')
    if (await waitForRestart(bootId)) window.location.reload()
    else setPhase('failed')
  }
  const label = (table: string) => (i18n.exists(`backups:tables.${table}`) ? t(`tables.${table}`) : table)
  return (
    <Modal
      opened
      onClose={phase === 'restarting' ? () => undefined : onClose}
      title={t('restore.title')}
      size="lg"
      data-testid="restore-modal"
    >
      <Stack>
        <Text size="sm">
          {t('restore.taken', { time: formatDateTime(entry.createdAt) })} · {t(`reasons.${entry.reason}`)} · {formatBytes(entry.sizeBytes)}
        </Text>
        {contents.error && <ErrorAlert error={contents.error} />}
        {!c && !contents.error && <Loader size="sm" />}
        {c && !c.integrity.ok && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="restore-damaged">
            {t('restore.damaged', { detail: c.integrity.detail })}
          </Alert>
        )}
        {c?.schema === 'newer' && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="restore-newer">
            {t('restore.newer')}
          </Alert>
        )}
        {c?.schema === 'none' && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="restore-foreign">
            {t('restore.foreign')}
          </Alert>
        )}
        {c?.schema === 'older' && (
          <Text size="sm" c="dimmed">
            {t('restore.older')}
          </Text>
        )}
        {c && c.integrity.ok && c.schema !== 'none' && (
          <>
            <Text fw={600} size="sm">
              {t('restore.contents')}
            </Text>
            <ScrollArea.Autosize mah={260} type="auto">
              <Table striped withTableBorder data-testid="restore-contents" fz="sm" verticalSpacing={4}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('restore.table')}</Table.Th>
                    <Table.Th ta="right">{t('restore.rows')}</Table.Th>
                    <Table.Th>{t('restore.newest')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {c.tables
                    .filter((r) => r.rows > 0)
                    .map((r) => (
                      <Table.Tr key={r.table}>
                        <Table.Td>{label(r.table)}</Table.Td>
                        <Table.Td ta="right">{r.rows.toLocaleString(i18n.language)}</Table.Td>
                        <Table.Td>{formatDateTime(r.newest)}</Table.Td>
                      </Table.Tr>
                    ))}
                </Table.Tbody>
              </Table>
            </ScrollArea.Autosize>
            {c.inFlight.batches + c.inFlight.entries > 0 && (
              <Alert color="orange" icon={<IconAlertTriangle size={18} />} data-testid="restore-inflight">
                {t('restore.inFlight', c.inFlight)}
              </Alert>
            )}
            <Text size="sm">{t('restore.replace', { time: formatDateTime(entry.createdAt) })}</Text>
            <Checkbox
              checked={sure}
              onChange={(e) => setSure(e.currentTarget.checked)}
              label={t('restore.confirm')}
              data-testid="restore-confirm"
            />
          </>
        )}
        {restore.error && <ErrorAlert error={restore.error} />}
        {phase === 'restarting' && (
          <Group gap="xs" data-testid="restore-restarting">
            <Loader size="sm" />
            <Text size="sm">{t('restore.restarting')}</Text>
          </Group>
        )}
        {phase === 'failed' && <Alert color="red">{t('restore.failed')}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={phase === 'restarting'}>
            {t('common:actions.cancel')}
          </Button>
          <Button
            color="red"
            leftSection={<IconRestore size={18} />}
            disabled={blocked || !sure || phase !== 'idle'}
            loading={restore.isPending}
            onClick={() => void go()}
            data-testid="restore-go"
          >
            {t('restore.go')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

function BackupList() {
  const { t } = useTranslation('backups')
  const list = useCall('backups.list', {})
  const [picked, setPicked] = useState<BackupEntry | null>(null)
  if (list.error) return <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
  const rows = list.data ?? []
  return (
    <Card withBorder padding="lg">
      <Title order={4} mb="sm">
        {t('list.title')}
      </Title>
      {list.data && rows.length === 0 ? (
        <Text c="dimmed" size="sm" data-testid="backups-empty">
          {t('list.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover data-testid="backups-table" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('list.time')}</Table.Th>
                <Table.Th>{t('list.reason')}</Table.Th>
                <Table.Th ta="right">{t('list.size')}</Table.Th>
                <Table.Th>{t('list.check')}</Table.Th>
                <Table.Th>{t('list.evidence')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((b) => (
                <Table.Tr key={b.name} data-testid="backup-row">
                  <Table.Td>
                    <Tooltip label={b.name} openDelay={400}>
                      <span>{formatDateTime(b.createdAt)}</span>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>{t(`reasons.${b.reason}`)}</Table.Td>
                  <Table.Td ta="right">{formatBytes(b.sizeBytes)}</Table.Td>
                  <Table.Td>
                    {b.verified ? (
                      <Badge color="teal" variant="light">
                        {t('list.verified')}
                      </Badge>
                    ) : (
                      <Tooltip label={t('list.unverifiedHint')} multiline w={260}>
                        <Badge color="gray" variant="light">
                          {t('list.unverified')}
                        </Badge>
                      </Tooltip>
                    )}
                  </Table.Td>
                  <Table.Td>{b.evidence ? t('list.withEvidence') : '—'}</Table.Td>
                  <Table.Td ta="right">
                    <Button size="xs" variant="light" onClick={() => setPicked(b)} data-testid="backup-restore">
                      {t('list.restore')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {picked && <RestoreModal entry={picked} onClose={() => setPicked(null)} />}
    </Card>
  )
}

export function BackupsPage() {
  const { t } = useTranslation('backups')
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <Stack maw={980}>
        <StatusCard />
        <BackupList />
        <FolderCard />
      </Stack>
    </>
  )
}
