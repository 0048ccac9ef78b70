/** Queue queries live under the 'queue' key; 'data.changed' for queue/orders refreshes them. */
import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import { useAppEvent } from '../../api/client'

export function useQueueLiveRefresh() {
  const qc = useQueryClient()
  const cb = useCallback(
    ({ domains }: { domains: string[] }) => {
      if (domains.includes('queue') || domains.includes('orders')) void qc.invalidateQueries({ queryKey: ['queue'] })
    },
    [qc]
  )
  useAppEvent('data.changed', cb)
}

export const orderHref = (storeId: string, amazonOrderId: string) =>
  `#/orders/${encodeURIComponent(storeId)}/${encodeURIComponent(amazonOrderId)}`

/** The queue screen with one batch's drawer open (our own batch number). */
export const batchHref = (batchId: number) => `#/queue?batch=${batchId}`
