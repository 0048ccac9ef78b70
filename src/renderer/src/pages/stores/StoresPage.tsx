import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Tooltip
} from '@mantine/core'
import { modals } from '@mantine/modals'
import { notifications } from '@mantine/notifications'
import { IconBuildingStore, IconPlugConnected, IconPlus } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useSearchParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { Output } from '../../../../shared/contract'
import { MARKETPLACES, type Region } from '../../../../shared/ids'
import { call, ContractError, useCall, useCallMutation } from '../../api/client'
import { EmptyState } from '../../components/EmptyState'
import { ErrorAlert, notifyError } from '../../components/ErrorAlert'
import { PageHeader } from '../../components/PageHeader'
import { marketplaceText } from '../../labels'

type Store = Output<'stores.list'>[number]
type Form = {
  /** With SP-API (seller id, LWA fields) or files only. */
  api: boolean
  name: string
  region: Region
  sellerId: string
  marketplaceIds: string[]
  lwaClientId: string
  lwaClientSecret: string
  refreshToken: string
}
const EMPTY: Form = {
  api: false,
  name: '',
  region: 'NA',
  sellerId: '',
  marketplaceIds: [],
  lwaClientId: '',
  lwaClientSecret: '',
  refreshToken: ''
}

/** Field errors from a VALIDATION error's details (zod issue paths). */
function fieldErrors(e: unknown, translate: (key: string, fallback: string) => string): Record<string, string> {
  if (!(e instanceof ContractError) || e.code !== 'VALIDATION' || !Array.isArray(e.details)) return {}
  const out: Record<string, string> = {}
  for (const d of e.details as { path: string[]; message: string }[]) {
    const key = d.path.filter((p) => p !== 'patch' && p !== 'secrets' && !/^\d+$/.test(p)).join('.')
    // Per-field text in the user's language; the server's (English) message when none exists.
    if (key && !out[key]) out[key] = translate(key, d.message)
  }
  return out
}

