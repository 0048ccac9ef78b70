/** The `?` overlay: the queue's keyboard shortcuts (hotkeys.ts). */
import { Group, Kbd, Modal, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { SHORTCUTS } from './hotkeys'

export function ShortcutsOverlay({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation('queue')
  return (
    <Modal opened={opened} onClose={onClose} title={t('shortcuts.title')} data-testid="queue-shortcuts">
      <Stack gap="xs" data-testid="queue-shortcuts-list">
        {SHORTCUTS.map((s) => (
          <Group key={s.what} gap="md" wrap="nowrap">
            <Group gap={4} miw={120} wrap="nowrap">
              {s.keys.map((k, i) => (
                <Group key={k} gap={4} wrap="nowrap">
                  {i > 0 && (
                    <Text size="xs" c="dimmed">
                      {s.keys[0] === 'Shift' ? '+' : t('shortcuts.or')}
                    </Text>
                  )}
                  <Kbd>{k === 'Space' ? t('shortcuts.space') : k}</Kbd>
                </Group>
              ))}
            </Group>
            <Text size="sm">{t(`shortcuts.keys.${s.what}`)}</Text>
          </Group>
        ))}
        <Text size="xs" c="dimmed" mt="xs">
          {t('shortcuts.note')}
        </Text>
      </Stack>
    </Modal>
  )
}
