/**
 * Team mode on this desktop: connect to a team server, see the connection and the outbox (each
 * command with what the server decided), sync now, disconnect. Main: src/main/team/client.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  Group,
  Modal,
  PasswordInput,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconAlertTriangle, IconCloudUpload, IconLogout, IconPlugConnected, IconRefresh } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { OutboxEntry, TeamStatus } from '../../../../shared/contract/team'
import { useCall, useCallMutation } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { PageHeader } from '../../components/PageHeader'
import { formatDateTime } from '../../format'

function ConnectForm({ status }: { status: TeamStatus | undefined }) {
  const { t } = useTranslation('team')
  const connect = useCallMutation('team.connect', { invalidates: ['team'] })
  const [serverUrl, setServerUrl] = useState(status?.serverUrl ?? '')
  const [user, setUser] = useState(status?.user ?? '')
  const [password, setPassword] = useState('')
  const [insecure, setInsecure] = useState(status?.insecure ?? false)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    connect.mutate(
      { serverUrl: serverUrl.trim(), user: user.trim(), password, insecure },
      {
        onSuccess: (s) => {
          setPassword('')
          notifications.show({ color: 'teal', message: t('connect.done', { server: s.serverUrl, user: s.user }) })
        }
      }
    )
  }
  const plainHttp = /^http:\/\//i.test(serverUrl) && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/i.test(serverUrl)
  return (
    <form onSubmit={submit} data-testid="team-connect-form">
      <Stack gap="sm">
        <TextInput
          label={t('connect.server')}
          description={t('connect.serverHint')}
          placeholder="https://team.example.com"
          value={serverUrl}
          onChange={(e) => setServerUrl(e.currentTarget.value)}
          required
          data-testid="team-server"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('connect.user')}
            value={user}
            onChange={(e) => setUser(e.currentTarget.value)}
            required
            autoComplete="username"
            data-testid="team-user"
          />
          <PasswordInput
            label={t('connect.password')}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            required
            autoComplete="current-password"
            data-testid="team-password"
          />
        </SimpleGrid>
        {plainHttp && (
          <Checkbox
            color="orange"
            label={t('connect.insecure')}
            description={t('connect.insecureHint')}
            checked={insecure}
            onChange={(e) => setInsecure(e.currentTarget.checked)}
            data-testid="team-insecure"
          />
        )}
        {connect.error && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('connect.failed')} data-testid="team-connect-error">
            {connect.error.code === 'UNAUTHORIZED'
              ? t('connect.refused')
              : connect.error.code === 'OFFLINE'
                ? t('connect.unreachable')
                : connect.error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" leftSection={<IconPlugConnected size={18} />} loading={connect.isPending} data-testid="team-connect">
            {status?.connected ? t('connect.again') : t('connect.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

function Field({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <Stack gap={2} style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" fw={500} truncate data-testid={testId}>
        {children}
      </Text>
    </Stack>
  )
}

function StatusCard({ status }: { status: TeamStatus }) {
  const { t } = useTranslation('team')
  const sync = useCallMutation('team.sync', { invalidates: ['team'] })
  const disconnect = useCallMutation('team.disconnect', { invalidates: ['team'] })
  const [confirm, setConfirm] = useState(false)
  const runSync = () =>
    sync.mutate(
      {},
      {
        onSuccess: (r) =>
          notifications.show(
            r.error
              ? { color: 'orange', message: t('sync.failed', { reason: r.error.code === 'OFFLINE' ? t('sync.offline') : r.error.message }) }
              : { color: 'teal', message: t('sync.done', { applied: r.applied, refused: r.refused, pending: r.pending, pulled: r.pulled }) }
          )
      }
    )
  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Group gap="xs" wrap="nowrap">
          <Title order={4}>{t('status.title')}</Title>
          <Badge
            color={status.needsLogin ? 'orange' : status.online ? 'teal' : 'gray'}
            variant="light"
            data-testid="team-online"
            data-online={status.online}
          >
            {status.needsLogin ? t('status.needsLogin') : status.online ? t('status.online') : t('status.offline')}
          </Badge>
        </Group>
        <Group gap="xs">
          <Button leftSection={<IconRefresh size={18} />} onClick={runSync} loading={sync.isPending} data-testid="team-sync">
            {t('sync.now')}
          </Button>
          <Button variant="default" leftSection={<IconLogout size={18} />} onClick={() => setConfirm(true)} data-testid="team-disconnect">
            {t('disconnect.button')}
          </Button>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }} mt="md" spacing="md">
        <Field label={t('status.server')} testId="team-server-url">
          {status.serverUrl}
        </Field>
        <Field label={t('status.user')} testId="team-user-role">
          {status.user} · {status.role ? t(`roles.${status.role}`) : ''}
        </Field>
        <Field label={t('status.lastSync')} testId="team-last-sync">
          {status.lastSyncAt ? formatDateTime(status.lastSyncAt) : t('status.never')}
        </Field>
        <Field label={t('status.pending')} testId="team-pending">
          {t('status.pendingCount', { count: status.pending })}
        </Field>
      </SimpleGrid>
      {!status.online && !status.needsLogin && (
        <Text size="xs" c="dimmed" mt="sm" data-testid="team-last-contact">
          {status.lastContactAt ? t('status.lastContact', { time: formatDateTime(status.lastContactAt) }) : t('status.noContact')}
        </Text>
      )}
      {status.insecure && (
        <Alert mt="md" color="orange" icon={<IconAlertTriangle size={18} />} data-testid="team-insecure-warning">
          {t('status.insecure')}
        </Alert>
      )}
      {status.needsLogin && (
        <Alert
          mt="md"
          color="orange"
          icon={<IconAlertTriangle size={18} />}
          title={t('status.needsLoginTitle')}
          data-testid="team-needs-login"
        >
          <Text size="sm" mb="sm">
            {t('status.needsLoginBody')}
          </Text>
          <ConnectForm status={status} />
        </Alert>
      )}
      <Modal opened={confirm} onClose={() => setConfirm(false)} title={t('disconnect.title')} centered>
        <Stack>
          <Text size="sm">{t('disconnect.body', { server: status.serverUrl })}</Text>
          {status.pending > 0 && (
            <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="team-disconnect-pending">
              {t('disconnect.pending', { count: status.pending })}
            </Alert>
          )}
          {disconnect.error && <ErrorAlert error={disconnect.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(false)}>
              {t('disconnect.cancel')}
            </Button>
            <Button
              color="red"
              loading={disconnect.isPending}
              data-testid="team-disconnect-confirm"
              onClick={() => disconnect.mutate({ discardPending: status.pending > 0 }, { onSuccess: () => setConfirm(false) })}
            >
              {status.pending > 0 ? t('disconnect.discard') : t('disconnect.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  )
}

/** A short, readable description of a command's input (the fields a user recognises). */
function summary(e: OutboxEntry): string {
  const i = (e.input ?? {}) as Record<string, unknown>
  const parts: string[] = []
  if (typeof i.amazonOrderId === 'string') parts.push(i.amazonOrderId)
  if (typeof i.id === 'number' || typeof i.id === 'string') parts.push(`#${String(i.id)}`)
  if (Array.isArray(i.ids)) parts.push(`${i.ids.length} ×`)
  if (typeof i.fileName === 'string') parts.push(i.fileName)
  return parts.join(' · ') || JSON.stringify(i).slice(0, 60)
}

