import type { z } from 'zod'

/** One channel: a zod schema for what the renderer sends and one for what main answers. */
export type ChannelDef = { input: z.ZodType; output: z.ZodType }
export type ContractSlice = Record<string, ChannelDef>
