/** The queue's filters: company (store), queue type, search; and the matching refunds' total per currency. */
import { Badge, Group, Paper, SegmentedControl, Select, Text, TextInput } from '@mantine/core'
import { IconSearch } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useCall } from '../../api/client'
import { MoneyText } from '../../components/MoneyText'
import { useSelectedStore } from '../../store-context'
import type { Kind, Money } from './types'

type Props = {
  kind: Kind
  onKind(kind: Kind): void
  search: string
  onSearch(text: string): void
  /** The matching refunds' count and totals; null hides them (batches tab, cancellations, none). */
  totals: { count: number; sums: Money[] } | null
}

export function QueueFilterBar({ kind, onKind, search, onSearch, totals }: Props) {
  const { t } = useTranslation('queue')
  const { storeId, setStoreId } = useSelectedStore()
  const stores = useCall('stores.list', {})
  return (
    <Paper withBorder p="sm" mb="sm">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('filters.company')}
          w={200}
          allowDeselect={false}
          value={storeId ?? 'all'}
          onChange={(v) => setStoreId(!v || v === 'all' ? null : v)}
          data={[{ value: 'all', label: t('filters.allCompanies') }, ...(stores.data ?? []).map((s) => ({ value: s.id, label: s.name }))]}
          data-testid="queue-filter-store"
        />
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('filters.type')}
          </Text>
          <SegmentedControl
            value={kind}
            onChange={(v) => onKind(v as Kind)}
            data={[
              { value: 'refund', label: t('kind.refund') },
              { value: 'cancel', label: t('kind.cancel') }
            ]}
            data-testid="queue-kind"
          />
        </div>
        <TextInput
          label={t('filters.search')}
          placeholder={t('filters.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          w={260}
          value={search}
          onChange={(e) => onSearch(e.currentTarget.value)}
          data-testid="queue-search"
        />
        {totals && (
          <Group gap="xs" ml="auto" data-testid="queue-totals">
            <Text size="sm" c="dimmed">
              {t('totals.label', { count: totals.count })}
            </Text>
            {totals.sums.length === 0 && <Text size="sm">—</Text>}
            {totals.sums.map((m) => (
              <Badge key={m.currency} variant="outline" color="gray" size="lg" tt="none">
                <MoneyText value={m} size="sm" fw={600} />
              </Badge>
            ))}
          </Group>
        )}
      </Group>
    </Paper>
  )
}
