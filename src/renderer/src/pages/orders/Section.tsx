/** A titled card on the order page. */
import { Card, Group, Title } from '@mantine/core'
import type { ReactNode } from 'react'

export function Section({ title, children, testId, right }: { title: string; children: ReactNode; testId?: string; right?: ReactNode }) {
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Group justify="space-between" mb="xs">
        <Title order={5}>{title}</Title>
        {right}
      </Group>
      {children}
    </Card>
  )
}
