/** Building blocks of every import preview (returns reports, order reports, reimbursement reports). */
import { Badge, ScrollArea, SimpleGrid, Stack, Table, Text, type SimpleGridProps } from '@mantine/core'
import type { ReactNode } from 'react'
import { formatCount } from '../labels'

/** One count of the preview (new, updated, rejected…); dimmed when zero. */
export function ImportStat(props: { label: string; value: number; color?: string; testId: string }) {
  return (
    <Stack gap={0} align="center" data-testid={props.testId}>
      <Text fw={700} size="xl" c={props.value > 0 ? props.color : 'dimmed'}>
        {formatCount(props.value)}
      </Text>
      <Text size="xs" c="dimmed" ta="center">
        {props.label}
      </Text>
    </Stack>
  )
}

export type ImportLine = { line: number; reason: string; column?: string | null; badge?: { label: string; color: string } }

/**
 * The lines a preview reports (bad rows, skipped rows): line number, optional kind badge and
 * column, reason; at most `max`, then how many more there are (`total` counts them all).
 */
export function ImportLines(props: {
  lines: ImportLine[]
  total: number
  testId: string
  max?: number
  labels: { line: string; reason: string; column?: string; more(count: number): string }
}) {
  const shown = props.lines.slice(0, props.max ?? 50)
  const withBadge = shown.some((l) => l.badge)
  const more = props.total - shown.length
  if (shown.length === 0) return null
  return (
    <>
      <ScrollArea.Autosize mah={300}>
        <Table striped withTableBorder fz="sm" data-testid={props.testId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>{props.labels.line}</Table.Th>
              {withBadge && <Table.Th w={110} />}
              {props.labels.column && <Table.Th w={200}>{props.labels.column}</Table.Th>}
              <Table.Th>{props.labels.reason}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((l, i) => (
              <Table.Tr key={`${l.line}-${i}`}>
                <Table.Td>{l.line}</Table.Td>
                {withBadge && (
                  <Table.Td>
                    {l.badge && (
                      <Badge color={l.badge.color} variant="light">
                        {l.badge.label}
                      </Badge>
                    )}
                  </Table.Td>
                )}
                {props.labels.column && <Table.Td>{l.column ?? '—'}</Table.Td>}
                <Table.Td>{l.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {more > 0 && (
        <Text size="sm" c="dimmed">
          {props.labels.more(more)}
        </Text>
      )}
    </>
  )
}

/** One count of ImportPreviewTable. */
export type ImportCount = { label: string; value: number; color?: string; testId: string }

/**
 * The preview most imports show: a row of counts (new, updated, unchanged, bad…), then the bad
 * rows with their line, column (when `labels.column` is given) and reason. `children` (what a
 * report adds, e.g. its date span or quantities) go between the two. One component, so every
 * preview lays them out alike.
 */
export function ImportPreviewTable(props: {
  counts: ImportCount[]
  /** Default: one column per count. */
  cols?: SimpleGridProps['cols']
  lines: ImportLine[]
  total: number
  testId: string
  max?: number
  labels: { line: string; reason: string; column?: string; more(count: number): string }
  children?: ReactNode
}) {
  return (
    <>
      <SimpleGrid cols={props.cols ?? props.counts.length}>
        {props.counts.map((c) => (
          <ImportStat key={c.testId} label={c.label} value={c.value} testId={c.testId} {...(c.color ? { color: c.color } : {})} />
        ))}
      </SimpleGrid>
      {props.children}
      <ImportLines
        testId={props.testId}
        lines={props.lines}
        total={props.total}
        labels={props.labels}
        {...(props.max !== undefined ? { max: props.max } : {})}
      />
    </>
  )
}
