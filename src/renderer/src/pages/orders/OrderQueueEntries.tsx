/**
 * The order's queue entries with our batch # and Amazon's Document Number / Batch ID; a batch
 * link opens that batch's drawer (owned here).
 */
import { Anchor, Table, Text } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { OrderDetail } from '../../../../shared/contract/orders'
import { MoneyText } from '../../components/MoneyText'
import { BatchDrawer } from '../queue/BatchDrawer'
import { EntryStatusBadge } from '../queue/BatchStateBadge'

function EntriesTable({ d, onOpenBatch }: { d: OrderDetail; onOpenBatch(id: number): void }) {
  const { t } = useTranslation('orders')
  if (d.queueEntries.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('entries.none')}
      </Text>
    )
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table striped verticalSpacing={4} data-testid="order-queue-entries">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>{t('entries.kind')}</Table.Th>
            <Table.Th>{t('entries.status')}</Table.Th>
            <Table.Th ta="right">{t('entries.amount')}</Table.Th>
            <Table.Th>{t('entries.localBatch')}</Table.Th>
            <Table.Th>{t('entries.documentNumber')}</Table.Th>
            <Table.Th>{t('entries.batchId')}</Table.Th>
            <Table.Th>{t('entries.message')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {d.queueEntries.map((e) => (
            <Table.Tr key={e.id} data-testid="order-queue-entry" data-status={e.status}>
              <Table.Td>{e.id}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm">{t(`entries.${e.kind}`)}</Text>
                <Text size="xs" c="dimmed">
                  {t(`${e.kind === 'refund' ? 'adjustmentReason' : 'cancelReason'}.${e.reason}`, { defaultValue: e.reason })}
                </Text>
              </Table.Td>
              <Table.Td>
                <EntryStatusBadge status={e.progress} />
              </Table.Td>
              <Table.Td ta="right">
                {e.totalMinor !== null && e.currency ? (
                  <MoneyText value={{ amountMinor: e.totalMinor, currency: e.currency }} size="sm" />
                ) : (
                  '—'
                )}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {/* Our batch number and Amazon's Batch ID are different things: never one column. */}
                {e.batchId ? (
                  <Anchor component="button" size="xs" onClick={() => onOpenBatch(e.batchId!)} data-testid="order-entry-batch-link">
                    {t('queue:batch.title', { id: e.batchId })}
                  </Anchor>
                ) : (
                  '—'
                )}
              </Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }} data-testid="order-entry-document-number">
                  {e.feedDocumentId ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                {e.batchId && e.feedId ? (
                  <Anchor
                    component="button"
                    size="xs"
                    ff="monospace"
                    onClick={() => onOpenBatch(e.batchId!)}
                    data-testid="order-entry-feed-id"
                  >
                    {e.feedId}
                  </Anchor>
                ) : (
                  <Text size="xs" data-testid="order-entry-feed-id">
                    —
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="xs" lineClamp={3} c={e.status === 'failed' ? 'red' : undefined}>
                  {e.status === 'rejected' ? e.rejectReason : (e.resultMessage ?? e.note ?? '')}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}

export function OrderQueueEntries({ d }: { d: OrderDetail }) {
  const [openBatch, setOpenBatch] = useState<number | null>(null)
  return (
    <>
      <EntriesTable d={d} onOpenBatch={setOpenBatch} />
      <BatchDrawer id={openBatch} onClose={() => setOpenBatch(null)} onRetried={setOpenBatch} />
    </>
  )
}
