/** The queue's views with their counts, and the batch history tab. */
import { Badge, Tabs, Tooltip } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { QueueView } from '../../../../shared/contract/queue'
import type { Kind, QueueList, Tab } from './types'

const VIEWS: QueueView[] = ['queued', 'sending', 'sent', 'failed', 'rejected', 'local', 'all']

function CountBadge({ view, counts }: { view: QueueView; counts: QueueList['counts'] }) {
  const n = counts[view]
  const alarm = (view === 'failed' || view === 'sending') && n > 0
  return (
    <Badge
      size="sm"
      variant={alarm ? 'filled' : 'light'}
      color={alarm ? (view === 'failed' ? 'red' : 'blue') : 'gray'}
      data-testid={`queue-count-${view}`}
    >
      {n}
    </Badge>
  )
}

export function QueueTabs({
  tab,
  onTab,
  kind,
  counts
}: {
  tab: Tab
  onTab(tab: Tab): void
  kind: Kind
  counts: QueueList['counts'] | undefined
}) {
  const { t } = useTranslation('queue')
  // "Local" (done without Amazon) only matters for cancellations, or when there are some.
  const views = VIEWS.filter((v) => v !== 'local' || kind === 'cancel' || (counts?.local ?? 0) > 0 || tab === 'local')
  return (
    <Tabs value={tab} onChange={(v) => v && onTab(v as Tab)} mb="sm" keepMounted={false}>
      <Tabs.List>
        {views.map((v) => (
          <Tabs.Tab key={v} value={v} data-testid={`queue-tab-${v}`} rightSection={counts ? <CountBadge view={v} counts={counts} /> : null}>
            <Tooltip label={t(`viewHints.${v}`)} withArrow openDelay={400} multiline maw={320}>
              <span>{t(`views.${v}`)}</span>
            </Tooltip>
          </Tabs.Tab>
        ))}
        <Tabs.Tab value="batches" data-testid="queue-tab-batches">
          {t('views.batches')}
        </Tabs.Tab>
      </Tabs.List>
    </Tabs>
  )
}
