/** RMA detail: items, notes, history; Receive (quantity + condition), Issue refund, Close. */
import {
  Badge,
  Button,
  Drawer,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Timeline,
  Title,
  Loader,
  Tooltip
} from '@mantine/core'
import { modals } from '@mantine/modals'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ItemCondition, type RmaDetail } from '../../../../shared/contract/rmas'
import { useCall, useCallMutation } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatDate, formatDateTime, formatMoney } from '../../format'
import { CodeLabel, humanizeCode, rmaHistoryText, sourceFileText } from '../../labels'
import { notifyError } from '../../components/ErrorAlert'
import { StatusBadge } from './StatusBadge'
import { ProductCell, ProductHeader } from './ProductCell'
import { batchHref } from '../queue/live'
import { OrderDeadlines } from '../deadlines/DeadlinesPage'

type Line = { quantity: number; condition: ItemCondition }

function ReceiveForm({ rma, onDone }: { rma: RmaDetail; onDone(): void }) {
  const { t } = useTranslation('rmas')
  const receive = useCallMutation('rmas.receive')
  const [lines, setLines] = useState<Record<number, Line>>(() =>
    Object.fromEntries(rma.items.map((i) => [i.id, { quantity: i.quantity - i.receivedQuantity, condition: 'sellable' as ItemCondition }]))
  )
  const submit = async () => {
    const items = rma.items
      .filter((i) => (lines[i.id]?.quantity ?? 0) > 0)
      .map((i) => ({ itemId: i.id, quantity: lines[i.id]!.quantity, condition: lines[i.id]!.condition }))
    if (items.length === 0) {
      notifications.show({ color: 'orange', message: t('receive.nothing') })
      return
    }
    await receive.mutateAsync({ id: rma.id, items })
    notifications.show({ color: 'teal', message: t('receive.done') })
    onDone()
  }
  return (
    <Stack data-testid="rma-receive-form">
      {receive.error && <ErrorAlert error={receive.error} />}
      {rma.items.map((i) => {
        const left = i.quantity - i.receivedQuantity
        return (
          <Group key={i.id} align="flex-end" wrap="nowrap">
            <Stack gap={0} style={{ flex: 1 }}>
              <Text fw={500}>{i.sku}</Text>
              <Text size="xs" c="dimmed">
                {t('receive.remaining', { count: left })}
              </Text>
            </Stack>
            <NumberInput
              label={t('receive.quantity')}
              w={100}
              min={0}
              max={left}
              disabled={left === 0}
              value={lines[i.id]?.quantity ?? 0}
              onChange={(v) => setLines((l) => ({ ...l, [i.id]: { ...l[i.id]!, quantity: typeof v === 'number' ? v : 0 } }))}
              data-testid={`receive-qty-${i.sku}`}
            />
            <Select
              label={t('receive.condition')}
              w={160}
              disabled={left === 0}
              allowDeselect={false}
              value={lines[i.id]?.condition ?? 'sellable'}
              onChange={(v) => v && setLines((l) => ({ ...l, [i.id]: { ...l[i.id]!, condition: v as ItemCondition } }))}
              data={ItemCondition.options.map((c) => ({ value: c, label: t(`condition.${c}`) }))}
              data-testid={`receive-condition-${i.sku}`}
            />
          </Group>
        )
      })}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common:actions.cancel')}
        </Button>
        <Button onClick={() => void submit()} loading={receive.isPending} data-testid="rma-receive-submit">
          {t('receive.submit')}
        </Button>
      </Group>
    </Stack>
  )
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w={170} style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Group>
  )
}

