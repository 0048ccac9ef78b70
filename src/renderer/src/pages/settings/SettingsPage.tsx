import { Card, Group, Select, Stack, Switch, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconSettings } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { StoreSettingsValues } from '../../../../shared/contract/settings'
import { useCall, useCallMutation } from '../../api/client'
import { EmptyState } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { PageHeader } from '../../components/PageHeader'
import { useSelectedStore } from '../../store-context'
import { UpdatesCard } from './UpdatesCard'
import { ImportsLogCard, WatchedFolderCard } from './ImportsCards'

type Key = keyof StoreSettingsValues
const SECTIONS: { key: 'rma' | 'refunds' | 'queue'; settings: Key[] }[] = [
  { key: 'rma', settings: ['downloadRmaReport', 'noRmaForReturnlessRefunds', 'refundOnReceipt'] },
  { key: 'refunds', settings: ['allowOverRefund', 'allowZeroInventoryOnCancel', 'allowCancelWithoutAmazon'] },
  { key: 'queue', settings: ['queueRefundsAndCancellations', 'queueAutoSubmit'] }
]

/** Settings that only queue work, so they need the queue on (the store service enforces it too). */
const NEEDS_QUEUE: Key[] = ['queueAutoSubmit', 'refundOnReceipt']

function StoreSettingsForm({ storeId }: { storeId: string }) {
  const { t } = useTranslation('settings')
  const settings = useCall('settings.get', { storeId })
  const update = useCallMutation('settings.update')
  if (settings.error) return <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />
  if (!settings.data) return <Text c="dimmed">{t('common:loading')}</Text>
  const s = settings.data
  const toggle = (key: Key, value: boolean) =>
    update.mutateAsync({ storeId, patch: { [key]: value } }).then(
      () => notifications.show({ color: 'teal', message: t('saved'), autoClose: 1500 }),
      (e: Error) => notifications.show({ color: 'red', message: e.message })
    )
  return (
    <Stack>
      {SECTIONS.map((section) => (
        <Card withBorder key={section.key} padding="lg">
          <Title order={4} mb="sm">
            {t(`sections.${section.key}`)}
          </Title>
          <Stack gap="md">
            {section.settings.map((key) => (
              <Switch
                key={key}
                data-testid={`setting-${key}`}
                checked={s[key]}
                disabled={update.isPending || (NEEDS_QUEUE.includes(key) && !s.queueRefundsAndCancellations)}
                onChange={(e) => void toggle(key, e.currentTarget.checked)}
                label={t(`keys.${key}.label`)}
                description={t(`keys.${key}.description`)}
              />
            ))}
          </Stack>
        </Card>
      ))}
    </Stack>
  )
}

export function SettingsPage() {
  const { t } = useTranslation('settings')
  const { storeId, setStoreId } = useSelectedStore()
  const stores = useCall('stores.list', {})
  const list = stores.data ?? []
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <Stack maw={760} mb="lg">
        <UpdatesCard />
      </Stack>
      {stores.error && <ErrorAlert error={stores.error} />}
      {stores.data && list.length === 0 && (
        <EmptyState icon={<IconSettings size={28} />} title={t('title')} body={t('noStores')} testId="settings-empty" />
      )}
      {list.length > 0 && (
        <Stack maw={760}>
          <Group align="flex-end">
            <Select
              label={t('pickStore')}
              data-testid="settings-store"
              w={320}
              value={storeId}
              placeholder={t('pickStore')}
              onChange={(v) => setStoreId(v)}
              data={list.map((s) => ({ value: s.id, label: s.name }))}
            />
          </Group>
          {storeId ? (
            <>
              <StoreSettingsForm storeId={storeId} />
              <WatchedFolderCard storeId={storeId} />
              <ImportsLogCard storeId={storeId} />
            </>
          ) : (
            <Text c="dimmed">{t('pickStoreHint')}</Text>
          )}
        </Stack>
      )}
    </>
  )
}
