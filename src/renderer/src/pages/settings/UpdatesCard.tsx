import { Button, Card, Group, Stack, Switch, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useTranslation } from 'react-i18next'
import { useCall, useCallMutation } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'

/**
 * Application updates (desktop app): the "Check for updates" setting (off by default), Check now,
 * and the user's yes before anything is downloaded.
 */
export function UpdatesCard() {
  const { t } = useTranslation('settings')
  // While a check or a download runs in main, look again every few seconds.
  const status = useCall(
    'updates.status',
    {},
    { refetchInterval: (q) => (q.state.data && ['checking', 'downloading'].includes(q.state.data.state) ? 2000 : false) }
  )
  const setCheck = useCallMutation('updates.setCheckForUpdates')
  const check = useCallMutation('updates.check')
  const download = useCallMutation('updates.download')
  const install = useCallMutation('updates.install')
  const fail = (e: Error) => notifications.show({ color: 'red', message: e.message })
  if (status.error) return <ErrorAlert error={status.error} onRetry={() => void status.refetch()} />
  const s = status.data
  const busy = setCheck.isPending || check.isPending || download.isPending || install.isPending
  return (
    <Card withBorder padding="lg" data-testid="updates-card">
      <Title order={4} mb="sm">
        {t('updates.title')}
      </Title>
      {!s ? (
        <Text c="dimmed">{t('common:loading')}</Text>
      ) : (
        <Stack gap="md">
          <Switch
            data-testid="setting-checkForUpdates"
            checked={s.checkForUpdates}
            disabled={busy || !s.supported}
            onChange={(e) =>
              void setCheck
                .mutateAsync({ enabled: e.currentTarget.checked })
                .then(() => notifications.show({ color: 'teal', message: t('saved'), autoClose: 1500 }), fail)
            }
            label={t('updates.checkLabel')}
            description={t('updates.checkDescription')}
          />
          {!s.supported ? (
            <Text size="sm" c="dimmed" data-testid="updates-unsupported">
              {t('updates.unsupported')}
            </Text>
          ) : (
            <Stack gap="xs">
              <Text size="sm" data-testid="updates-state">
                {t(`updates.state.${s.state}`, { current: s.currentVersion, version: s.version ?? '', message: s.message ?? '' })}
              </Text>
              {s.state === 'available' && s.message && (
                <Text size="sm" c="red">
                  {t('updates.downloadFailed', { message: s.message })}
                </Text>
              )}
              <Group>
                <Button
                  variant="default"
                  data-testid="updates-check"
                  loading={check.isPending || s.state === 'checking'}
                  disabled={busy || s.state === 'downloading' || s.state === 'downloaded'}
                  onClick={() => void check.mutateAsync({}).catch(fail)}
                >
                  {t('updates.checkNow')}
                </Button>
                {s.state === 'available' && (
                  <Button
                    data-testid="updates-download"
                    loading={download.isPending}
                    onClick={() => void download.mutateAsync({}).catch(fail)}
                  >
                    {t('updates.download', { version: s.version ?? '' })}
                  </Button>
                )}
                {s.state === 'downloaded' && (
                  <Button
                    data-testid="updates-install"
                    loading={install.isPending}
                    onClick={() => void install.mutateAsync({}).catch(fail)}
                  >
                    {t('updates.install')}
                  </Button>
                )}
              </Group>
            </Stack>
          )}
        </Stack>
      )}
    </Card>
  )
}
