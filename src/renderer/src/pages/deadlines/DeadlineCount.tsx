/**
 * The count due today in the navigation (next to "Deadlines") and on the app icon where the
 * platform has a badge (the Badging API: Chromium, installed web apps; ignored elsewhere).
 * "Today" is the user's day: until local midnight, overdue included.
 */
import { Badge, Tooltip } from '@mantine/core'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useCall } from '../../api/client'
import { useSelectedStore } from '../../store-context'

function endOfLocalDay(): string {
  const d = new Date()
  d.setHours(24, 0, 0, 0)
  return d.toISOString()
}

export function DeadlineCount() {
  const { t } = useTranslation('deadlines')
  const { storeId } = useSelectedStore()
  const q = useCall('deadlines.counts', { ...(storeId ? { storeId } : {}), until: endOfLocalDay() }, { refetchInterval: 60_000 })
  const n = q.data?.dueToday ?? 0
  useEffect(() => {
    const nav = navigator as Navigator & { setAppBadge?: (n: number) => Promise<void>; clearAppBadge?: () => Promise<void> }
    if (n > 0) void nav.setAppBadge?.(n).catch(() => undefined)
    else void nav.clearAppBadge?.().catch(() => undefined)
  }, [n])
  if (!q.data || n === 0) return null
  return (
    <Tooltip label={t('countTooltip', { dueToday: q.data.dueToday, overdue: q.data.overdue })}>
      <Badge
        size="sm"
        circle={n < 10}
        color={q.data.overdue > 0 ? 'red' : 'orange'}
        data-testid="deadline-count"
        aria-label={t('count', { count: n })}
      >
        {n}
      </Badge>
    </Tooltip>
  )
}
