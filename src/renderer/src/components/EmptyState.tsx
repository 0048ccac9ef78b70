import { Center, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import type { ReactNode } from 'react'

export function EmptyState(props: { icon: ReactNode; title: string; body: string; action?: ReactNode; testId?: string }) {
  return (
    <Center py={64} data-testid={props.testId ?? 'empty-state'}>
      <Stack align="center" gap="sm" maw={560}>
        <ThemeIcon size={56} radius="xl" variant="light">
          {props.icon}
        </ThemeIcon>
        <Title order={3} ta="center">
          {props.title}
        </Title>
        <Text c="dimmed" ta="center">
          {props.body}
        </Text>
        {props.action}
      </Stack>
    </Center>
  )
}
