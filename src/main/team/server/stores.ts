/**
 * The stores a team server serves (`team_stores`) and their SP-API clients. The server is the
 * only process of a team that talks to Amazon for a store, so the store's quota is not split
 * between machines; its LWA credentials come from the server's secret store (`secrets.ts`),
 * never from a desktop's keychain.
 *
 * `serverSpApi(db, secrets, env)` is what the domains' jobs (order sync, the submitter, returns
 * reports) call to get `forStore(storeId)` → an SpApiClient, with the endpoints and time scale
 * from the same environment as the desktop (SBO_SPAPI_BASE_URL, SBO_LWA_TOKEN_URL,
 * SBO_SPAPI_TIME_SCALE).
 */
import { asc, eq } from 'drizzle-orm'
import { z } from 'zod'
import { MarketplaceId, type Store } from '../../../shared/contract/stores'
import { Region } from '../../../shared/ids'
import { endpointsFromEnv, timeScaleFromEnv } from '../../amazon/spapi/endpoints'
import { ordersApiVersionFromEnv } from '../../amazon/spapi/orders-version'
import { createSpApiFactory, type SpApiFactory, type StoreInfo, type StoresPort } from '../../amazon/spapi/factory'
import { AppError } from '../../errors'
import { silentLogger, type Logger } from '../../log'
import type { TeamDb, TeamTx } from '../pg/db'
import { teamStores } from '../pg/schema'
import { SERVER_STORE_ID, type SecretStore } from './secrets'
import type { TeamDomain } from './types'

export const ServerStoreInput = z
  .object({
    id: z.string().regex(SERVER_STORE_ID, 'store id: 1–64 letters, digits, "_" or "-" (it names the secret files)'),
    name: z.string().trim().min(1).max(100),
    region: Region,
    sellerId: z
      .string()
      .trim()
      .regex(/^[A-Z0-9]{8,20}$/, 'seller id: 8–20 capital letters and digits, e.g. A2C4E6G8I0K2M4'),
    marketplaceIds: z.array(MarketplaceId).min(1, 'at least one marketplace')
  })
  .strict()
export type ServerStoreInput = z.infer<typeof ServerStoreInput>

export type ServerStore = typeof teamStores.$inferSelect

export async function addStore(db: TeamDb, input: ServerStoreInput): Promise<ServerStore> {
  const parsed = ServerStoreInput.safeParse(input)
  if (!parsed.success)
    throw new AppError(
      'VALIDATION',
      parsed.error.issues.map((i) => `${i.path.join('.') || 'store'}: ${i.message}`).join('; '),
      parsed.error.issues
    )
  const [row] = await db.insert(teamStores).values(parsed.data).onConflictDoNothing({ target: teamStores.id }).returning()
  if (!row) throw new AppError('CONFLICT', `A store with id '${input.id}' already exists on this server.`)
  return row
}

export const listStores = (db: TeamDb | TeamTx): Promise<ServerStore[]> => db.select().from(teamStores).orderBy(asc(teamStores.name))

/** A store of this server, or NOT_FOUND (a refusal for a command). */
export async function getStore(db: TeamDb | TeamTx, id: string): Promise<ServerStore> {
  const [row] = await db.select().from(teamStores).where(eq(teamStores.id, id))
  if (!row) throw new AppError('NOT_FOUND', `Store '${id}' is not a store of this team server (npm run server -- stores add).`)
  return row
}

/** The SP-API factory's view of the server's stores: the row from PostgreSQL, the credentials from the secret store. */
export function serverStoresPort(db: TeamDb, secrets: SecretStore): StoresPort {
  return {
    async get(id): Promise<StoreInfo> {
      const s = await getStore(db, id)
      return { id: s.id, name: s.name, region: s.region, sellerId: s.sellerId ?? '', marketplaceIds: s.marketplaceIds, isDemo: false }
    },
    async credentials(id) {
      const c = await secrets.credentials(id)
      if (!c && secrets.dir === null)
        throw new AppError(
          'UNAUTHORIZED',
          'The team server has no secret store: start it with --secrets-dir, or under systemd (LoadCredential=) or Docker (/run/secrets).'
        )
      return c
    }
  }
}

/** One SP-API client per store of the server (see the file comment). */
export function serverSpApi(
  db: TeamDb,
  secrets: SecretStore,
  env: NodeJS.ProcessEnv = process.env,
  log: Logger = silentLogger
): SpApiFactory {
  return createSpApiFactory({
    stores: serverStoresPort(db, secrets),
    endpoints: endpointsFromEnv(env),
    rateScale: timeScaleFromEnv(env),
    ordersApiVersion: ordersApiVersionFromEnv(env),
    log
  })
}

/** `stores.list` for every role, in the contract's Store shape (hasCredentials: the secret files are there). */
export function storesDomain(secrets: SecretStore): TeamDomain {
  return {
    name: 'stores',
    commands: {},
    reads: {
      'stores.list': async (_input, { db }): Promise<Store[]> => {
        const rows = await listStores(db)
        return rows.map((s) => {
          const present = secrets.present(s.id)
          return {
            id: s.id,
            name: s.name,
            region: s.region,
            sellerId: s.sellerId ?? null,
            marketplaceIds: s.marketplaceIds,
            // The client id is not a secret, but it lives with the secrets on the server; not read here.
            lwaClientId: '',
            isDemo: false,
            // Stores on the team server are driven by its SP-API client.
            fileOnly: false,
            hasCredentials: present.lwaClientId && present.lwaClientSecret && present.refreshToken,
            createdAt: s.createdAt.toISOString(),
            updatedAt: s.createdAt.toISOString()
          }
        })
      }
    }
  }
}