export function RmaDrawer({ id, onClose }: { id: number | null; onClose(): void }) {
  const { t: tDeadlines } = useTranslation('deadlines')
  const { t } = useTranslation('rmas')
  const { t: tw } = useTranslation('words')
  const q = useCall('rmas.get', { id: id ?? 0 }, { enabled: id !== null })
  const refund = useCallMutation('rmas.issueRefund')
  const setStatus = useCallMutation('rmas.setStatus')
  const addNote = useCallMutation('rmas.addNote')
  const [receiving, setReceiving] = useState(false)
  const [note, setNote] = useState('')
  const r = q.data
  // The returns import's tracking note (rmas/rma-rules.ts) in the user's words; notes people write stay as written.
  const noteText = (n: { kind: string; body: string }) => {
    const m = n.kind === 'tracking' ? /^Return label tracking number: (\S+)(?: \((.+)\))?$/.exec(n.body) : null
    return m ? tw(m[2] ? 'trackingNote' : 'trackingNoteNoCarrier', { number: m[1], carrier: m[2] }) : n.body
  }
  const money = (minor: number | null) => (minor !== null && r?.currency ? formatMoney({ amountMinor: minor, currency: r.currency }) : '—')

  const confirmRefund = () => {
    // Amazon's returns report already shows money back for this return: refuse here, before any
    // confirm (the service refuses too, for the CLI and a stale screen).
    if (r!.refundedAmountMinor !== null && r!.refundedAmountMinor > 0) {
      modals.open({
        title: tw('refund.alreadyRefundedTitle'),
        children: (
          <Stack>
            <Text size="sm" data-testid="rma-refund-refused">
              {tw('refund.alreadyRefunded', { amount: money(r!.refundedAmountMinor) })}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => modals.closeAll()}>
                {t('common:actions.close')}
              </Button>
            </Group>
          </Stack>
        )
      })
      return
    }
    const quote = r!.refundQuote
    modals.openConfirmModal({
      title: t('refund.confirmTitle'),
      children: (
        <Stack gap="xs">
          <Text size="sm">{t('refund.confirmBody', { id: r!.id })}</Text>
          <Text size="sm" fw={600} data-testid="rma-refund-amount">
            {quote ? tw('refund.amount', { amount: formatMoney(quote) }) : tw('refund.amountUnknown')}
          </Text>
        </Stack>
      ),
      labels: { confirm: t('refund.confirm'), cancel: t('common:actions.cancel') },
      confirmProps: { 'data-testid': 'rma-refund-confirm' } as Record<string, string>,
      onConfirm: () =>
        void refund.mutateAsync({ id: r!.id }).then(
          () => notifications.show({ color: 'teal', message: t('refund.done') }),
          (e: unknown) => notifyError(t, e, tw('errors.failed', { what: tw('what.refund') }))
        )
    })
  }
  const confirmClose = () =>
    modals.openConfirmModal({
      title: t('closeConfirm.title'),
      children: <Text size="sm">{t('closeConfirm.body')}</Text>,
      labels: { confirm: t('closeConfirm.confirm'), cancel: t('common:actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        void setStatus
          .mutateAsync({ id: r!.id, status: 'Closed' })
          .catch((e: unknown) => notifyError(t, e, tw('errors.failed', { what: tw('what.close') })))
    })

  return (
    <Drawer
      opened={id !== null}
      onClose={() => {
        setReceiving(false)
        onClose()
      }}
      position="right"
      size="xl"
      title={r ? <Title order={3}>{t('detail.title', { id: r.id })}</Title> : null}
      data-testid="rma-drawer"
    >
      {q.isLoading && <Loader />}
      {q.error && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {r && (
        <Stack gap="lg">
          <Group gap="xs">
            <StatusBadge status={r.displayStatus} refund={r.refund} />
            {r.returnless && (
              <Badge color="grape" variant="light">
                {t('detail.returnless')}
              </Badge>
            )}
          </Group>
          {!receiving && (
            <Group>
              <Button
                onClick={() => setReceiving(true)}
                disabled={!(r.status === 'Open' || r.status === 'Received') || r.receivedQuantity >= r.quantity}
                data-testid="rma-receive"
              >
                {t('actions.receive')}
              </Button>
              <Button
                variant="light"
                onClick={confirmRefund}
                disabled={
                  r.status === 'Closed' ||
                  r.refunds.some((x) => x.status !== 'rejected') ||
                  (r.status === 'Refunded' && r.refunds.length === 0)
                }
                loading={refund.isPending}
                data-testid="rma-refund"
              >
                {t('actions.issueRefund')}
              </Button>
              <Button variant="subtle" color="red" onClick={confirmClose} disabled={r.status === 'Closed'} data-testid="rma-close">
                {t('actions.close')}
              </Button>
            </Group>
          )}
          {receiving && <ReceiveForm rma={r} onDone={() => setReceiving(false)} />}
          <Stack gap={4} data-testid="rma-deadlines">
            <Text size="sm" fw={600}>
              {tDeadlines('onOrder')}
            </Text>
            <OrderDeadlines orderId={r.orderId} />
          </Stack>
          <Stack gap={4}>
            <Field label={t('detail.order')}>
              <a href={`#/orders/${encodeURIComponent(r.storeId)}/${encodeURIComponent(r.amazonOrderId)}`} data-testid="rma-order-link">
                {r.amazonOrderId}
              </a>{' '}
              {r.orderIsMinimal && (
                <Text span size="xs" c="dimmed">
                  ({t('detail.minimalOrder')})
                </Text>
              )}
            </Field>
            <Field label={t('detail.orderSourceRma')}>{r.orderSourceRmaId}</Field>
            {r.merchantRmaId && <Field label={t('detail.merchantRma')}>{r.merchantRmaId}</Field>}
            <Field label={t('detail.resolution')}>{t(`resolution.${r.resolution}`, { defaultValue: humanizeCode(r.resolution) })}</Field>
            <Field label={t('detail.amazonStatus')}>
              <CodeLabel kind="returnStatus" raw={r.returnRequestStatus} />
              {r.amazonResolution && (
                <>
                  {' · '}
                  <CodeLabel kind="resolution" raw={r.amazonResolution} />
                </>
              )}
            </Field>
            <Field label={t('detail.requested')}>
              {r.returnRequestDate
                ? r.returnRequestDate.length === 10
                  ? formatDate(r.returnRequestDate)
                  : formatDateTime(r.returnRequestDate)
                : '—'}
            </Field>
            <Field label={t('detail.tracking')}>{r.trackingId ? `${r.trackingId}${r.carrier ? ` (${r.carrier})` : ''}` : '—'}</Field>
            <Field label={t('detail.label')}>
              {r.labelType || r.labelPaidBy || r.labelCostMinor !== null ? (
                <>
                  {r.labelType && <CodeLabel kind="labelType" raw={r.labelType} />}
                  {r.labelPaidBy && (
                    <>
                      {r.labelType ? ' · ' : ''}
                      <CodeLabel kind="labelPaidBy" raw={r.labelPaidBy} />
                    </>
                  )}
                  {r.labelCostMinor !== null ? ` · ${money(r.labelCostMinor)}` : ''}
                </>
              ) : (
                '—'
              )}
            </Field>
            <Field label={t('detail.refunded')}>{money(r.refundedAmountMinor)}</Field>
            <Field label={t('detail.source')}>
              {r.sourceFile ? (
                <Tooltip label={r.sourceFile}>
                  <span>{t('detail.sourceLine', { file: sourceFileText(tw, r.sourceFile), line: r.sourceLine })}</span>
                </Tooltip>
              ) : (
                t(`source.${r.source}`, { defaultValue: humanizeCode(r.source) })
              )}
            </Field>
          </Stack>

          <Stack gap="xs">
            <Title order={5}>{t('detail.items')}</Title>
            <Table withTableBorder fz="sm" data-testid="rma-items">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>
                    <ProductHeader t={t} sub={t('detail.itemSku')} />
                  </Table.Th>
                  <Table.Th ta="right">{t('detail.itemQty')}</Table.Th>
                  <Table.Th ta="right">{t('detail.itemReceived')}</Table.Th>
                  <Table.Th>{t('detail.itemCondition')}</Table.Th>
                  <Table.Th>{t('detail.itemReason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {r.items.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td>
                      <ProductCell
                        product={i.product}
                        fallbackTitle={i.itemName}
                        maw={320}
                        sub={
                          <Text size="xs" c="dimmed" truncate>
                            {i.sku}
                            {i.parentSku && ` · ${t('detail.componentOf', { sku: i.parentSku })}`}
                          </Text>
                        }
                      />
                    </Table.Td>
                    <Table.Td ta="right">{i.quantity}</Table.Td>
                    <Table.Td ta="right">{i.receivedQuantity}</Table.Td>
                    <Table.Td>{i.condition ? t(`condition.${i.condition}`) : '—'}</Table.Td>
                    <Table.Td>
                      <CodeLabel kind="returnReason" raw={i.reason} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>

          {r.refunds.length > 0 && (
            <Stack gap="xs" data-testid="rma-refund-requests">
              <Title order={5}>{t('detail.refundRequests')}</Title>
              {r.refunds.map((x) => (
                <Text size="sm" key={x.id}>
                  {t('detail.refundRequest', {
                    id: x.id,
                    amount: x.totalMinor !== null && x.currency ? formatMoney({ amountMinor: x.totalMinor, currency: x.currency }) : '—',
                    status: t(`detail.refundStatus.${x.progress}`),
                    time: formatDateTime(x.createdAt)
                  })}
                  {x.batchId && (
                    <Text span size="xs">
                      {' · '}
                      <a href={batchHref(x.batchId)} data-testid="rma-refund-batch-link">
                        {t('batchLink', { id: x.batchId })}
                      </a>
                    </Text>
                  )}
                  {x.feedId && (
                    <Text span c="dimmed" size="xs">
                      {' '}
                      · {t('detail.refundBatch', { document: x.feedDocumentId ?? '—', batch: x.feedId })}
                    </Text>
                  )}
                  {x.resultMessage && (
                    <Text span c="red" size="xs">
                      {' '}
                      · {x.resultMessage}
                    </Text>
                  )}
                </Text>
              ))}
              <Text size="xs" c="dimmed">
                <a href={`#/orders/${encodeURIComponent(r.storeId)}/${encodeURIComponent(r.amazonOrderId)}`}>{t('detail.openOrder')}</a> ·{' '}
                <a href="#/queue">{t('detail.openQueue')}</a>
              </Text>
            </Stack>
          )}

          <Stack gap="xs">
            <Title order={5}>{t('detail.notes')}</Title>
            {r.notes.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('detail.noNotes')}
              </Text>
            )}
            {r.notes.map((n) => (
              <Text size="sm" key={n.id} data-testid="rma-note">
                <Text span c="dimmed" size="xs">
                  {formatDateTime(n.createdAt)} ·{' '}
                </Text>
                {noteText(n)}
              </Text>
            ))}
            <Group align="flex-end" wrap="nowrap">
              <Textarea
                style={{ flex: 1 }}
                autosize
                minRows={1}
                placeholder={t('detail.notePlaceholder')}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
              />
              <Button
                variant="default"
                disabled={note.trim() === ''}
                loading={addNote.isPending}
                onClick={() => void addNote.mutateAsync({ id: r.id, body: note }).then(() => setNote(''))}
              >
                {t('actions.addNote')}
              </Button>
            </Group>
          </Stack>

          <Stack gap="xs">
            <Title order={5}>{t('detail.history')}</Title>
            <Timeline bulletSize={14} lineWidth={2} data-testid="rma-history">
              {r.history.map((h) => (
                <Timeline.Item
                  key={h.id}
                  title={
                    <Text size="sm" fw={500}>
                      {t(`detail.event.${h.event}`, { defaultValue: h.event })}
                      {h.toStatus && h.fromStatus !== h.toStatus && h.event !== 'refund-requested' ? ` → ${t(`status.${h.toStatus}`)}` : ''}
                    </Text>
                  }
                >
                  <Text size="xs" c="dimmed">
                    {formatDateTime(h.at)}
                  </Text>
                  {h.detail && (
                    <Text size="xs">
                      {h.detail === 'tracking note added'
                        ? tw('historyTrackingNote')
                        : rmaHistoryText(tw, h.detail, { currency: r.currency, date: formatDate, money: formatMoney })}
                    </Text>
                  )}
                </Timeline.Item>
              ))}
            </Timeline>
          </Stack>

          {r.fbaReturns.length > 0 && (
            <Stack gap="xs">
              <Title order={5}>{t('detail.fbaReturns')}</Title>
              {r.fbaReturns.map((f) => (
                <Text size="sm" key={`${f.licensePlateNumber}${f.returnDate}${f.sku}`}>
                  {formatDateTime(f.returnDate)} · {f.sku} × {f.quantity} · <CodeLabel kind="disposition" raw={f.disposition} /> ·{' '}
                  {f.status ?? '—'}
                </Text>
              ))}
            </Stack>
          )}
        </Stack>
      )}
    </Drawer>
  )
}
