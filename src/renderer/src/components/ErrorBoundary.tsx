/**
 * A render error in a screen shows a message with a way out instead of a blank window. React
 * catches render errors only in a class component with getDerivedStateFromError (there is no
 * hook for it); it resets when the route changes (`resetKey`).
 */
import { Alert, Button, Group, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { Component, type ErrorInfo, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

type Props = { children: ReactNode; resetKey?: unknown; onHome?: () => void }
type State = { error: Error | null; key: unknown }

function Fallback({ error, onRetry, onHome }: { error: Error; onRetry: () => void; onHome: (() => void) | undefined }) {
  const { t } = useTranslation()
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('errorBoundary.title')} data-testid="error-boundary" m="md">
      <Text size="sm">{t('errorBoundary.body', { message: error.message || error.name })}</Text>
      <Group mt="sm" gap="xs">
        <Button size="xs" variant="light" color="red" onClick={onRetry} data-testid="error-boundary-retry">
          {t('errorBoundary.retry')}
        </Button>
        {onHome && (
          <Button size="xs" variant="subtle" onClick={onHome}>
            {t('errorBoundary.home')}
          </Button>
        )}
      </Group>
    </Alert>
  )
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, key: this.props.resetKey }

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    // Another screen: start clean.
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('render error', error, info.componentStack)
  }

  override render(): ReactNode {
    if (this.state.error)
      return (
        <Fallback
          error={this.state.error}
          onRetry={() => this.setState({ error: null })}
          onHome={
            this.props.onHome
              ? () => {
                  this.setState({ error: null })
                  this.props.onHome!()
                }
              : undefined
          }
        />
      )
    return this.props.children
  }
}
