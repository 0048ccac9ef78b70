/**
 * Seller accounts (stores) and their settings. Non-secret fields go to SQLite; the LWA client
 * secret and refresh token go to the Vault (OS keychain) and never come back out through here.
 */
import { randomUUID } from 'node:crypto'
import { desc, eq } from 'drizzle-orm'
import type { z } from 'zod'
import {
  apiFieldsProblems,
  regionOfMarketplaces,
  type Store,
  type StoreCreate,
  type StoreSecrets,
  type StoreUpdate
} from '../../shared/contract/stores'
import type { StoreSettings, StoreSettingsValues } from '../../shared/contract/settings'
import type { Clock } from '../clock'
import type { Db } from '../db/client'
import { storeSettings, stores } from '../db/schema'
import { AppError } from '../errors'
import type { EventBus } from '../events'
import { registerSecret, type Logger } from '../log'
import { vaultAccount, type SecretKind, type Vault } from '../secrets/vault'

type Row = typeof stores.$inferSelect

/** No SP-API registration: no LWA client id (the demo store is served by the emulator). */
const isFileOnly = (r: Pick<Row, 'isDemo' | 'lwaClientId'>): boolean => !r.isDemo && r.lwaClientId === null

export type StoreCredentials = { lwaClientId: string; lwaClientSecret: string; refreshToken: string }

export class StoresService {
  constructor(private readonly deps: { db: Db; vault: Vault; clock: Clock; events: EventBus; log: Logger }) {}

  private async toStore(r: Row): Promise<Store> {
    const [secret, token] = await Promise.all([
      this.deps.vault.get(vaultAccount(r.id, 'lwaClientSecret')).catch(() => null),
      this.deps.vault.get(vaultAccount(r.id, 'refreshToken')).catch(() => null)
    ])
    registerSecret(secret)
    registerSecret(token)
    return {
      id: r.id,
      name: r.name,
      region: r.region,
      sellerId: r.sellerId,
      marketplaceIds: r.marketplaceIds,
      lwaClientId: r.lwaClientId,
      isDemo: r.isDemo,
      fileOnly: isFileOnly(r),
      hasCredentials: r.isDemo || (r.lwaClientId !== null && secret !== null && token !== null),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt
    }
  }

  private row(id: string): Row {
    const r = this.deps.db.select().from(stores).where(eq(stores.id, id)).get()
    if (!r) throw new AppError('NOT_FOUND', `No store with id ${id}`)
    return r
  }

  async list(): Promise<Store[]> {
    const rows = this.deps.db.select().from(stores).orderBy(desc(stores.isDemo), stores.name).all()
    return Promise.all(rows.map((r) => this.toStore(r)))
  }

  /** Every store's id (the scheduler runs per-store jobs over these). */
  ids(): string[] {
    return this.deps.db
      .select({ id: stores.id })
      .from(stores)
      .all()
      .map((r) => r.id)
  }

  /** Store names by id, for screens that label rows with their store. */
  names(): Map<string, string> {
    return new Map(
      this.deps.db
        .select({ id: stores.id, name: stores.name })
        .from(stores)
        .all()
        .map((r) => [r.id, r.name])
    )
  }

  async get(id: string): Promise<Store> {
    return this.toStore(this.row(id))
  }

  private async writeSecrets(id: string, secrets: z.output<typeof StoreSecrets> | undefined) {
    if (!secrets) return
    const pairs: [SecretKind, string | undefined][] = [
      ['lwaClientSecret', secrets.lwaClientSecret],
      ['refreshToken', secrets.refreshToken]
    ]
    for (const [kind, value] of pairs) {
      registerSecret(value)
      if (value) await this.deps.vault.set(vaultAccount(id, kind), value)
    }
  }

  async create(input: z.output<typeof StoreCreate>, opts: { id?: string; isDemo?: boolean } = {}): Promise<Store> {
    const id = opts.id ?? randomUUID()
    const now = this.deps.clock.now().toISOString()
    const region = input.region ?? regionOfMarketplaces(input.marketplaceIds)
    if (!region) throw new AppError('VALIDATION', 'marketplaces of one region only (NA, EU or FE)', { field: 'marketplaceIds' })
    // Secrets first: if the keychain refuses, no half-made store is left in SQLite.
    await this.writeSecrets(id, input.secrets)
    this.deps.db.transaction((tx) => {
      tx.insert(stores)
        .values({
          id,
          name: input.name,
          region,
          sellerId: input.sellerId ?? null,
          marketplaceIds: input.marketplaceIds,
          lwaClientId: input.lwaClientId ?? null,
          isDemo: opts.isDemo ?? false,
          createdAt: now,
          updatedAt: now
        })
        .run()
      tx.insert(storeSettings).values({ storeId: id, updatedAt: now }).run()
    })
    this.deps.log.info('store created', { id, name: input.name })
    this.deps.events.emit('data.changed', { domains: ['stores'] })
    return this.get(id)
  }

  /** Also adds API access to a file-only store later (seller id + LWA client id + secrets). */
  async update(input: z.output<typeof StoreUpdate>): Promise<Store> {
    const cur = this.row(input.id)
    const merged = {
      sellerId: input.patch.sellerId !== undefined ? input.patch.sellerId : cur.sellerId,
      lwaClientId: input.patch.lwaClientId !== undefined ? input.patch.lwaClientId : cur.lwaClientId,
      secrets: input.secrets
    }
    const problem = cur.isDemo ? undefined : apiFieldsProblems(merged)[0]
    if (problem) throw new AppError('VALIDATION', problem.message, { field: problem.path[0] })
    await this.writeSecrets(input.id, input.secrets)
    const now = this.deps.clock.now().toISOString()
    this.deps.db
      .update(stores)
      .set({ ...input.patch, updatedAt: now })
      .where(eq(stores.id, input.id))
      .run()
    this.deps.events.emit('data.changed', { domains: ['stores'] })
    return this.get(input.id)
  }

