/** Handlers of the backups.* channels (spread into createHandlers). */
import type { Handlers } from '../handler-types'
import type { BackupService } from './service'

type BackupsChannel = Extract<keyof Handlers, `backups.${string}`>

export function backupHandlers(s: { backups: BackupService }): Pick<Handlers, BackupsChannel> {
  return {
    'backups.status': () => s.backups.status(),
    'backups.list': () => s.backups.list(),
    // On the worker thread: on a large database the screens keep answering while it is copied and checked.
    'backups.now': () => s.backups.backupInBackground('manual'),
    'backups.inspect': ({ name }) => s.backups.inspect(name),
    'backups.restore': ({ name }) => s.backups.restore(name),
    'backups.setFolder': ({ folder }) => s.backups.setFolder(folder)
  }
}
