/**
 * Deadlines (#17): everything Amazon counts against the seller, from every domain, soonest first
 * (overdue on top, in red), per store (the store switcher), with a live countdown, the stage from
 * the rule pack's thresholds, a filter by kind and a link to what answers it.
 */
import { Anchor, Badge, Button, Group, MultiSelect, Select, Stack, Table, Text } from '@mantine/core'
import { IconCalendarCheck, IconFileImport, IconGavel } from '@tabler/icons-react'
import { useMediaQuery } from '@mantine/hooks'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DeadlineItem, DeadlineStage } from '../../../../shared/contract/deadlines'
import { stageOf } from '../../../../shared/deadlines'
import { useCall } from '../../api/client'
import { EmptyState } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { PageHeader } from '../../components/PageHeader'
import { useSelectedStore } from '../../store-context'
import { useNow } from '../holds/Countdown'
import { compactDuration, formatInZone, remaining } from '../holds/deadline'
import { RecordClaimModal } from './RecordClaimModal'
import { ClaimsImportModal } from './ClaimsImportModal'

export const STAGE_COLORS: Record<DeadlineStage, string> = { ok: 'teal', warn: 'yellow', urgent: 'orange', overdue: 'red' }
const WITHIN = { any: undefined, d1: 86_400_000, d3: 3 * 86_400_000, d7: 7 * 86_400_000, d30: 30 * 86_400_000 } as const

export function TimeLeft({ dueAt, now }: { dueAt: string; now: number }) {
  const { t } = useTranslation('deadlines')
  const r = remaining(dueAt, now)
  const time = compactDuration(r, { d: t('units.d'), h: t('units.h'), min: t('units.min'), s: t('units.s') })
  return (
    <Text size="sm" c={r.overdue ? 'red' : undefined} fw={r.overdue ? 600 : undefined} style={{ fontVariantNumeric: 'tabular-nums' }}>
      {r.overdue ? t('overdue', { time }) : t('left', { time })}
    </Text>
  )
}

export function StageBadge({ stage }: { stage: DeadlineStage }) {
  const { t } = useTranslation('deadlines')
  return (
    <Badge
      color={STAGE_COLORS[stage]}
      variant={stage === 'ok' ? 'light' : 'filled'}
      data-testid="deadline-stage"
      data-stage={stage}
      // Never cut the word off (a narrow column, a longer language).
      styles={{ root: { flexShrink: 0, maxWidth: 'none' }, label: { overflow: 'visible', textOverflow: 'clip' } }}
    >
      {t(`stage.${stage}`)}
    </Badge>
  )
}

/**
 * Below 1280 px (a 1024 px laptop) the table folds: the store goes under the kind and the due time
 * under the time left, so the action column stays on screen without scrolling sideways.
 */
