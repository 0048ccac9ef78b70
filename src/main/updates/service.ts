/**
 * Application updates for the desktop app. The "Check for updates" setting is off by default and
 * kept in app_meta; while it is on, the release feed is asked at start and once a day; "Check now"
 * asks once whatever the setting. A check never downloads: only `download()` does, and only the
 * user's yes (the Download button, `updates.download`) calls it. A downloaded version installs at
 * the next quit, or at once on "Restart and install".
 *
 * The feed (electron-updater over the GitHub releases) is given by the Electron entry point, so
 * this module has no Electron in it; browser mode, the CLI and dev runs have no feed
 * (`supported: false`) and refuse to check.
 */
import type { UpdateStatus } from '../../shared/contract/updates'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { readMeta, writeMeta } from '../db/app-meta'
import { AppError } from '../errors'
import type { Logger } from '../log'

/** What the updater needs from the release feed (electron-updater's autoUpdater, adapted in index.ts). */
export type UpdateFeed = {
  /** The newer version the feed offers, or null when this is the newest. Must not download. */
  check(): Promise<{ version: string } | null>
  /** Downloads the version the last check found. */
  download(): Promise<void>
  /** Quits the app and installs the downloaded version. */
  quitAndInstall(): void
}

/** Runs `fn` every `ms` until the returned function is called (setInterval; tests pass their own). */
export type Every = (fn: () => void, ms: number) => () => void

export const CHECK_KEY = 'updates.checkForUpdates'
/** Once a day while the setting is on (and once shortly after start). */
export const CHECK_EVERY_MS = 24 * 60 * 60 * 1000

const realEvery: Every = (fn, ms) => {
  const t = setInterval(fn, ms)
  t.unref?.()
  return () => clearInterval(t)
}

export class UpdatesService {
  private state: Pick<UpdateStatus, 'state' | 'version' | 'checkedAt' | 'message'> = {
    state: 'idle',
    version: null,
    checkedAt: null,
    message: null
  }
  private stopTimer: (() => void) | null = null
  private inFlight: Promise<UpdateStatus> | null = null

  constructor(
    private readonly deps: {
      db: Db
      feed: UpdateFeed | null
      clock: Clock
      log: Logger
      currentVersion: string
      every?: Every
    }
  ) {}

  status(): UpdateStatus {
    return {
      supported: this.deps.feed !== null,
      checkForUpdates: this.enabled(),
      currentVersion: this.deps.currentVersion,
      ...this.state
    }
  }

  private enabled(): boolean {
    return readMeta(this.deps.db, CHECK_KEY) === 'true'
  }

  setCheckForUpdates(enabled: boolean): UpdateStatus {
    writeMeta(this.deps.db, CHECK_KEY, enabled ? 'true' : 'false', this.deps.clock.now())
    this.deps.log.info('updates: check for updates turned ' + (enabled ? 'on' : 'off'))
    if (this.running) this.schedule()
    return this.status()
  }

  /** Asks the feed once. Never downloads. */
  check(): Promise<UpdateStatus> {
    const feed = this.deps.feed
    if (!feed) throw new AppError('UNAVAILABLE', 'Updates are available in the installed desktop app only.')
    if (this.state.state === 'downloading' || this.state.state === 'downloaded') return Promise.resolve(this.status())
    this.inFlight ??= (async () => {
      this.state = { ...this.state, state: 'checking', message: null }
      try {
        const found = await feed.check()
        this.state = {
          state: found ? 'available' : 'up-to-date',
          version: found?.version ?? null,
          checkedAt: this.deps.clock.now().toISOString(),
          message: null
        }
        if (found) this.deps.log.info('updates: a new version is available', { version: found.version })
      } catch (e) {
        this.state = { state: 'error', version: null, checkedAt: this.deps.clock.now().toISOString(), message: errorText(e) }
        this.deps.log.warn('updates: check failed', { error: errorText(e) })
      } finally {
        this.inFlight = null
      }
      return this.status()
    })()
    return this.inFlight
  }

  /** The user's yes to the version the last check found: downloads it (installs at the next quit). */
  async download(): Promise<UpdateStatus> {
    const feed = this.deps.feed
    if (!feed) throw new AppError('UNAVAILABLE', 'Updates are available in the installed desktop app only.')
    if (this.state.state === 'downloading' || this.state.state === 'downloaded') return this.status()
    if (this.state.state !== 'available') throw new AppError('CONFLICT', 'No new version to download: check for updates first.')
    this.state = { ...this.state, state: 'downloading', message: null }
    try {
      await feed.download()
      this.state = { ...this.state, state: 'downloaded' }
      this.deps.log.info('updates: downloaded; installs at the next quit', { version: this.state.version })
    } catch (e) {
      // Back to "available": the user may try again.
      this.state = { ...this.state, state: 'available', message: errorText(e) }
      this.deps.log.warn('updates: download failed', { error: errorText(e) })
    }
    return this.status()
  }

  install(): { restarting: boolean } {
    if (!this.deps.feed || this.state.state !== 'downloaded') throw new AppError('CONFLICT', 'No downloaded update to install.')
    this.deps.feed.quitAndInstall()
    return { restarting: true }
  }

  private running = false
  /** Starts the daily check (and one now) while the setting is on. */
  start(): void {
    this.running = true
    this.schedule()
  }
  stop(): void {
    this.running = false
    this.stopTimer?.()
    this.stopTimer = null
  }

  private schedule(): void {
    this.stopTimer?.()
    this.stopTimer = null
    if (!this.deps.feed || !this.enabled()) return
    const tick = () => {
      // The setting is read again each time: turning it off stops the next check.
      if (this.enabled()) void this.check().catch(() => undefined)
    }
    this.stopTimer = (this.deps.every ?? realEvery)(tick, CHECK_EVERY_MS)
    tick()
  }
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e))
