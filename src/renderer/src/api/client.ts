/**
 * Typed client over the contract. `call` returns the data or throws ContractError (so TanStack
 * Query sees failures); UI branches on `code`, never on message text.
 */
import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { Channel, Input, Output } from '../../../shared/contract'
import type { ErrorCode, ErrorPayload } from '../../../shared/errors'
import type { EventMap, EventName } from '../../../shared/events'
import { transport } from './transport'

export class ContractError extends Error {
  readonly code: ErrorCode
  readonly details: unknown
  constructor(p: ErrorPayload) {
    super(p.message)
    this.code = p.code
    this.details = p.details
  }
}

export async function call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
  const r = await transport.invoke(channel, input)
  if (!r.ok) throw new ContractError(r.error)
  return r.data as Output<C>
}

export const upload = async (file: File) => {
  const r = await transport.upload(file)
  if (!r.ok) throw new ContractError(r.error)
  return r.data
}

/** The first segment of a channel ("stores.list" -> "stores") is its query-key domain. */
const domainOf = (channel: string) => channel.split('.')[0]!

export function useCall<C extends Channel>(
  channel: C,
  input: Input<C>,
  opts: Omit<UseQueryOptions<Output<C>, ContractError>, 'queryKey' | 'queryFn'> = {}
) {
  return useQuery<Output<C>, ContractError>({
    queryKey: [domainOf(channel), channel, input],
    queryFn: () => call(channel, input),
    ...opts
  })
}

export function useCallMutation<C extends Channel>(channel: C, opts: { invalidates?: string[] } = {}) {
  const qc = useQueryClient()
  return useMutation<Output<C>, ContractError, Input<C>>({
    mutationFn: (input) => call(channel, input),
    onSuccess: () => {
      for (const d of opts.invalidates ?? [domainOf(channel)]) void qc.invalidateQueries({ queryKey: [d] })
    }
  })
}

export function useAppEvent<E extends EventName>(event: E, cb: (payload: EventMap[E]) => void) {
  useEffect(() => transport.on(event, cb), [event, cb])
}

/** data.changed events invalidate the queries of the named domains. */
/**
 * Screens that show what the refund/cancel queue decides: when a batch moves (sent, confirmed,
 * refused), the RMA statuses, the holds and the queue must follow at once, not at the next poll.
 */
// Deadlines are read from orders, RMAs, holds and the queue's refunds; claims are computed from
// reimbursements and FBA returns: a change there refreshes them.
const ALSO_INVALIDATES: Record<string, string[]> = {
  refunds: ['queue', 'rmas', 'holds', 'deadlines'],
  orders: ['holds', 'deadlines'],
  rmas: ['deadlines', 'claims'],
  holds: ['deadlines'],
  queue: ['deadlines'],
  stores: ['deadlines'],
  reimbursements: ['claims', 'cases', 'audits'],
  claims: ['audits']
}

export function useLiveInvalidation() {
  const qc = useQueryClient()
  useEffect(
    () =>
      transport.on('data.changed', ({ domains }) => {
        for (const d of new Set(domains.flatMap((x) => [x, ...(ALSO_INVALIDATES[x] ?? [])]))) void qc.invalidateQueries({ queryKey: [d] })
      }),
    [qc]
  )
  useEffect(() => transport.on('job.finished', () => void qc.invalidateQueries({ queryKey: ['jobs'] })), [qc])
}
