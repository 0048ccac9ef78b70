/** Importing with no store at all: say why nothing can be imported and offer to create one. */
import { Alert, Button } from '@mantine/core'
import { IconBuildingStore } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useCall } from '../api/client'

/** Shown only when the app has no store yet (renders nothing while loading or once one exists). */
export function NoStoreOffer() {
  const { t } = useTranslation('words')
  const stores = useCall('stores.list', {})
  if (!stores.data || stores.data.length > 0) return null
  return (
    <Alert color="blue" icon={<IconBuildingStore size={18} />} title={t('noStore.title')} mb="sm" data-testid="no-store-offer">
      {t('noStore.body')}
      <Button component="a" href="#/stores?add=1" size="xs" ml="md" data-testid="no-store-create">
        {t('noStore.create')}
      </Button>
    </Alert>
  )
}
