/** The batches a Process action just created: they fill in (Document Number, Batch ID, result) as they go out. */
import { Button, CloseButton, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useCall } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { BatchStateBadge, isFinalBatch } from './BatchStateBadge'

/** One batch, live: polls every 2 s until the batch is final (done, failed, uncertain). */
export function BatchCard({ id, onOpen }: { id: number; onOpen?(id: number): void }) {
  const { t } = useTranslation('queue')
  const q = useCall(
    'queue.batch',
    { id },
    { refetchInterval: (query) => (query.state.data && isFinalBatch(query.state.data.batch.state) ? false : 2000) }
  )
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
  const b = q.data?.batch
  if (!b) return null
  return (
    <Paper withBorder p="sm" data-testid="processed-batch" data-batch-id={b.id} data-state={b.state}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap="sm">
            <Text fw={600}>{t('batch.title', { id: b.id })}</Text>
            <Text size="sm" c="dimmed">
              {b.storeName} · {t(`kind.${b.kind}`)} · {t('batch.counts', { total: b.messageCount, ok: b.okCount, errors: b.errorCount })}
            </Text>
          </Group>
          <BatchStateBadge batch={b} />
          <Group gap="lg">
            <Text size="sm">
              <Text span c="dimmed" size="sm">
                {t('batch.documentNumber')}:{' '}
              </Text>
              <Text span ff="monospace" size="sm" data-testid="processed-document-number">
                {b.feedDocumentId ?? t('batch.notYet')}
              </Text>
            </Text>
            <Text size="sm">
              <Text span c="dimmed" size="sm">
                {t('batch.batchId')}:{' '}
              </Text>
              <Text span ff="monospace" size="sm" data-testid="processed-feed-id">
                {b.feedId ?? t('batch.notYet')}
              </Text>
            </Text>
          </Group>
          {b.error && (
            <Text size="sm" c="red">
              {b.error}
            </Text>
          )}
        </Stack>
        {onOpen && (
          <Button size="xs" variant="light" onClick={() => onOpen(b.id)} data-testid="processed-open">
            {t('batch.details')}
          </Button>
        )}
      </Group>
    </Paper>
  )
}

export function ProcessedBatches({
  ids,
  skipped,
  onOpen,
  onDismiss
}: {
  ids: number[]
  skipped: number
  onOpen(id: number): void
  onDismiss(): void
}) {
  const { t } = useTranslation('queue')
  return (
    <Paper withBorder p="sm" mb="sm" bg="var(--mantine-color-default-hover)" data-testid="processed-batches">
      <Group justify="space-between" mb="xs">
        <Title order={5}>{t('processed.title', { count: ids.length })}</Title>
        <CloseButton aria-label={t('common:actions.close')} onClick={onDismiss} />
      </Group>
      {skipped > 0 && (
        <Text size="sm" c="orange" mb="xs">
          {t('processed.skipped', { count: skipped })}
        </Text>
      )}
      {ids.length === 0 && <Text size="sm">{t('processed.none')}</Text>}
      <Stack gap="xs">
        {ids.map((id) => (
          <BatchCard key={id} id={id} onOpen={onOpen} />
        ))}
      </Stack>
    </Paper>
  )
}
