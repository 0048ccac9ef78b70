/** updates.* channels (see service.ts): the setting, a check, the user's yes, install now. */
import type { Handlers } from '../handler-types'
import type { UpdatesService } from './service'

type UpdateHandlers = Pick<
  Handlers,
  'updates.status' | 'updates.setCheckForUpdates' | 'updates.check' | 'updates.download' | 'updates.install'
>

export function updateHandlers(s: { updates: UpdatesService }): UpdateHandlers {
  return {
    'updates.status': () => s.updates.status(),
    'updates.setCheckForUpdates': ({ enabled }) => s.updates.setCheckForUpdates(enabled),
    'updates.check': () => s.updates.check(),
    'updates.download': () => s.updates.download(),
    'updates.install': () => s.updates.install()
  }
}
