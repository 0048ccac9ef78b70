import { Alert, Button } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { ContractError } from '../api/client'

/** Codes shown in the user's language (the others carry a specific message from the main process). */
const LABELLED = new Set(['UNAUTHORIZED', 'OFFLINE', 'DATABASE_BUSY', 'DISK_FULL', 'DATABASE_READ_ONLY', 'DATABASE_CORRUPT', 'DATABASE_IO'])

/** Shows a contract error in words a user can act on; `code` picks the text, never the message. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation()
  const code = error instanceof ContractError ? error.code : 'INTERNAL'
  const message = error instanceof Error ? error.message : String(error)
  const text = LABELLED.has(code) ? t(`errors.${code}`) : message
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('errors.title')} data-testid="error-alert">
      {text}
      {onRetry && (
        <Button size="xs" variant="light" color="red" ml="md" onClick={onRetry}>
          {t('actions.retry')}
        </Button>
      )}
    </Alert>
  )
}
