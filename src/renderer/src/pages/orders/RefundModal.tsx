/**
 * Issue refund: per shipped item a quantity and an amount per component (decimal text, prefilled
 * with what is refundable), a reason; live check against what is refundable (error, or a warning
 * when the store allows over-refunds); confirm with the total per currency; then the result.
 */
import { Alert, Button, Checkbox, Group, List, Modal, NumberInput, Select, Stack, Table, Text, TextInput, Textarea } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { z } from 'zod'
import { AdjustmentReason, type ActionResult, type OrderDetail, type OrderItemView } from '../../../../shared/contract/orders'
import { formatMinor, totalsByCurrency } from '../../../../shared/money'
import { useCallMutation } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'
import { MoneyText } from '../../components/MoneyText'
import { formatMoney } from '../../format'
import { ActionResultView } from './ActionResultView'
import { PAID_COMPONENTS, type PaidComponent } from './money'
import { checkRefundLine, proRataAmounts, type RefundLineProblem } from './refund-lines'

type Line = { include: boolean; quantity: number; amounts: Record<PaidComponent, string> }
type Checked = {
  item: OrderItemView
  line: Line
  currency: string
  minor: Record<PaidComponent, number | null>
  total: number
  errors: string[]
  over: string[]
}

const currencyOf = (i: OrderItemView, d: OrderDetail) => i.currency ?? d.order.currency ?? 'USD'

function initialLines(d: OrderDetail): Record<string, Line> {
  const out: Record<string, Line> = {}
  for (const i of d.items) {
    if (!i.orderItemId || i.quantityShipped === 0) continue
    const c = currencyOf(i, d)
    const amounts = Object.fromEntries(PAID_COMPONENTS.map((k) => [k, formatMinor(i.refundableMinor[k] ?? 0, c)])) as Record<
      PaidComponent,
      string
    >
    out[i.orderItemId] = { include: (i.refundableMinor.Total ?? 0) > 0, quantity: i.quantityShipped, amounts }
  }
  return out
}

