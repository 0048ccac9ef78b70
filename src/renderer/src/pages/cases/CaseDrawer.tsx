/**
 * One case (#16): its state and deadlines, the English text to paste into Seller Central (copy),
 * the lifecycle buttons (filing asks for Amazon's Case ID), evidence files (picked or dropped,
 * staged like imports, stored once per content in main), payments and the timeline of events.
 */
import { Alert, Badge, Button, Code, CopyButton, Drawer, Group, Paper, Stack, Table, Text, TextInput, Timeline } from '@mantine/core'
import { IconCopy } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { CASE_TRANSITIONS, type CaseState } from '../../../../shared/contract/cases'
import { useCall, useCallMutation } from '../../api/client'
import { transport } from '../../api/transport'
import { ErrorAlert } from '../../components/ErrorAlert'
import { ImportDropzone } from '../../components/ImportDropzone'
import { MoneyText } from '../../components/MoneyText'
import { formatDateTime } from '../../format'

export const CASE_STATE_COLOR: Record<CaseState, string> = {
  draft: 'gray',
  filed: 'blue',
  waiting: 'indigo',
  paid: 'teal',
  partlyPaid: 'lime',
  denied: 'red',
  reopened: 'orange'
}

const size = (n: number) => (n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 ** 2).toFixed(1)} MB`)

export function CaseStateBadge({ state }: { state: CaseState }) {
  const { t } = useTranslation('cases')
  return (
    <Badge color={CASE_STATE_COLOR[state]} variant="light" data-testid="case-state" styles={{ label: { overflow: 'visible' } }}>
      {t(`state.${state}`)}
    </Badge>
  )
}

export function CaseDrawer({ id, onClose }: { id: number | null; onClose(): void }) {
  const { t } = useTranslation('cases')
  const q = useCall('cases.get', { id: id ?? 0 }, { enabled: id !== null })
  const setState = useCallMutation('cases.setState', { invalidates: ['cases', 'claims'] })
  const addEvidence = useCallMutation('cases.addEvidence')
  // Desktop: main opens the file with the system's app. Browser mode: the host sends it as a download.
  const openEvidence = useCallMutation('cases.openEvidence', { invalidates: [] })
  const [filing, setFiling] = useState(false)
  const [amazonCaseId, setAmazonCaseId] = useState('')
  const c = id !== null ? q.data : undefined
  const move = (state: CaseState) => {
    if (!c) return
    if (state === 'filed' && !c.amazonCaseId) return setFiling(true)
    setState.mutate({ id: c.id, state })
  }
  return (
    <Drawer
      opened={id !== null}
      onClose={() => {
        setFiling(false)
        onClose()
      }}
      position="right"
      size="xl"
      title={c ? t('drawer.title', { id: c.id }) : ''}
      data-testid="case-drawer"
    >
      {q.error && <ErrorAlert error={q.error} />}
      {c && (
        <Stack gap="md">
          <Group gap="xs" wrap="wrap">
            <CaseStateBadge state={c.state} />
            {c.amazonCaseId && (
              <Text size="sm" data-testid="case-amazon-id">
                {t('drawer.amazonCaseId', { id: c.amazonCaseId })}
              </Text>
            )}
            {c.paid && (
              <Text size="sm" data-testid="case-paid">
                {t('drawer.paid')} <MoneyText value={c.paid} size="sm" fw={600} /> (
                {t('drawer.units', { done: c.paidQuantity, of: c.quantity })})
              </Text>
            )}
          </Group>
          <Stack gap={2}>
            {c.closesAt && <Text size="sm">{t('drawer.windowCloses', { at: formatDateTime(c.closesAt) })}</Text>}
            {c.state === 'denied' && (
              <Text size="sm" c="dimmed" data-testid="case-reopen-window">
                {c.reopenUntil ? t('drawer.reopenUntil', { at: formatDateTime(c.reopenUntil) }) : t('drawer.noReopenWindow')}
              </Text>
            )}
          </Stack>
          {setState.error && <ErrorAlert error={setState.error} />}
          <Group gap="xs" data-testid="case-actions">
            {CASE_TRANSITIONS[c.state].map((s) => (
              <Button
                key={s}
                size="xs"
                variant={s === 'filed' ? 'filled' : 'light'}
                color={CASE_STATE_COLOR[s]}
                loading={setState.isPending}
                onClick={() => move(s)}
                data-testid={`case-to-${s}`}
              >
                {t(`action.${s}`)}
              </Button>
            ))}
          </Group>
          {filing && (
            <Alert color="blue" title={t('file.title')} data-testid="case-file-form">
              <Text size="sm" mb="xs">
                {t('file.body')}
              </Text>
              <Group gap="xs" align="flex-end">
                <TextInput
                  label={t('file.label')}
                  value={amazonCaseId}
                  onChange={(e) => setAmazonCaseId(e.currentTarget.value)}
                  data-testid="case-file-id"
                  style={{ flex: 1 }}
                />
                <Button
                  disabled={!amazonCaseId.trim()}
                  loading={setState.isPending}
                  onClick={() =>
                    setState.mutate({ id: c.id, state: 'filed', amazonCaseId: amazonCaseId.trim() }, { onSuccess: () => setFiling(false) })
                  }
                  data-testid="case-file-save"
                >
                  {t('file.save')}
                </Button>
              </Group>
            </Alert>
          )}
          <Paper withBorder p="sm">
            <Group justify="space-between" mb="xs" wrap="nowrap">
              <Stack gap={0}>
                <Text fw={600} size="sm">
                  {t('drawer.text')}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('drawer.textHint')}
                </Text>
              </Stack>
              <CopyButton value={c.text}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" leftSection={<IconCopy size={14} />} onClick={copy} data-testid="case-copy">
                    {copied ? t('drawer.copied') : t('drawer.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Code block data-testid="case-text" style={{ maxHeight: 260, overflow: 'auto', whiteSpace: 'pre-wrap' }}>
              {c.text}
            </Code>
          </Paper>
          <Stack gap="xs">
            <Text fw={600} size="sm">
              {t('evidence.title', { count: c.evidence.length })}
            </Text>
            {c.evidence.length > 0 && (
              <Table striped withTableBorder fz="xs" data-testid="case-evidence">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('evidence.name')}</Table.Th>
                    <Table.Th>{t('evidence.size')}</Table.Th>
                    <Table.Th>{t('evidence.added')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {c.evidence.map((e) => (
                    <Table.Tr key={e.id}>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>{e.name}</Table.Td>
                      <Table.Td>{size(e.size)}</Table.Td>
                      <Table.Td>{formatDateTime(e.addedAt)}</Table.Td>
                      <Table.Td>
                        {transport.kind === 'http' ? (
                          <Button
                            component="a"
                            href={`/files/case-evidence/${c.id}/${e.id}`}
                            download={e.name}
                            size="compact-xs"
                            variant="light"
                            aria-label={t('evidenceFile.downloadLabel', { name: e.name })}
                            data-testid="case-evidence-download"
                          >
                            {t('evidenceFile.download')}
                          </Button>
                        ) : (
                          <Button
                            size="compact-xs"
                            variant="light"
                            loading={openEvidence.isPending && openEvidence.variables?.evidenceId === e.id}
                            onClick={() => openEvidence.mutate({ id: c.id, evidenceId: e.id })}
                            aria-label={t('evidenceFile.openLabel', { name: e.name })}
                            data-testid="case-evidence-open"
                          >
                            {t('evidenceFile.open')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {openEvidence.error && <ErrorAlert error={openEvidence.error} />}
            {addEvidence.error && <ErrorAlert error={addEvidence.error} />}
            <ImportDropzone
              compact
              title={t('evidence.drop')}
              hint={t('evidence.hint')}
              testId="case-evidence-dropzone"
              onStaged={(f) => addEvidence.mutate({ id: c.id, fileId: f.fileId })}
            />
          </Stack>
          {c.payments.length > 0 && (
            <Stack gap="xs">
              <Text fw={600} size="sm">
                {t('payments.title')}
              </Text>
              <Table striped withTableBorder fz="xs" data-testid="case-payments">
                <Table.Tbody>
                  {c.payments.map((p) => (
                    <Table.Tr key={`${p.reimbursementId}-${p.matchedBy}`}>
                      <Table.Td>
                        <a href="#/reimbursements" title={t('payments.open')}>
                          {p.reimbursementId}
                        </a>
                      </Table.Td>
                      <Table.Td>{t(`payments.by.${p.matchedBy}`)}</Table.Td>
                      <Table.Td>{formatDateTime(p.reimbursedAt)}</Table.Td>
                      <Table.Td>{p.quantity}</Table.Td>
                      <Table.Td>
                        <MoneyText value={p.amount} size="xs" />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          )}
          <Stack gap="xs">
            <Text fw={600} size="sm">
              {t('events.title')}
            </Text>
            <Timeline active={c.events.length} bulletSize={14} lineWidth={2} data-testid="case-events">
              {c.events.map((e) => (
                <Timeline.Item key={e.id} title={t(`state.${e.toState}`)}>
                  <Text size="xs" c="dimmed">
                    {formatDateTime(e.at)} · {t(`actor.${e.actor}`)}
                    {e.reimbursementId ? ` · ${t('events.reimbursement', { id: e.reimbursementId })}` : ''}
                  </Text>
                </Timeline.Item>
              ))}
            </Timeline>
          </Stack>
        </Stack>
      )}
    </Drawer>
  )
}
