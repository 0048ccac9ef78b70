/**
 * The Claims screen's part of cases (#16): each finding's case state, and "Create case" from the
 * selected findings (of one store), which opens the new case on the Cases screen.
 */
import { Button, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconFilePlus } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import type { ClaimFinding } from '../../../../shared/contract/claims'
import type { CaseState } from '../../../../shared/contract/cases'
import { useCall, useCallMutation } from '../../api/client'
import { CaseStateBadge } from './CaseDrawer'

/** Finding id → its latest case. */
export function useFindingCases(findings: ClaimFinding[]): Map<string, { caseId: number; state: CaseState }> {
  const q = useCall('cases.forFindings', { findingIds: findings.map((f) => f.id) }, { enabled: findings.length > 0 })
  return new Map((q.data ?? []).map((r) => [r.findingId, r]))
}

export function FindingCaseBadge({ c }: { c: { caseId: number; state: CaseState } | undefined }) {
  if (!c) return null
  return (
    <a href={`#/cases?case=${c.caseId}`} onClick={(e) => e.stopPropagation()} data-testid="finding-case">
      <CaseStateBadge state={c.state} />
    </a>
  )
}

export function CreateCaseButton({ selected, onCreated }: { selected: ClaimFinding[]; onCreated(): void }) {
  const { t } = useTranslation('cases')
  const navigate = useNavigate()
  const create = useCallMutation('cases.create', { invalidates: ['cases'] })
  const stores = new Set(selected.map((f) => f.storeId))
  const disabled = selected.length === 0 || stores.size > 1
  return (
    <Tooltip label={stores.size > 1 ? t('create.oneStore') : t('create.hint')}>
      <Button
        size="xs"
        leftSection={<IconFilePlus size={14} />}
        disabled={disabled}
        loading={create.isPending}
        data-testid="create-case"
        onClick={() =>
          create.mutate(
            { storeId: selected[0]!.storeId, findingIds: selected.map((f) => f.id) },
            {
              onSuccess: (c) => {
                onCreated()
                void navigate(`/cases?case=${c.id}`)
              },
              onError: (e) => notifications.show({ color: 'red', title: t('create.failed'), message: e.message })
            }
          )
        }
      >
        {t('create.button', { count: selected.length })}
      </Button>
    </Tooltip>
  )
}