export function RefundModal({ detail, opened, onClose }: { detail: OrderDetail; opened: boolean; onClose(): void }) {
  const { t } = useTranslation('orders')
  const refund = useCallMutation('orders.refund', { invalidates: ['orders', 'queue'] })
  const [lines, setLines] = useState<Record<string, Line>>(() => initialLines(detail))
  const [reason, setReason] = useState<string | null>(null)
  const [note, setNote] = useState('')
  const [step, setStep] = useState<'edit' | 'confirm' | 'result'>('edit')
  const [result, setResult] = useState<z.infer<typeof ActionResult> | null>(null)
  const allowOver = detail.settings.allowOverRefund
  const shipped = detail.items.filter((i) => i.orderItemId && i.quantityShipped > 0)

  const reset = () => {
    setLines(initialLines(detail))
    setReason(null)
    setNote('')
    setStep('edit')
    setResult(null)
    refund.reset()
  }
  const close = () => {
    reset()
    onClose()
  }

  // Opening starts from what is refundable now.
  useEffect(() => {
    if (opened) setLines(initialLines(detail))
    // eslint-disable-next-line react-hooks/exhaustive-deps -- start from what is refundable when the modal opens; a refetch must not wipe the user's edits
  }, [opened])

  const checked: Checked[] = shipped
    .filter((i) => lines[i.orderItemId!]?.include)
    .map((item) => {
      const line = lines[item.orderItemId!]!
      const currency = currencyOf(item, detail)
      const { minor, total, problems } = checkRefundLine(item, line, currency)
      const money = (amountMinor: number) => formatMoney({ amountMinor, currency })
      const say = (p: RefundLineProblem): string => {
        switch (p.code) {
          case 'badAmount':
            return t('refund.badAmount', { sku: item.sku, component: t(`component.${p.component}`), text: p.text })
          case 'zero':
            return t('refund.zero', { sku: item.sku })
          case 'badQuantity':
            return t('refund.badQuantity', { sku: item.sku, max: p.max })
          case 'overComponent':
            return t('refund.overComponent', { sku: item.sku, component: t(`component.${p.component}`), max: money(p.maxMinor) })
          case 'overTotal':
            return t('refund.overTotal', { sku: item.sku, max: money(p.maxMinor) })
        }
      }
      const errors = problems.filter((p) => p.kind === 'error').map(say)
      const over = problems.filter((p) => p.kind === 'over').map(say)
      return { item, line, currency, minor, total, errors, over }
    })
  const errors = checked.flatMap((c) => c.errors)
  const over = checked.flatMap((c) => c.over)
  const blocked = errors.length > 0 || (over.length > 0 && !allowOver) || checked.length === 0 || !reason
  const totals = totalsByCurrency(checked.map((c) => ({ currency: c.currency, amountMinor: c.total })))

  const submit = async () => {
    try {
      const r = await refund.mutateAsync({
        storeId: detail.order.storeId,
        amazonOrderId: detail.order.amazonOrderId,
        reason: reason as AdjustmentReason,
        lines: checked.map((c) => ({
          orderItemId: c.item.orderItemId!,
          quantity: c.line.quantity,
          components: PAID_COMPONENTS.filter((k) => (c.minor[k] ?? 0) > 0).map((k) => ({ type: k, amountMinor: c.minor[k]! }))
        })),
        ...(note.trim() ? { note: note.trim() } : {})
      })
      setResult(r)
      setStep('result')
    } catch {
      /* shown from refund.error */
    }
  }

  const setLine = (id: string, patch: Partial<Line>) => setLines((l) => ({ ...l, [id]: { ...l[id]!, ...patch } }))
  // A new quantity proposes the pro-rata share of what was paid (never more than is refundable); the amounts stay editable.
  const setQuantity = (i: OrderItemView, quantity: number) => {
    const amounts = proRataAmounts(i, quantity, currencyOf(i, detail))
    setLines((l) => ({ ...l, [i.orderItemId!]: { ...l[i.orderItemId!]!, quantity, ...(amounts ? { amounts } : {}) } }))
  }
  const setAmount = (id: string, c: PaidComponent, v: string) =>
    setLines((l) => ({ ...l, [id]: { ...l[id]!, amounts: { ...l[id]!.amounts, [c]: v } } }))

  return (
    <Modal
      opened={opened}
      onClose={close}
      size="80rem"
      title={t('refund.title', { id: detail.order.amazonOrderId })}
      data-testid="refund-modal"
    >
      {step === 'edit' && (
        <Stack>
          {shipped.length === 0 ? (
            <Alert color="orange">{t('refund.nothingShipped')}</Alert>
          ) : (
            <Table withTableBorder striped verticalSpacing="xs" data-testid="refund-lines">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={36} />
                  <Table.Th>{t('items.sku')}</Table.Th>
                  <Table.Th w={90}>{t('refund.quantity')}</Table.Th>
                  {PAID_COMPONENTS.map((c) => (
                    <Table.Th key={c} w={130}>
                      {t(`component.${c}`)}
                    </Table.Th>
                  ))}
                  <Table.Th ta="right">{t('refund.lineTotal')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shipped.map((i) => {
                  const id = i.orderItemId!
                  const line = lines[id]!
                  const c = checked.find((x) => x.item.id === i.id)
                  const currency = currencyOf(i, detail)
                  return (
                    <Table.Tr key={i.id} data-testid={`refund-line-${i.sku}`}>
                      <Table.Td>
                        <Checkbox
                          checked={line.include}
                          onChange={(e) => setLine(id, { include: e.currentTarget.checked })}
                          aria-label={i.sku}
                          data-testid={`refund-include-${i.sku}`}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {i.sku}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {t('refund.refundableTotal', { amount: formatMoney({ amountMinor: i.refundableMinor.Total ?? 0, currency }) })}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <NumberInput
                          size="xs"
                          min={1}
                          max={i.quantityShipped}
                          allowDecimal={false}
                          disabled={!line.include}
                          value={line.quantity}
                          onChange={(v) => setQuantity(i, typeof v === 'number' ? v : 0)}
                          data-testid={`refund-qty-${i.sku}`}
                        />
                      </Table.Td>
                      {PAID_COMPONENTS.map((comp) => {
                        const m = c?.minor[comp]
                        const bad = line.include && (m === null || (!allowOver && m !== undefined && m > (i.refundableMinor[comp] ?? 0)))
                        return (
                          <Table.Td key={comp}>
                            <TextInput
                              size="xs"
                              inputMode="decimal"
                              disabled={!line.include}
                              value={line.amounts[comp]}
                              onChange={(e) => setAmount(id, comp, e.currentTarget.value)}
                              error={bad ? true : undefined}
                              rightSection={
                                <Text size="10px" c="dimmed">
                                  {currency}
                                </Text>
                              }
                              rightSectionWidth={34}
                              aria-label={`${i.sku} ${t(`component.${comp}`)}`}
                              data-testid={`refund-amount-${i.sku}-${comp}`}
                            />
                            <Text size="10px" c="dimmed" mt={2}>
                              {t('refund.max', { amount: formatMinor(i.refundableMinor[comp] ?? 0, currency) })}
                            </Text>
                          </Table.Td>
                        )
                      })}
                      <Table.Td ta="right">
                        {c && c.errors.length === 0 ? <MoneyText value={{ amountMinor: c.total, currency }} size="sm" fw={500} /> : '—'}
                      </Table.Td>
                    </Table.Tr>
                  )
                })}
              </Table.Tbody>
            </Table>
          )}
          {errors.length > 0 && (
            <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="refund-errors">
              <List size="sm">
                {errors.map((e) => (
                  <List.Item key={e}>{e}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          {over.length > 0 && (
            <Alert
              color={allowOver ? 'orange' : 'red'}
              icon={<IconAlertTriangle size={18} />}
              title={allowOver ? t('refund.overAllowedTitle') : t('refund.overTitle')}
              data-testid={allowOver ? 'refund-over-warning' : 'refund-over-error'}
            >
              <List size="sm">
                {over.map((e) => (
                  <List.Item key={e}>{e}</List.Item>
                ))}
              </List>
              <Text size="sm" mt="xs">
                {allowOver ? t('refund.overAllowed') : t('refund.overBlocked')}
              </Text>
            </Alert>
          )}
          <Group align="flex-start" grow>
            <Select
              label={t('refund.reason')}
              placeholder={t('refund.reasonPlaceholder')}
              required
              searchable
              value={reason}
              onChange={setReason}
              data={AdjustmentReason.options.map((r) => ({ value: r, label: t(`adjustmentReason.${r}`) }))}
              data-testid="refund-reason"
            />
            <Textarea
              label={t('refund.note')}
              autosize
              minRows={1}
              maxLength={2000}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              data-testid="refund-note"
            />
          </Group>
          <Group justify="space-between">
            <Text size="sm" c="dimmed">
              {detail.settings.queueRefundsAndCancellations ? t('refund.willQueue') : t('refund.willSend')}
            </Text>
            <Group>
              <Button variant="default" onClick={close}>
                {t('common:actions.cancel')}
              </Button>
              <Button disabled={blocked} onClick={() => setStep('confirm')} data-testid="refund-next">
                {t('refund.review')}
              </Button>
            </Group>
          </Group>
        </Stack>
      )}
      {step === 'confirm' && (
        <Stack data-testid="refund-confirm-step">
          <Text>{t('refund.confirmBody', { count: checked.length, reason: reason ? t(`adjustmentReason.${reason}`) : '' })}</Text>
          <Table withTableBorder>
            <Table.Tbody>
              {checked.map((c) => (
                <Table.Tr key={c.item.id}>
                  <Table.Td>
                    {c.line.quantity} × {c.item.sku}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {PAID_COMPONENTS.filter((k) => (c.minor[k] ?? 0) > 0)
                        .map((k) => `${t(`component.${k}`)} ${formatMinor(c.minor[k]!, c.currency)}`)
                        .join(' · ')}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <MoneyText value={{ amountMinor: c.total, currency: c.currency }} size="sm" />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group gap="xs" data-testid="refund-confirm-total">
            <Text fw={600}>{t('refund.total')}</Text>
            {totals.map((m) => (
              <MoneyText key={m.currency} value={m} fw={700} size="lg" />
            ))}
          </Group>
          {over.length > 0 && (
            <Alert color="orange" icon={<IconAlertTriangle size={18} />}>
              {t('refund.overConfirm')}
            </Alert>
          )}
          {refund.error && <ErrorAlert error={refund.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setStep('edit')}>
              {t('back')}
            </Button>
            <Button
              color={over.length ? 'orange' : undefined}
              loading={refund.isPending}
              onClick={() => void submit()}
              data-testid="refund-submit"
            >
              {t('refund.submit', { amount: totals.map((m) => formatMoney(m)).join(' + ') })}
            </Button>
          </Group>
        </Stack>
      )}
      {step === 'result' && result && (
        <Stack>
          <ActionResultView result={result} />
          <Group justify="flex-end">
            <Button onClick={close} data-testid="refund-done">
              {t('common:actions.close')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}
