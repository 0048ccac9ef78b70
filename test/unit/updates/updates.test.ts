/**
 * Application updates: the "Check for updates" setting is off by default and survives a restart;
 * with it off nothing asks the release feed by itself; a check never downloads; only the user's
 * yes (updates.download) downloads. The feed stands in for electron-updater (Electron's updater
 * cannot run on Node); the setting lives in the real SQLite database.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src/main/log'
import { CHECK_EVERY_MS, UpdatesService, type Every, type UpdateFeed } from '../../../src/main/updates/service'
import { makeServices, tempDir } from '../../helpers/services'

/** A release feed that offers `offer` (null: nothing newer) and records what was asked of it. */
function standInFeed(offer: string | null) {
  const calls: string[] = []
  const feed: UpdateFeed & { calls: string[]; offer: string | null; fail?: string } = {
    calls,
    offer,
    check: async () => {
      calls.push('check')
      if (feed.fail) throw new Error(feed.fail)
      return feed.offer ? { version: feed.offer } : null
    },
    download: async () => {
      calls.push('download')
    },
    quitAndInstall: () => {
      calls.push('quitAndInstall')
    }
  }
  return feed
}

/** A hand-driven interval: `fire()` runs every registered tick once. */
function manualEvery() {
  const ticks = new Set<() => void>()
  const intervals: number[] = []
  const every: Every = (fn, ms) => {
    ticks.add(fn)
    intervals.push(ms)
    return () => ticks.delete(fn)
  }
  return { every, intervals, fire: () => [...ticks].forEach((t) => t()), active: () => ticks.size }
}

const settle = () => new Promise((r) => setImmediate(r))

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

function setup(feed: UpdateFeed | null, dbFile?: string) {
  const ctx = makeServices(dbFile ? { dbFile } : {})
  cleanups.push(ctx.close)
  const timer = manualEvery()
  const updates = new UpdatesService({
    db: ctx.services.db,
    feed,
    clock: ctx.clock,
    log: silentLogger,
    currentVersion: '0.1.0',
    every: timer.every
  })
  cleanups.push(() => updates.stop())
  return { ctx, updates, timer }
}

describe('updates: the setting', () => {
  it('is off by default, and with it off the app never asks the feed by itself', async () => {
    const feed = standInFeed('0.2.0')
    const { updates, timer } = setup(feed)
    expect(updates.status()).toMatchObject({ supported: true, checkForUpdates: false, state: 'idle', currentVersion: '0.1.0' })
    updates.start()
    timer.fire()
    await settle()
    expect(timer.active()).toBe(0)
    expect(feed.calls).toEqual([])
  })

  it('on: checks at once and then once a day; off again: the daily check stops', async () => {
    const feed = standInFeed(null)
    const { updates, timer } = setup(feed)
    updates.start()
    updates.setCheckForUpdates(true)
    await settle()
    expect(feed.calls).toEqual(['check'])
    expect(timer.intervals).toEqual([CHECK_EVERY_MS])
    timer.fire()
    await settle()
    expect(feed.calls).toEqual(['check', 'check'])
    expect(updates.status()).toMatchObject({ state: 'up-to-date', checkedAt: '2026-11-22T10:00:00.000Z' })
    updates.setCheckForUpdates(false)
    timer.fire()
    await settle()
    expect(timer.active()).toBe(0)
    expect(feed.calls).toEqual(['check', 'check'])
  })

  it('is kept in the database across a restart', () => {
    const tmp = tempDir()
    cleanups.push(tmp.cleanup)
    const dbFile = join(tmp.dir, 'db.sqlite')
    const first = setup(null, dbFile)
    first.updates.setCheckForUpdates(true)
    first.ctx.close()
    expect(setup(null, dbFile).updates.status().checkForUpdates).toBe(true)
  })
})

describe('updates: nothing is downloaded without the user’s yes', () => {
  it('a check that finds a new version (scheduled or "Check now") does not download it', async () => {
    const feed = standInFeed('0.2.0')
    const { updates } = setup(feed)
    updates.setCheckForUpdates(true)
    updates.start()
    await settle()
    expect(await updates.check()).toMatchObject({ state: 'available', version: '0.2.0' })
    expect(feed.calls).not.toContain('download')
  })

  it('downloads after the user says yes, then installs only when asked', async () => {
    const feed = standInFeed('0.2.0')
    const { updates } = setup(feed)
    await updates.check()
    expect(await updates.download()).toMatchObject({ state: 'downloaded', version: '0.2.0' })
    expect(feed.calls).toEqual(['check', 'download'])
    expect(updates.install()).toEqual({ restarting: true })
    expect(feed.calls).toEqual(['check', 'download', 'quitAndInstall'])
  })

  it('refuses a download with nothing found, and an install with nothing downloaded', async () => {
    const feed = standInFeed(null)
    const { updates } = setup(feed)
    await expect(updates.download()).rejects.toMatchObject({ code: 'CONFLICT' })
    await updates.check()
    await expect(updates.download()).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(() => updates.install()).toThrow(/No downloaded update/)
    expect(feed.calls).toEqual(['check'])
  })

  it('a failed check is reported with its reason, not as "up to date"', async () => {
    const feed = standInFeed('0.2.0')
    feed.fail = 'net::ERR_NAME_NOT_RESOLVED'
    const { updates } = setup(feed)
    expect(await updates.check()).toMatchObject({ state: 'error', message: 'net::ERR_NAME_NOT_RESOLVED', version: null })
  })
})

describe('updates: without a release feed (browser mode, CLI, a dev run)', () => {
  it('says so through the contract and refuses to check or download', async () => {
    const ctx = makeServices()
    cleanups.push(ctx.close)
    expect(await ctx.dispatch('updates.status', {})).toMatchObject({ ok: true, data: { supported: false, checkForUpdates: false } })
    expect(await ctx.dispatch('updates.setCheckForUpdates', { enabled: true })).toMatchObject({ ok: true, data: { checkForUpdates: true } })
    expect(await ctx.dispatch('updates.check', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } })
    expect(await ctx.dispatch('updates.download', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } })
  })
})
