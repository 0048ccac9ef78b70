/** Kit definitions of the selected store: table, add a component line, CSV import. */
import { ActionIcon, Alert, Button, Group, Modal, NumberInput, Stack, Table, Text, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useCall, useCallMutation } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { ImportDropzone } from '../../components/ImportDropzone'

export function KitsModal(props: { storeId: string; opened: boolean; onClose(): void }) {
  const { t } = useTranslation('rmas')
  const kits = useCall('rmas.kitsList', { storeId: props.storeId }, { enabled: props.opened })
  const save = useCallMutation('rmas.kitsSave')
  const remove = useCallMutation('rmas.kitsRemove')
  const importKits = useCallMutation('rmas.kitsImport')
  const [form, setForm] = useState({ parentSku: '', componentSku: '', quantity: 1 })
  const [rejected, setRejected] = useState<{ line: number; reason: string }[]>([])

  const add = async () => {
    await save.mutateAsync({ storeId: props.storeId, ...form })
    setForm({ parentSku: form.parentSku, componentSku: '', quantity: 1 })
  }
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('kits.title')} size="lg" data-testid="rma-kits-modal">
      <Stack>
        <Text size="sm" c="dimmed">
          {t('kits.hint')}
        </Text>
        {kits.error && <ErrorAlert error={kits.error} onRetry={() => void kits.refetch()} />}
        {(save.error || remove.error || importKits.error) && (
          <ErrorAlert error={save.error ?? remove.error ?? importKits.error} what={importKits.error ? 'import' : 'save'} />
        )}
        {kits.data && kits.data.length === 0 && <Text c="dimmed">{t('kits.empty')}</Text>}
        {kits.data && kits.data.length > 0 && (
          <Table striped withTableBorder fz="sm" data-testid="rma-kits-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('kits.parentSku')}</Table.Th>
                <Table.Th>{t('kits.componentSku')}</Table.Th>
                <Table.Th ta="right">{t('kits.quantity')}</Table.Th>
                <Table.Th w={40} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {kits.data.map((k) => (
                <Table.Tr key={k.id}>
                  <Table.Td>{k.parentSku}</Table.Td>
                  <Table.Td>{k.componentSku}</Table.Td>
                  <Table.Td ta="right">{k.quantity}</Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('common:actions.remove')}
                      onClick={() => void remove.mutateAsync({ id: k.id })}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            label={t('kits.parentSku')}
            value={form.parentSku}
            onChange={(e) => setForm({ ...form, parentSku: e.currentTarget.value })}
            data-testid="kit-parent"
          />
          <TextInput
            label={t('kits.componentSku')}
            value={form.componentSku}
            onChange={(e) => setForm({ ...form, componentSku: e.currentTarget.value })}
            data-testid="kit-component"
          />
          <NumberInput
            label={t('kits.quantity')}
            w={90}
            min={1}
            value={form.quantity}
            onChange={(v) => setForm({ ...form, quantity: typeof v === 'number' ? v : 1 })}
          />
          <Button
            onClick={() => void add()}
            loading={save.isPending}
            disabled={!form.parentSku.trim() || !form.componentSku.trim()}
            data-testid="kit-add"
          >
            {t('kits.add')}
          </Button>
        </Group>
        <ImportDropzone
          compact
          title={t('kits.dropTitle')}
          hint={t('kits.dropHint')}
          testId="rma-kits-dropzone"
          onStaged={(f) =>
            void importKits.mutateAsync({ storeId: props.storeId, fileId: f.fileId }).then((r) => {
              setRejected(r.rejected)
              notifications.show({
                color: r.rejected.length ? 'orange' : 'teal',
                message: t('kits.imported', { created: r.created, updated: r.updated, rejected: r.rejected.length })
              })
            })
          }
        />
        {rejected.length > 0 && (
          <Alert color="orange">
            {rejected.slice(0, 20).map((r) => (
              <Text size="sm" key={r.line}>
                {t('kits.rejectedLine', { line: r.line, reason: r.reason })}
              </Text>
            ))}
          </Alert>
        )}
      </Stack>
    </Modal>
  )
}