function ResultCell({ e }: { e: OutboxEntry }) {
  const { t } = useTranslation('team')
  if (e.state === 'applied')
    return (
      <Group gap={6} wrap="nowrap">
        <Badge color="teal" variant="light">
          {t('outbox.applied')}
        </Badge>
        {e.duplicate && (
          <Tooltip label={t('outbox.duplicateHint')} multiline w={260}>
            <Text size="xs" c="dimmed">
              {t('outbox.duplicate')}
            </Text>
          </Tooltip>
        )}
      </Group>
    )
  if (e.state === 'refused')
    return (
      <Stack gap={2}>
        <Badge color="red" variant="light">
          {t('outbox.refused')}
        </Badge>
        <Text size="xs" c="red.8" data-testid="team-outbox-reason">
          {t('outbox.reason', { reason: e.error?.message ?? '' })}
        </Text>
      </Stack>
    )
  return (
    <Stack gap={2}>
      <Badge color="gray" variant="light">
        {e.state === 'sent' ? t('outbox.sent') : t('outbox.waiting')}
      </Badge>
      {e.attempts > 0 && (
        <Text size="xs" c="dimmed">
          {t('outbox.attempts', { count: e.attempts })}
        </Text>
      )}
    </Stack>
  )
}

function OutboxCard() {
  const { t } = useTranslation('team')
  const outbox = useCall('team.outbox', {}, { refetchInterval: 15_000 })
  const rows = outbox.data ?? []
  return (
    <Card withBorder padding="lg">
      <Title order={4}>{t('outbox.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('outbox.hint')}
      </Text>
      {outbox.error && <ErrorAlert error={outbox.error} onRetry={() => void outbox.refetch()} />}
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="team-outbox-empty">
          {t('outbox.empty')}
        </Text>
      ) : (
        <ScrollArea>
          <Table striped highlightOnHover data-testid="team-outbox" miw={640}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('outbox.issuedAt')}</Table.Th>
                <Table.Th>{t('outbox.command')}</Table.Th>
                <Table.Th>{t('outbox.what')}</Table.Th>
                <Table.Th>{t('outbox.result')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((e) => (
                <Table.Tr key={e.id} data-testid="team-outbox-row" data-state={e.state}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.issuedAt)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Tooltip label={<Code>{e.id}</Code>}>
                      <Text size="sm">{t(`commands.${e.channel.replace('.', '_')}`, { defaultValue: e.channel })}</Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace" truncate maw={260}>
                      {summary(e)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <ResultCell e={e} />
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

export function TeamPage() {
  const { t } = useTranslation('team')
  const status = useCall('team.status', {}, { refetchInterval: 10_000 })
  const s = status.data
  return (
    <Stack gap="md" maw={1100}>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      {status.error && <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />}
      {s && !s.connected && (
        <Card withBorder padding="lg" data-testid="team-not-connected">
          <Group gap="xs" mb="xs">
            <IconCloudUpload size={20} />
            <Title order={4}>{t('connect.title')}</Title>
          </Group>
          <Text size="sm" c="dimmed" mb="md">
            {t('connect.intro')}
          </Text>
          <ConnectForm status={s} />
        </Card>
      )}
      {s?.connected && (
        <>
          <StatusCard status={s} />
          <OutboxCard />
          <Card withBorder padding="lg">
            <Title order={5} mb={4}>
              {t('offline.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('offline.body')}
            </Text>
          </Card>
        </>
      )}
    </Stack>
  )
}