function StoreForm(props: { initial?: Store; onDone(): void }) {
  const { t } = useTranslation('stores')
  const editing = props.initial !== undefined
  const [form, setForm] = useState<Form>(
    props.initial
      ? {
          ...EMPTY,
          api: !props.initial.fileOnly,
          name: props.initial.name,
          region: props.initial.region,
          sellerId: props.initial.sellerId ?? '',
          marketplaceIds: props.initial.marketplaceIds,
          lwaClientId: props.initial.lwaClientId ?? ''
        }
      : EMPTY
  )
  const create = useCallMutation('stores.create')
  const update = useCallMutation('stores.update')
  const m = editing ? update : create
  const errors = fieldErrors(m.error, (key, fallback) => t(`validation.${key}`, { defaultValue: fallback }))
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }))

  const submit = async () => {
    const secrets = {
      ...(form.lwaClientSecret ? { lwaClientSecret: form.lwaClientSecret } : {}),
      ...(form.refreshToken ? { refreshToken: form.refreshToken } : {})
    }
    // A file-only store sends no SP-API fields; switching the API on adds them (also later, on edit).
    const fields = {
      name: form.name,
      region: form.region,
      marketplaceIds: form.marketplaceIds,
      ...(form.api ? { sellerId: form.sellerId.trim(), lwaClientId: form.lwaClientId.trim() } : {})
    }
    const hasSecrets = form.api && Object.keys(secrets).length > 0
    try {
      if (editing) await update.mutateAsync({ id: props.initial!.id, patch: fields, ...(hasSecrets ? { secrets } : {}) })
      else await create.mutateAsync({ ...fields, ...(hasSecrets ? { secrets } : {}) })
      notifications.show({ color: 'teal', message: t('saved') })
      props.onDone()
    } catch {
      /* shown below */
    }
  }

  const generalError = m.error && Object.keys(errors).length === 0 ? m.error : null
  return (
    <Stack>
      <TextInput
        label={t('fields.name')}
        placeholder={t('fields.namePlaceholder')}
        value={form.name}
        onChange={(e) => set('name', e.currentTarget.value)}
        error={errors.name}
        required
        data-autofocus
        data-testid="store-name"
      />
      <Select
        label={t('fields.region')}
        value={form.region}
        allowDeselect={false}
        onChange={(v) =>
          v &&
          setForm((f) => ({
            ...f,
            region: v as Region,
            marketplaceIds: f.marketplaceIds.filter((id) => MARKETPLACES[v as Region].some((x) => x.id === id))
          }))
        }
        data={(['NA', 'EU', 'FE'] as const).map((r) => ({ value: r, label: t(`fields.regions.${r}`) }))}
        error={errors.region}
      />
      <MultiSelect
        label={t('fields.marketplaces')}
        value={form.marketplaceIds}
        onChange={(v) => set('marketplaceIds', v)}
        // Names in the user's language; the id as the option's second line (and the chip's tooltip).
        data={MARKETPLACES[form.region].map((m) => ({ value: m.id, label: marketplaceText(t, m.id) }))}
        renderOption={({ option }) => (
          <div data-testid="store-marketplace-option">
            <Text size="sm">{option.label}</Text>
            <Text size="xs" c="dimmed" ff="monospace">
              {option.value}
            </Text>
          </div>
        )}
        error={errors.marketplaceIds}
        searchable
        required
        data-testid="store-marketplaces"
      />
      <Switch
        label={t('fields.api')}
        description={t('fields.apiHint')}
        checked={form.api}
        // Taking API access away from a store is not offered: remove and re-add it instead.
        disabled={editing && !props.initial!.fileOnly}
        onChange={(e) => set('api', e.currentTarget.checked)}
        data-testid="store-api-switch"
      />
      {form.api && (
        <>
          <TextInput
            label={t('fields.sellerId')}
            description={t('fields.sellerIdHint')}
            value={form.sellerId}
            onChange={(e) => set('sellerId', e.currentTarget.value)}
            error={errors.sellerId}
            required
          />
          <TextInput
            label={t('fields.lwaClientId')}
            placeholder="amzn1.application-oa2-client.…"
            value={form.lwaClientId}
            onChange={(e) => set('lwaClientId', e.currentTarget.value)}
            error={errors.lwaClientId}
            required
          />
          <PasswordInput
            label={t('fields.lwaClientSecret')}
            description={editing ? t('fields.secretKeep') : t('fields.secretHint')}
            value={form.lwaClientSecret}
            onChange={(e) => set('lwaClientSecret', e.currentTarget.value)}
            error={errors.lwaClientSecret}
            autoComplete="off"
          />
          <PasswordInput
            label={t('fields.refreshToken')}
            description={editing ? t('fields.secretKeep') : t('fields.secretHint')}
            value={form.refreshToken}
            onChange={(e) => set('refreshToken', e.currentTarget.value)}
            error={errors.refreshToken}
            autoComplete="off"
          />
        </>
      )}
      {generalError && <ErrorAlert error={generalError} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={props.onDone}>
          {t('common:actions.cancel')}
        </Button>
        <Button onClick={() => void submit()} loading={m.isPending} data-testid="store-save">
          {t('common:actions.save')}
        </Button>
      </Group>
    </Stack>
  )
}

function TestConnectionButton({ store }: { store: Store }) {
  const { t } = useTranslation('stores')
  const [pending, setPending] = useState(false)
  const run = async () => {
    setPending(true)
    try {
      const r = await call('stores.testConnection', { id: store.id })
      notifications.show({ color: r.ok ? 'teal' : 'red', title: r.ok ? t('connectionOk') : t('connectionFailed'), message: r.message })
    } catch (e) {
      const notAvailable = e instanceof ContractError && e.code === 'NOT_IMPLEMENTED'
      notifications.show({
        color: notAvailable ? 'yellow' : 'red',
        title: t('connectionFailed'),
        message: notAvailable ? t('notAvailable') : (e as Error).message
      })
    } finally {
      setPending(false)
    }
  }
  return (
    <Button
      size="xs"
      variant="light"
      leftSection={<IconPlugConnected size={14} />}
      loading={pending}
      onClick={() => void run()}
      data-testid={`test-connection-${store.id}`}
    >
      {t('testConnection')}
    </Button>
  )
}