function Row({ i, now, folded }: { i: DeadlineItem; now: number; folded: boolean }) {
  const { t, i18n } = useTranslation('deadlines')
  // The stage moves with the clock between refreshes: recomputed from the item's thresholds.
  const stage = stageOf(i, now)
  return (
    <Table.Tr
      data-testid="deadline-row"
      data-key={i.key}
      data-stage={stage}
      bg={stage === 'overdue' ? 'var(--mantine-color-red-light)' : undefined}
    >
      <Table.Td>
        <StageBadge stage={stage} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{t(`kinds.${i.ruleId}`, { defaultValue: i.ruleId })}</Text>
        {folded && (
          <Text size="xs" c="dimmed">
            {i.storeName}
          </Text>
        )}
      </Table.Td>
      {!folded && (
        <Table.Td>
          <Text size="sm">{i.storeName}</Text>
        </Table.Td>
      )}
      <Table.Td>
        <Text size="sm" ff="monospace">
          {i.amazonOrderId ?? ''}
        </Text>
        {i.label && (
          <Text size="xs" c="dimmed">
            {i.label}
          </Text>
        )}
      </Table.Td>
      {!folded && (
        <Table.Td>
          <Text size="sm">{formatInZone(i.dueAt, i18n.language)}</Text>
        </Table.Td>
      )}
      <Table.Td>
        <TimeLeft dueAt={i.dueAt} now={now} />
        {folded && (
          <Text size="xs" c="dimmed">
            {formatInZone(i.dueAt, i18n.language)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Anchor href={i.route} size="sm" data-testid="deadline-link">
          {t(`action.${i.subject}`)}
        </Anchor>
      </Table.Td>
    </Table.Tr>
  )
}

export function DeadlinesPage() {
  const { t } = useTranslation('deadlines')
  const { storeId } = useSelectedStore()
  const [kinds, setKinds] = useState<string[]>([])
  const [within, setWithin] = useState<keyof typeof WITHIN>('any')
  const [recording, setRecording] = useState(false)
  const [importing, setImporting] = useState(false)
  const now = useNow(1000)
  const folded = !(useMediaQuery('(min-width: 80em)', true) ?? true)
  const q = useCall(
    'deadlines.list',
    {
      ...(storeId ? { storeId } : {}),
      ...(kinds.length > 0 ? { ruleIds: kinds } : {}),
      ...(WITHIN[within] ? { withinMs: WITHIN[within] } : {})
    },
    // New items appear as time passes (a stage, a window that opens): re-read every minute.
    { refetchInterval: 60_000 }
  )
  const items = q.data?.items ?? []
  return (
    <Stack gap="sm">
      <PageHeader
        title={t('title')}
        subtitle={t('subtitle')}
        actions={
          <Group gap="xs" wrap="nowrap">
            <Button
              leftSection={<IconFileImport size={16} />}
              variant="default"
              onClick={() => setImporting(true)}
              data-testid="import-claims"
            >
              {t('claimsImport.button')}
            </Button>
            <Button leftSection={<IconGavel size={16} />} variant="light" onClick={() => setRecording(true)} data-testid="record-claim">
              {t('recordClaim')}
            </Button>
          </Group>
        }
      />
      <RecordClaimModal key={storeId ?? 'all'} opened={recording} onClose={() => setRecording(false)} storeId={storeId} />
      <ClaimsImportModal key={`import-${storeId ?? 'all'}`} opened={importing} onClose={() => setImporting(false)} storeId={storeId} />
      <Group gap="sm" align="flex-end" wrap="wrap">
        <MultiSelect
          label={t('filter.kind')}
          placeholder={kinds.length === 0 ? t('filter.kindPlaceholder') : undefined}
          data={(q.data?.ruleIds ?? []).map((id) => ({ value: id, label: t(`kinds.${id}`, { defaultValue: id }) }))}
          value={kinds}
          onChange={setKinds}
          clearable
          w={340}
          data-testid="deadline-kind-filter"
        />
        <Select
          label={t('filter.within')}
          data={(Object.keys(WITHIN) as (keyof typeof WITHIN)[]).map((k) => ({ value: k, label: t(`filter.${k}`) }))}
          value={within}
          onChange={(v) => v && setWithin(v as keyof typeof WITHIN)}
          allowDeselect={false}
          w={160}
          data-testid="deadline-within"
        />
      </Group>
      {q.error && <ErrorAlert error={q.error} />}
      {q.data && items.length === 0 ? (
        <EmptyState icon={<IconCalendarCheck size={28} />} title={t('empty.title')} body={t('empty.body')} testId="deadlines-empty" />
      ) : (
        <Table.ScrollContainer minWidth={folded ? 640 : 860}>
          <Table striped highlightOnHover verticalSpacing="xs" data-testid="deadlines-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('columns.stage')}</Table.Th>
                <Table.Th>{t('columns.kind')}</Table.Th>
                {!folded && <Table.Th>{t('columns.store')}</Table.Th>}
                <Table.Th>{t('columns.order')}</Table.Th>
                {!folded && <Table.Th>{t('columns.due')}</Table.Th>}
                <Table.Th>{t('columns.left')}</Table.Th>
                <Table.Th>{t('columns.action')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((i) => (
                <Row key={i.key} i={i} now={now} folded={folded} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  )
}

/** The open deadlines of one order (on the order's page and the RMA drawer). */
export function OrderDeadlines({ orderId }: { orderId: string }) {
  const { t } = useTranslation('deadlines')
  const now = useNow(1000)
  const q = useCall('deadlines.list', { orderId }, { refetchInterval: 60_000 })
  const items = q.data?.items ?? []
  if (!q.data) return null
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="order-deadlines-none">
        {t('onOrderNone')}
      </Text>
    )
  return (
    <Stack gap={4} data-testid="order-deadlines">
      {items.map((i) => (
        <Group key={i.key} gap="sm" wrap="nowrap">
          <StageBadge stage={stageOf(i, now)} />
          <Text size="sm">{t(`kinds.${i.ruleId}`, { defaultValue: i.ruleId })}</Text>
          <TimeLeft dueAt={i.dueAt} now={now} />
        </Group>
      ))}
    </Stack>
  )
}
