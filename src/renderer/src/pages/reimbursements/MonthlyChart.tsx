/**
 * Monthly chart by reason (issue 12 §4): every month of the range (empty ones too), positives
 * stacked up and reversals stacked down from zero (recharts' "sign" stack offset), an axis with
 * evenly spaced ticks in the currency with thousands separators, and a tooltip with the exact
 * figures — each the table's total for that month and reason — plus the month's in, out and net.
 */
import { Box, Card, ColorSwatch, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core'
import { BarChart } from '@mantine/charts'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Output } from '../../../../shared/contract'
import { REASON_CATEGORIES, type ReasonCategory } from '../../../../shared/contract/reimbursements'
import { currencyExponent, formatMinor } from '../../../../shared/money'
import { dateTimeFormat, numberFormat } from '../../format'
import { buildChartSeries, defaultChartCurrency, type ChartSeries } from './series'

export const REASON_COLORS: Record<ReasonCategory, string> = {
  CustomerServiceIssue: 'violet.6',
  ReimbursementCancellation: 'red.6',
  WarehouseLost: 'blue.6',
  OutboundLost: 'cyan.6',
  WarehouseDamaged: 'orange.6',
  CustomerReturn: 'teal.6',
  Other: 'gray.6'
}

/** Money with the currency and thousands separators; whole amounts without decimals (axis ticks). */
export function formatChartMoney(amountMinor: number, currency: string, opts: { compactWhole?: boolean } = {}): string {
  const e = currencyExponent(currency)
  const whole = amountMinor % 10 ** e === 0
  const digits = opts.compactWhole && whole ? 0 : e
  // Intl formats the exact decimal string (no float on the way).
  return numberFormat({ style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    formatMinor(amountMinor, currency) as unknown as number
  )
}

function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number)
  return dateTimeFormat({ year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, 1)))
}

function MonthTooltip({ series, month }: { series: ChartSeries; month: string | undefined }) {
  const { t } = useTranslation('reimbursements')
  const m = series.months.find((x) => x.month === month)
  if (!m) return null
  const money = (v: number) => formatChartMoney(v, series.currency)
  return (
    <Paper withBorder shadow="md" p="xs" miw={240} data-testid="chart-tooltip" data-month={m.month}>
      <Text fw={600} size="sm" mb={4}>
        {monthLabel(m.month)}
      </Text>
      {m.count === 0 && (
        <Text size="xs" c="dimmed">
          {t('chart.noRows')}
        </Text>
      )}
      <Stack gap={2}>
        {series.categories
          .filter((c) => m.cells[c])
          .map((c) => (
            <Group key={c} justify="space-between" gap="md" wrap="nowrap" data-testid="chart-tooltip-row" data-category={c}>
              <Group gap={6} wrap="nowrap">
                <ColorSwatch
                  color={`var(--mantine-color-${REASON_COLORS[c as ReasonCategory].replace('.', '-')})`}
                  size={10}
                  withShadow={false}
                />
                <Text size="xs">
                  {t(`reason.${c}`)}{' '}
                  <Text span c="dimmed" size="xs">
                    ({m.cells[c]!.count})
                  </Text>
                </Text>
              </Group>
              <Text
                size="xs"
                fw={500}
                c={m.cells[c]!.amountMinor < 0 ? 'red' : undefined}
                data-testid="chart-tooltip-amount"
                style={{ fontVariantNumeric: 'tabular-nums' }}
              >
                {money(m.cells[c]!.amountMinor)}
              </Text>
            </Group>
          ))}
      </Stack>
      {m.count > 0 && (
        <Stack gap={0} mt={6} pt={4} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
          {m.negativeMinor < 0 && (
            <>
              <Group justify="space-between">
                <Text size="xs" c="dimmed">
                  {t('chart.positive')}
                </Text>
                <Text size="xs" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {money(m.positiveMinor)}
                </Text>
              </Group>
              <Group justify="space-between">
                <Text size="xs" c="dimmed">
                  {t('chart.negative')}
                </Text>
                <Text size="xs" c="red" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {money(m.negativeMinor)}
                </Text>
              </Group>
            </>
          )}
          <Group justify="space-between">
            <Text size="xs" fw={600}>
              {t('chart.net')}
            </Text>
            <Text size="xs" fw={600} data-testid="chart-tooltip-net" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {money(m.netMinor)}
            </Text>
          </Group>
        </Stack>
      )}
    </Paper>
  )
}

export function MonthlyChart({
  summary,
  storeCurrency,
  from,
  to
}: {
  summary: Output<'reimbursements.summary'>
  storeCurrency: string | null
  from: string | null
  to: string | null
}) {
  const { t } = useTranslation('reimbursements')
  const currencies = useMemo(() => [...new Set(summary.months.map((m) => m.currency))].sort(), [summary])
  const [picked, setPicked] = useState<string | null>(null)
  const currency = picked && currencies.includes(picked) ? picked : defaultChartCurrency(currencies, storeCurrency)
  const series = useMemo(
    () => (currency ? buildChartSeries(summary.months, { currency, categories: REASON_CATEGORIES, from, to }) : null),
    [summary, currency, from, to]
  )
  if (!currency || !series || series.months.length === 0) return null
  const e = 10 ** currencyExponent(currency)
  const ticks = series.ticksMinor.map((v) => v / e)
  const axisMoney = (v: number) => formatChartMoney(Math.round(v * e), currency, { compactWhole: true })
  const widest = Math.max(...series.ticksMinor.map((v) => formatChartMoney(v, currency, { compactWhole: true }).length))
  return (
    <Card withBorder p="sm" data-testid="monthly-chart" data-currency={currency}>
      <Group justify="space-between" mb="xs">
        <Text fw={600} size="sm">
          {t('chart.title', { currency })}
        </Text>
        {currencies.length > 1 && (
          <SegmentedControl size="xs" data={currencies} value={currency} onChange={setPicked} data-testid="chart-currency" />
        )}
      </Group>
      <Box
        data-testid="monthly-chart-plot"
        data-months={series.months.map((m) => m.month).join(',')}
        data-ticks={series.ticksMinor.join(',')}
      >
        <BarChart
          h={220}
          maxBarWidth={48}
          data={series.rows}
          dataKey="month"
          type="stacked"
          // Positives stack up from zero, negatives (reversals) down: a reversal never hides a payment.
          barChartProps={{ stackOffset: 'sign' }}
          withLegend
          legendProps={{ verticalAlign: 'bottom' }}
          valueFormatter={axisMoney}
          xAxisProps={{ tickFormatter: monthLabel, interval: series.months.length > 12 ? 'preserveStartEnd' : 0 }}
          yAxisProps={{ ticks, domain: [ticks[0]!, ticks[ticks.length - 1]!], interval: 0, width: Math.min(140, 12 + widest * 7) }}
          referenceLines={[{ y: 0, color: 'gray.5' }]}
          tooltipProps={{ content: ({ label }) => <MonthTooltip series={series} month={label as string | undefined} /> }}
          series={series.categories.map((c) => ({ name: c, label: t(`reason.${c}`), color: REASON_COLORS[c as ReasonCategory] }))}
        />
      </Box>
    </Card>
  )
}
