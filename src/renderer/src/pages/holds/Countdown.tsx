/** Live countdown of a request's 2 days: normal, under 12 h (warning colour), overdue (red). */
import { Badge, Stack, Text } from '@mantine/core'
import { IconAlertTriangle, IconClock } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { compactDuration, formatInZone, remaining } from './deadline'

/** The current time, re-read every `ms` (one timer per screen, shared through props). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms)
    return () => clearInterval(id)
  }, [ms])
  return now
}

export function Countdown({ dueAt, now }: { dueAt: string; now: number }) {
  const { t, i18n } = useTranslation('holds')
  const r = remaining(dueAt, now)
  const units = { d: t('countdown.units.d'), h: t('countdown.units.h'), min: t('countdown.units.min'), s: t('countdown.units.s') }
  const time = compactDuration(r, units)
  const color = r.overdue ? 'red' : r.warning ? 'orange' : 'teal'
  const state = r.overdue ? 'overdue' : r.warning ? 'warning' : 'ok'
  return (
    <Stack gap={2} align="flex-start">
      <Badge
        color={color}
        variant={r.overdue || r.warning ? 'filled' : 'light'}
        size="lg"
        leftSection={r.overdue || r.warning ? <IconAlertTriangle size={14} /> : <IconClock size={14} />}
        data-testid="hold-countdown"
        data-state={state}
        // The label wraps instead of being cut off in a narrow column (or a long language).
        styles={{
          root: { height: 'auto', maxWidth: '100%', paddingBlock: 2 },
          label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip', lineHeight: 1.35 }
        }}
        style={{ textTransform: 'none', fontVariantNumeric: 'tabular-nums' }}
      >
        {r.overdue ? t('countdown.overdue', { time }) : t('countdown.left', { time })}
      </Badge>
      <Text size="xs" c="dimmed">
        {t('countdown.due', { time: formatInZone(dueAt, i18n.language) })}
      </Text>
    </Stack>
  )
}
