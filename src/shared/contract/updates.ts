import { z } from 'zod'
import type { ContractSlice } from './types'

/**
 * Application updates (desktop app): the "Check for updates" setting (off by default) and where a
 * check or a download stands. Nothing is downloaded until the user asks (`updates.download`).
 */
export const UpdateStatus = z.object({
  /** Whether this process can update itself: the packaged desktop app. False in browser mode and dev runs. */
  supported: z.boolean(),
  /** The setting: look for a new version at start and once a day. Off until the user turns it on. */
  checkForUpdates: z.boolean(),
  currentVersion: z.string(),
  state: z.enum(['idle', 'checking', 'up-to-date', 'available', 'downloading', 'downloaded', 'error']),
  /** The newer version the last check found (state available, downloading or downloaded). */
  version: z.string().nullable(),
  checkedAt: z.string().nullable(),
  /** Why the last check or download failed (state error). */
  message: z.string().nullable()
})
export type UpdateStatus = z.infer<typeof UpdateStatus>

const Empty = z.object({}).strict()

export const updates = {
  'updates.status': { input: Empty, output: UpdateStatus },
  'updates.setCheckForUpdates': { input: z.object({ enabled: z.boolean() }).strict(), output: UpdateStatus },
  /** Asks the release feed now (also with the setting off: the user asked). Never downloads. */
  'updates.check': { input: Empty, output: UpdateStatus },
  /** The user's yes: downloads the version the last check found. */
  'updates.download': { input: Empty, output: UpdateStatus },
  /** Quits and installs the downloaded version (it would otherwise install at the next quit). */
  'updates.install': { input: Empty, output: z.object({ restarting: z.boolean() }) }
} as const satisfies ContractSlice
