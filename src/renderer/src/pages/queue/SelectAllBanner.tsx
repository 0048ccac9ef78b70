/** When the whole page is selected and more match: offer to select all N matching (or clear that). */
import { Alert, Anchor, Group, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'

type Props = { pageCount: number; total: number; allMatching: boolean; onSelectAll(): void; onClear(): void }

export function SelectAllBanner({ pageCount, total, allMatching, onSelectAll, onClear }: Props) {
  const { t } = useTranslation('queue')
  return (
    <Alert color="blue" variant="light" mb="xs" p="xs" data-testid="queue-select-all-banner">
      <Group gap="xs">
        <Text size="sm">
          {allMatching ? t('selection.allMatching', { count: total }) : t('selection.pageSelected', { count: pageCount })}
        </Text>
        {allMatching ? (
          <Anchor component="button" size="sm" onClick={onClear}>
            {t('selection.clear')}
          </Anchor>
        ) : (
          <Anchor component="button" size="sm" onClick={onSelectAll} data-testid="queue-select-all-matching">
            {t('selection.selectAll', { count: total })}
          </Anchor>
        )}
      </Group>
    </Alert>
  )
}
