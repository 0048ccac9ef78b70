/** One batch: Document Number, Batch ID, state, and each entry's result with Amazon's message; retry failed; resolve uncertain. */
import { Alert, Anchor, Badge, Button, Code, Drawer, Group, Loader, Stack, Table, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useCall, useCallMutation } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { CodeLabel } from '../../labels'
import { formatDateTime, formatMoney } from '../../format'
import { BatchStateBadge, EntryStatusBadge, isFinalBatch } from './BatchStateBadge'
import { ByHandPanel } from './ByHandPanel'
import { orderHref } from './live'
import { ResolveModal } from './ResolveModal'

function Field({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={150} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" component="div" data-testid={testId} style={{ wordBreak: 'break-all' }}>
        {children}
      </Text>
    </Group>
  )
}

const RESULT_COLORS: Record<string, string> = { pending: 'gray', ok: 'teal', warning: 'yellow', error: 'red' }

export function BatchDrawer({ id, onClose, onRetried }: { id: number | null; onClose(): void; onRetried?(batchId: number): void }) {
  const { t } = useTranslation('queue')
  const q = useCall(
    'queue.batch',
    { id: id ?? 0 },
    { enabled: id !== null, refetchInterval: (query) => (query.state.data && isFinalBatch(query.state.data.batch.state) ? false : 2000) }
  )
  const retry = useCallMutation('queue.retryFailed', { invalidates: ['queue', 'orders'] })
  const [resolving, setResolving] = useState<number[] | null>(null)
  const b = q.data?.batch
  const entries = q.data?.entries ?? []
  const failed = entries.filter((e) => e.entryStatus === 'failed')
  const uncertain = entries.filter((e) => e.entryStatus === 'uncertain')
  const doRetry = async () => {
    const nb = await retry.mutateAsync({ batchId: b!.id })
    notifications.show({ color: 'teal', message: t('batch.retried', { id: nb.id, count: nb.messageCount }) })
    onRetried?.(nb.id)
  }
  return (
    <Drawer
      opened={id !== null}
      onClose={() => {
        retry.reset()
        onClose()
      }}
      position="right"
      size="xl"
      title={b ? <Title order={3}>{t('batch.title', { id: b.id })}</Title> : null}
      data-testid="batch-drawer"
    >
      {q.isLoading && <Loader />}
      {q.error && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {b && (
        <Stack gap="lg">
          <BatchStateBadge batch={b} />
          <Stack gap={4}>
            <Field label={t('batch.store')}>{b.storeName}</Field>
            <Field label={t('batch.kind')}>
              {t(`kind.${b.kind}`)} · <CodeLabel kind="feedType" raw={b.feedType} />
            </Field>
            <Field label={t('batch.documentNumber')} testId="batch-document-number">
              {b.feedDocumentId ?? (
                <Text span c="dimmed" size="sm">
                  {t('batch.notYet')}
                </Text>
              )}
            </Field>
            <Field label={t('batch.batchId')} testId="batch-feed-id">
              {b.feedId ?? (
                <Text span c="dimmed" size="sm">
                  {t('batch.notYet')}
                </Text>
              )}
            </Field>
            <Field label={t('batch.processingStatus')}>
              <CodeLabel kind="feedStatus" raw={b.processingStatus} />
            </Field>
            <Field label={t('batch.entries')}>{t('batch.counts', { total: b.messageCount, ok: b.okCount, errors: b.errorCount })}</Field>
            <Field label={t('batch.created')}>{formatDateTime(b.createdAt)}</Field>
            <Field label={t('batch.submitted')}>{formatDateTime(b.submittedAt)}</Field>
            <Field label={t('batch.finished')}>{formatDateTime(b.finishedAt)}</Field>
            {b.retryOf !== null && <Field label={t('batch.retryOf')}>#{b.retryOf}</Field>}
          </Stack>
          {b.state === 'by_hand' && <ByHandPanel batchId={b.id} entries={entries} />}
          {b.error && (
            <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('batch.error')} data-testid="batch-error">
              {b.error}
            </Alert>
          )}
          {uncertain.length > 0 && (
            <Alert
              color="orange"
              icon={<IconAlertTriangle size={18} />}
              title={t('resolve.alertTitle', { count: uncertain.length })}
              data-testid="batch-uncertain"
            >
              <Stack gap="xs">
                <Text size="sm">{t('resolve.explain')}</Text>
                <Group>
                  <Button
                    size="xs"
                    color="orange"
                    onClick={() => setResolving(uncertain.map((e) => e.entryId))}
                    data-testid="batch-resolve"
                  >
                    {t('resolve.open')}
                  </Button>
                </Group>
              </Stack>
            </Alert>
          )}
          {isFinalBatch(b.state) && failed.length > 0 && (
            <Group>
              <Button
                leftSection={<IconRefresh size={16} />}
                onClick={() => void doRetry().catch(() => {})}
                loading={retry.isPending}
                data-testid="batch-retry"
              >
                {t('batch.retry', { count: failed.length })}
              </Button>
              <Text size="xs" c="dimmed">
                {t('batch.retryHint')}
              </Text>
            </Group>
          )}
          {retry.error && <ErrorAlert error={retry.error} />}
          <Table striped withTableBorder data-testid="batch-entries">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('batch.message')}</Table.Th>
                <Table.Th>{t('columns.order')}</Table.Th>
                <Table.Th ta="right">{t('columns.amount')}</Table.Th>
                <Table.Th>{t('batch.result')}</Table.Th>
                <Table.Th>{t('batch.amazonMessage')}</Table.Th>
                <Table.Th>{t('columns.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((e) => (
                <Table.Tr key={e.entryId} data-testid="batch-entry" data-result={e.result}>
                  <Table.Td>{e.messageId}</Table.Td>
                  <Table.Td>
                    <Anchor href={orderHref(b.storeId, e.amazonOrderId)} size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                      {e.amazonOrderId}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {e.totalMinor !== null && e.currency ? formatMoney({ amountMinor: e.totalMinor, currency: e.currency }) : '—'}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={RESULT_COLORS[e.result]} variant="light" style={{ minWidth: 'max-content' }}>
                      {t(`result.${e.result}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" data-testid="batch-entry-message">
                      {e.resultCode ? <Code mr={4}>{e.resultCode}</Code> : null}
                      {e.resultMessage ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <EntryStatusBadge status={e.entryStatus} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
      <ResolveModal ids={resolving} onClose={() => setResolving(null)} />
    </Drawer>
  )
}
