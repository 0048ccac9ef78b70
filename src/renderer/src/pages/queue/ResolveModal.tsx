/**
 * Uncertain entries: Amazon reported FATAL or recovery could not tell whether the feed arrived.
 * A person checks Seller Central, then says "applied" or "not applied" (with a note).
 */
import { Alert, Button, Group, Modal, SegmentedControl, Stack, Text, Textarea } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconInfoCircle } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useCallMutation } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'

export function ResolveModal({ ids, onClose }: { ids: number[] | null; onClose(): void }) {
  const { t } = useTranslation('queue')
  const resolve = useCallMutation('queue.resolveUncertain', { invalidates: ['queue', 'orders'] })
  const [outcome, setOutcome] = useState<'applied' | 'not-applied'>('applied')
  const [note, setNote] = useState('')
  const close = () => {
    setNote('')
    resolve.reset()
    onClose()
  }
  const submit = async () => {
    const r = await resolve.mutateAsync({ ids: ids!, outcome, note: note.trim() })
    notifications.show({ color: 'teal', message: t('resolve.done', { count: r.resolved }) })
    close()
  }
  return (
    <Modal
      opened={ids !== null}
      onClose={close}
      title={t('resolve.title', { count: ids?.length ?? 0 })}
      size="lg"
      data-testid="resolve-modal"
    >
      <Stack>
        <Alert color="orange" icon={<IconInfoCircle size={18} />}>
          {t('resolve.explain')}
        </Alert>
        <SegmentedControl
          value={outcome}
          onChange={(v) => setOutcome(v as 'applied' | 'not-applied')}
          data={[
            { value: 'applied', label: t('resolve.applied') },
            { value: 'not-applied', label: t('resolve.notApplied') }
          ]}
          data-testid="resolve-outcome"
        />
        <Text size="sm" c="dimmed">
          {outcome === 'applied' ? t('resolve.appliedHint') : t('resolve.notAppliedHint')}
        </Text>
        <Textarea
          label={t('resolve.note')}
          placeholder={t('resolve.notePlaceholder')}
          required
          autosize
          minRows={2}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          data-testid="resolve-note"
        />
        {resolve.error && <ErrorAlert error={resolve.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common:actions.cancel')}
          </Button>
          <Button
            onClick={() => void submit().catch(() => {})}
            disabled={!note.trim()}
            loading={resolve.isPending}
            data-testid="resolve-submit"
          >
            {outcome === 'applied' ? t('resolve.markApplied') : t('resolve.markNotApplied')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
