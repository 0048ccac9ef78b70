/**
 * Cancel order (or one split of it): a reason from Amazon's list, the unshipped items to cancel,
 * "Zero out inventory" (store setting; goes with No Stock) and "Do not send to Amazon" (store setting).
 */
import { Alert, Button, Checkbox, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core'
import { useEffect, useRef, useState } from 'react'
import { useLocation } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { z } from 'zod'
import { CancelReason, type ActionResult, type OrderDetail } from '../../../../shared/contract/orders'
import { useCallMutation } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { ActionResultView } from './ActionResultView'
import { cancellableUnits } from './money'

export type CancelTarget = { splitId: number; seq: number } | 'order'

export function CancelModal({ detail, target, onClose }: { detail: OrderDetail; target: CancelTarget | null; onClose(): void }) {
  const { t } = useTranslation('orders')
  const cancel = useCallMutation('orders.cancel', { invalidates: ['orders', 'queue'] })
  const open = detail.items.filter((i) => i.orderItemId && cancellableUnits(i) > 0)
  const [reason, setReason] = useState<string | null>(null)
  const [picked, setPicked] = useState<string[]>([])
  const [zeroOut, setZeroOut] = useState(false)
  const [local, setLocal] = useState(false)
  const [note, setNote] = useState('')
  const [result, setResult] = useState<z.infer<typeof ActionResult> | null>(null)
  const split = target !== null && target !== 'order' ? detail.splits.find((s) => s.id === target.splitId) : undefined
  // The dialog belongs to this order's page: another route (another order, the back button) closes it.
  const { pathname } = useLocation()
  const openedAt = useRef(pathname)
  useEffect(() => {
    if (target !== null) openedAt.current = pathname
    // eslint-disable-next-line react-hooks/exhaustive-deps -- remember the route once per opening
  }, [target])
  useEffect(() => {
    if (target !== null && pathname !== openedAt.current) onClose()
  }, [pathname, target, onClose])
  const skuOf = (orderItemId: string) => detail.items.find((i) => i.orderItemId === orderItemId)?.sku ?? orderItemId

  useEffect(() => {
    if (target === null) return
    setReason(null)
    setPicked(open.map((i) => i.orderItemId!))
    setZeroOut(false)
    setLocal(false)
    setNote('')
    setResult(null)
    cancel.reset()
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset the form once per opened order, not when the lines or mutation object change
  }, [target])

  const submit = async () => {
    try {
      const r = await cancel.mutateAsync({
        storeId: detail.order.storeId,
        amazonOrderId: detail.order.amazonOrderId,
        reason: reason as CancelReason,
        ...(split ? { splitId: split.id } : { orderItemIds: picked }),
        zeroOutInventory: zeroOut,
        doNotSendToAmazon: local,
        ...(note.trim() ? { note: note.trim() } : {})
      })
      setResult(r)
    } catch {
      /* shown from cancel.error */
    }
  }
  const title = split ? t('cancel.titleSplit', { seq: split.seq }) : t('cancel.title', { id: detail.order.amazonOrderId })
  return (
    <Modal opened={target !== null} onClose={onClose} size="lg" title={title} data-testid="cancel-modal">
      {result ? (
        <Stack>
          <ActionResultView result={result} />
          <Group justify="flex-end">
            <Button onClick={onClose} data-testid="cancel-done">
              {t('common:actions.close')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Select
            label={t('cancel.reason')}
            placeholder={t('cancel.reasonPlaceholder')}
            required
            searchable
            value={reason}
            onChange={(v) => {
              setReason(v)
              if (v !== 'NoInventory') setZeroOut(false)
            }}
            data={CancelReason.options.map((r) => ({ value: r, label: t(`cancelReason.${r}`) }))}
            data-testid="cancel-reason"
          />
          {split ? (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t('cancel.splitItems')}
              </Text>
              {split.lines.map((l) => (
                <Text key={l.orderItemId} size="sm">
                  {l.quantity} × {skuOf(l.orderItemId)}
                </Text>
              ))}
            </Stack>
          ) : open.length === 0 ? (
            <Alert color="orange">{t('cancel.nothing')}</Alert>
          ) : (
            <Checkbox.Group label={t('cancel.items')} description={t('cancel.itemsHint')} value={picked} onChange={setPicked}>
              <Stack gap={6} mt="xs">
                {open.map((i) => (
                  <Checkbox
                    key={i.id}
                    value={i.orderItemId!}
                    label={`${cancellableUnits(i)} × ${i.sku}${i.title ? ` — ${i.title}` : ''}`}
                    data-testid={`cancel-item-${i.sku}`}
                  />
                ))}
              </Stack>
            </Checkbox.Group>
          )}
          {detail.settings.allowZeroInventoryOnCancel && (
            <Checkbox
              label={t('cancel.zeroOut')}
              description={reason === 'NoInventory' ? t('cancel.zeroOutHint') : t('cancel.zeroOutNeedsNoStock')}
              disabled={reason !== 'NoInventory'}
              checked={zeroOut}
              onChange={(e) => setZeroOut(e.currentTarget.checked)}
              data-testid="cancel-zero-out"
            />
          )}
          {detail.settings.allowCancelWithoutAmazon && (
            <Checkbox
              label={t('cancel.local')}
              description={t('cancel.localHint')}
              checked={local}
              onChange={(e) => setLocal(e.currentTarget.checked)}
              data-testid="cancel-local"
            />
          )}
          <Textarea
            label={t('cancel.note')}
            autosize
            minRows={1}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <Text size="sm" c="dimmed">
            {local
              ? t('cancel.willStayLocal')
              : detail.settings.queueRefundsAndCancellations
                ? t('cancel.willQueue')
                : t('cancel.willSend')}
          </Text>
          {cancel.error && <ErrorAlert error={cancel.error} what="cancel" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="cancel-close">
              {t('common:actions.close')}
            </Button>
            <Button
              color="red"
              disabled={!reason || (!split && picked.length === 0)}
              loading={cancel.isPending}
              onClick={() => void submit()}
              data-testid="cancel-submit"
            >
              {split ? t('cancel.submitSplit', { seq: split.seq }) : t('cancel.submit', { count: picked.length })}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}