function StoresTable() {
  const { t } = useTranslation('stores')
  const stores = useCall('stores.list', {})
  const remove = useCallMutation('stores.remove', { invalidates: ['stores', 'settings'] })
  // "#/stores?add=1" (the offer shown where a file can't be imported for want of a store) opens the form.
  const [params, setParams] = useSearchParams()
  const [editing, setEditing] = useState<Store | 'new' | null>(() => (params.get('add') === '1' ? 'new' : null))
  useEffect(() => {
    if (params.get('add') === '1') setParams({}, { replace: true })
  }, [params, setParams])

  const confirmRemove = (s: Store) =>
    modals.openConfirmModal({
      title: t('confirmRemoveTitle', { name: s.name }),
      children: <Text size="sm">{t('confirmRemoveBody')}</Text>,
      labels: { confirm: t('common:actions.remove'), cancel: t('common:actions.cancel') },
      confirmProps: { color: 'red', 'data-testid': 'confirm-remove' } as never,
      onConfirm: () =>
        void remove.mutateAsync({ id: s.id }).then(
          () => notifications.show({ color: 'teal', message: t('removed') }),
          (e: unknown) => notifyError(t, e)
        )
    })

  const addButton = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="store-add">
      {t('add')}
    </Button>
  )

  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} actions={stores.data && stores.data.length > 0 ? addButton : undefined} />
      {stores.isLoading && <Text c="dimmed">{t('common:loading')}</Text>}
      {stores.error && <ErrorAlert error={stores.error} onRetry={() => void stores.refetch()} />}
      {stores.data && stores.data.length === 0 && (
        <EmptyState
          icon={<IconBuildingStore size={28} />}
          title={t('emptyTitle')}
          body={t('emptyBody')}
          action={addButton}
          testId="stores-empty"
        />
      )}
      {stores.data && stores.data.length > 0 && (
        <Table striped highlightOnHover verticalSpacing="sm" data-testid="stores-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('columns.name')}</Table.Th>
              <Table.Th>{t('columns.region')}</Table.Th>
              <Table.Th>{t('columns.sellerId')}</Table.Th>
              <Table.Th>{t('columns.marketplaces')}</Table.Th>
              <Table.Th>{t('columns.credentials')}</Table.Th>
              <Table.Th>{t('columns.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {stores.data.map((s) => (
              <Table.Tr key={s.id} data-testid="store-row">
                <Table.Td>
                  <Group gap="xs">
                    <Text fw={500}>{s.name}</Text>
                    {s.isDemo && (
                      <Badge size="sm" color="grape" variant="light">
                        {t('demoBadge')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Tooltip label={s.region}>
                    <span>{t(`fields.regions.${s.region}`)}</span>
                  </Tooltip>
                </Table.Td>
                <Table.Td>
                  <Text ff="monospace" size="sm">
                    {s.sellerId ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {s.marketplaceIds.map((id) => (
                      <Tooltip key={id} label={id}>
                        <Badge variant="outline" size="sm">
                          {marketplaceText(t, id)}
                        </Badge>
                      </Tooltip>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  {s.isDemo ? (
                    <Badge color="grape" variant="dot">
                      {t('credentials.demo')}
                    </Badge>
                  ) : s.fileOnly ? (
                    <Tooltip label={t('credentials.fileOnlyHint')} multiline w={280}>
                      <Badge color="gray" variant="dot" data-testid="store-file-only">
                        {t('credentials.fileOnly')}
                      </Badge>
                    </Tooltip>
                  ) : s.hasCredentials ? (
                    <Badge color="teal" variant="dot">
                      {t('credentials.keychain')}
                    </Badge>
                  ) : (
                    <Badge color="orange" variant="dot">
                      {t('credentials.missing')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    {!s.fileOnly && <TestConnectionButton store={s} />}
                    <Button size="xs" variant="default" onClick={() => setEditing(s)} data-testid={`store-edit-${s.id}`}>
                      {t('common:actions.edit')}
                    </Button>
                    <Button size="xs" variant="subtle" color="red" onClick={() => confirmRemove(s)} data-testid={`store-remove-${s.id}`}>
                      {t('common:actions.remove')}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === 'new' ? t('add') : t('edit')} size="lg">
        {editing !== null && <StoreForm initial={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />}
      </Modal>
      {stores.data === undefined && !stores.isLoading && !stores.error && <Alert>{t('common:loading')}</Alert>}
    </>
  )
}

export function StoresPage() {
  return <StoresTable />
}
