import { Alert, Button } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconAlertTriangle, IconClockHour4 } from '@tabler/icons-react'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { ContractError } from '../api/client'
import { i18n } from '../i18n'

/** Codes shown in the user's language (the others carry a specific message from the main process). */
const LABELLED = new Set([
  'UNAUTHORIZED',
  'OFFLINE',
  'DATABASE_BUSY',
  'DISK_FULL',
  'DATABASE_READ_ONLY',
  'DATABASE_CORRUPT',
  'DATABASE_IO',
  'FORBIDDEN',
  'QUEUED'
])

/** Team mode: the command waits in the outbox (not a failure, not done yet). */
export const isQueued = (e: unknown): boolean => e instanceof ContractError && e.code === 'QUEUED'

/** The error in the user's words: the code picks the text; team mode's refusals and unserved channels say so. */
export function errorText(t: TFunction, error: unknown): string {
  if (!(error instanceof ContractError)) return error instanceof Error ? error.message : String(error)
  const details = (error.details ?? {}) as { teamMode?: boolean; server?: { message?: string } | null; outboxId?: string }
  if (LABELLED.has(error.code)) return t(`errors.${error.code}`)
  if (error.code === 'NOT_IMPLEMENTED' && details.teamMode) return t('errors.TEAM_UNSERVED')
  if (details.outboxId && details.server?.message) return t('errors.TEAM_REFUSED', { reason: details.server.message })
  // English: the main process's message is already specific (file, line, column, what was expected).
  if (i18n.language.startsWith('en')) return error.message
  // Other languages: the code in the user's words, where (from the details), then the app's own
  // message as the detail, so nothing specific is lost.
  const where = error.details as { file?: unknown; line?: unknown; column?: unknown; field?: unknown } | undefined
  const parts = [t(`words:errors.code.${error.code}`)]
  if (typeof where?.file === 'string' && typeof where.line === 'number')
    parts.push(
      typeof where.column === 'number'
        ? t('words:errors.where', { file: where.file, line: where.line, column: where.column })
        : t('words:errors.whereLine', { file: where.file, line: where.line })
    )
  if (typeof where?.field === 'string') parts.push(t('words:errors.field', { field: where.field }))
  parts.push(t('words:errors.details', { message: error.message }))
  return parts.join(' ')
}

/** What failed, for an error's title (`words:what.<key>`). */
export type FailedWhat = 'import' | 'preview' | 'refund' | 'cancel' | 'save' | 'sync' | 'receive' | 'close' | 'load'

/** The title of a failure: what failed ("Import failed") when the caller says, else the kind of error. */
export function errorTitle(t: TFunction, error: unknown, what?: FailedWhat): string {
  if (what) return t('words:errors.failed', { what: t(`words:what.${what}`) })
  return t(`words:errors.title.${error instanceof ContractError ? error.code : 'INTERNAL'}`)
}

/** A notification for a command's failure, or for a command that waits in the team outbox. */
export function notifyError(t: TFunction, error: unknown, title?: string): void {
  if (isQueued(error))
    notifications.show({ color: 'yellow', title: t('errors.QUEUED_title'), message: t('errors.QUEUED'), autoClose: 8000 })
  else notifications.show({ color: 'red', title: title ?? errorTitle(t, error), message: errorText(t, error) })
}

/** Shows a contract error in words a user can act on; `code` picks the text, never the message. */
export function ErrorAlert({ error, onRetry, what }: { error: unknown; onRetry?: () => void; what?: FailedWhat }) {
  const { t } = useTranslation()
  if (isQueued(error))
    return (
      <Alert color="yellow" icon={<IconClockHour4 size={18} />} title={t('errors.QUEUED_title')} data-testid="queued-alert">
        {t('errors.QUEUED')}
      </Alert>
    )
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={errorTitle(t, error, what)} data-testid="error-alert">
      {errorText(t, error)}
      {onRetry && (
        <Button size="xs" variant="light" color="red" ml="md" onClick={onRetry}>
          {t('actions.retry')}
        </Button>
      )}
    </Alert>
  )
}
