/** What happened to a refund or cancellation: waiting in the queue, sent at once as a batch, or local only; plus the server's warnings. */
import { Alert, Anchor, List, Stack, Text } from '@mantine/core'
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { ActionResult } from '../../../../shared/contract/orders'
import type { z } from 'zod'
import { BatchCard } from '../queue/ProcessedBatches'

type Result = z.infer<typeof ActionResult>

export function ActionResultView({ result }: { result: Result }) {
  const { t } = useTranslation('orders')
  const e = result.entry
  const what = e.kind === 'refund' ? t('result.refund', { id: e.id }) : t('result.cancel', { id: e.id })
  return (
    <Stack data-testid="action-result" data-queued={result.batch === null && e.status === 'queued'}>
      <Alert color="teal" icon={<IconCircleCheck size={18} />} title={what}>
        <Stack gap="xs">
          {e.status === 'local' ? (
            <Text size="sm" data-testid="action-result-local">
              {t('result.local')}
            </Text>
          ) : result.batch ? (
            <>
              <Text size="sm" data-testid="action-result-sent">
                {t('result.sent', { id: result.batch.id })}
              </Text>
              <BatchCard id={result.batch.id} />
            </>
          ) : (
            <Text size="sm" data-testid="action-result-queued">
              {t('result.queued')}
            </Text>
          )}
          <Anchor href="#/queue" size="sm" data-testid="action-result-queue-link">
            {t('result.openQueue')}
          </Anchor>
        </Stack>
      </Alert>
      {result.warnings.length > 0 && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('result.warnings')} data-testid="action-result-warnings">
          <List size="sm">
            {result.warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  )
}