  async remove(id: string): Promise<boolean> {
    this.row(id)
    this.deps.db.delete(stores).where(eq(stores.id, id)).run()
    for (const kind of ['lwaClientSecret', 'refreshToken'] as const) {
      await this.deps.vault.delete(vaultAccount(id, kind)).catch((e: unknown) => {
        this.deps.log.warn('could not delete a keychain entry of a removed store', { id, kind, e })
      })
    }
    this.deps.log.info('store removed', { id })
    this.deps.events.emit('data.changed', { domains: ['stores', 'settings'] })
    return true
  }

  /** For the SP-API client only (main process); never exposed through the contract. */
  async credentials(id: string): Promise<StoreCredentials | null> {
    const r = this.row(id)
    const [secret, token] = await Promise.all([
      this.deps.vault.get(vaultAccount(id, 'lwaClientSecret')),
      this.deps.vault.get(vaultAccount(id, 'refreshToken'))
    ])
    // From now on no output of this process may show them (see log.ts).
    registerSecret(secret)
    registerSecret(token)
    if (!secret || !token || r.lwaClientId === null) return null
    return { lwaClientId: r.lwaClientId, lwaClientSecret: secret, refreshToken: token }
  }

  getSettings(storeId: string): StoreSettings {
    this.row(storeId)
    const s = this.deps.db.select().from(storeSettings).where(eq(storeSettings.storeId, storeId)).get()
    if (!s) throw new AppError('NOT_FOUND', `No settings for store ${storeId}`)
    return s
  }

  updateSettings(storeId: string, patch: Partial<StoreSettingsValues>): StoreSettings {
    this.row(storeId)
    const next = { ...patch }
    // Auto-submit only means something when refunds are queued; switching queueing off stops it.
    // Refund on receipt only ever queues the refund (the Receive screen never sends one), so it
    // needs the queue too.
    if (next.queueRefundsAndCancellations === false) {
      next.queueAutoSubmit = false
      next.refundOnReceipt = false
    }
    for (const [field, what] of [
      ['queueAutoSubmit', 'Auto-submit'],
      ['refundOnReceipt', 'Refund on receipt']
    ] as const) {
      if (next[field] !== true) continue
      const cur = this.getSettings(storeId)
      if (!(next.queueRefundsAndCancellations ?? cur.queueRefundsAndCancellations)) {
        throw new AppError('VALIDATION', `${what} needs "Queue refunds and cancellations" to be on`, { field })
      }
    }
    this.deps.db
      .update(storeSettings)
      .set({ ...next, updatedAt: this.deps.clock.now().toISOString() })
      .where(eq(storeSettings.storeId, storeId))
      .run()
    this.deps.events.emit('data.changed', { domains: ['settings'] })
    return this.getSettings(storeId)
  }

  // --- for other domains (queue) ---
  /**
   * The store's Amazon seller id (a feed document's MerchantIdentifier); NOT_FOUND for an unknown
   * store; VALIDATION for a file-only store (it has none: its batches are files, see `fileOnly`).
   */
  sellerId(storeId: string): string {
    const r = this.row(storeId)
    if (r.sellerId === null) throw new AppError('VALIDATION', `Store "${r.name}" has no seller id (it works from files only)`)
    return r.sellerId
  }

  /** Whether the store has no SP-API registration (synchronous: no keychain read). */
  fileOnly(storeId: string): boolean {
    return isFileOnly(this.row(storeId))
  }

  // --- the SP-API client's record of the operations a store uses (deprecation check) ---
  /** Remembers that the store's client called `operation` at `at` (ISO); an unknown store is ignored. */
  recordOperation(storeId: string, operation: string, at: string): void {
    this.deps.db.$client
      .prepare(
        `INSERT INTO store_api_operations (store_id, operation, last_called_at) SELECT id, ?, ? FROM stores WHERE id = ?
         ON CONFLICT (store_id, operation) DO UPDATE SET last_called_at = excluded.last_called_at`
      )
      .run(operation, at, storeId)
  }

  /** The operations each store's client called, with the last call's instant. */
  operationsUsed(): Map<string, { operation: string; lastCalledAt: string }[]> {
    const rows = this.deps.db.$client
      .prepare(
        'SELECT store_id AS storeId, operation, last_called_at AS lastCalledAt FROM store_api_operations ORDER BY store_id, operation'
      )
      .all() as { storeId: string; operation: string; lastCalledAt: string }[]
    const out = new Map<string, { operation: string; lastCalledAt: string }[]>()
    for (const r of rows) out.set(r.storeId, [...(out.get(r.storeId) ?? []), { operation: r.operation, lastCalledAt: r.lastCalledAt }])
    return out
  }

  // --- for other domains (reimbursements/rmas) ---
  /** A store's id, name and marketplaces, synchronously (no keychain read); NOT_FOUND if unknown. */
  basics(id: string): { id: string; name: string; marketplaceIds: string[] } {
    const r = this.row(id)
    return { id: r.id, name: r.name, marketplaceIds: r.marketplaceIds }
  }
}
