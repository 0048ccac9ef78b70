import { Badge } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { RmaStatus } from '../../../../shared/contract/rmas'

const COLORS: Record<RmaStatus, string> = { Open: 'blue', Received: 'teal', Refunded: 'grape', Closed: 'gray' }

export function StatusBadge({ status }: { status: RmaStatus }) {
  const { t } = useTranslation('rmas')
  return (
    <Badge color={COLORS[status]} variant="light" data-testid="rma-status">
      {t(`status.${status}`)}
    </Badge>
  )
}
