/**
 * Record (or update) an A-to-z Guarantee or SAFE-T claim on an order (#17): Amazon has no API for
 * them, so the seller types what Seller Central shows. Saved through `deadlines.recordClaim`; the
 * main process validates it again (order id format, the date each state needs).
 */
import { Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ClaimState } from '../../../../shared/contract/deadlines'
import { parseMinor } from '../../../../shared/money'
import { useCall, useCallMutation } from '../../api/client'
import { ErrorAlert } from '../../components/ErrorAlert'

const ORDER_ID = /^\w{3}-\w{7}-\w{7}$/
type Kind = 'atoz' | 'safet'

/** A `datetime-local` value ("2026-11-21T12:00", the user's local time) as an ISO instant; undefined when empty. */
const instant = (v: string): string | undefined => (v ? new Date(v).toISOString() : undefined)

export function RecordClaimModal({ opened, onClose, storeId }: { opened: boolean; onClose(): void; storeId: string | null }) {
  const { t } = useTranslation('deadlines')
  const stores = useCall('stores.list', {}, { enabled: opened })
  const save = useCallMutation('deadlines.recordClaim', { invalidates: ['deadlines', 'orders'] })
  const [store, setStore] = useState<string | null>(storeId)
  const [order, setOrder] = useState('')
  const [kind, setKind] = useState<Kind>('atoz')
  const [claimType, setClaimType] = useState('')
  const [state, setState] = useState<ClaimState>('open')
  const [filed, setFiled] = useState('')
  const [infoRequested, setInfoRequested] = useState('')
  const [granted, setGranted] = useState('')
  const [refund, setRefund] = useState('')
  const [amount, setAmount] = useState('')
  const [currency, setCurrency] = useState('USD')
  const [tried, setTried] = useState(false)

  const storeOf = store ?? storeId
  const cur = currency.trim().toUpperCase()
  const amountMinor = amount.trim() === '' ? undefined : parseMinor(amount, cur)
  const errors = {
    store: storeOf ? null : t('claimForm.errors.store'),
    order: ORDER_ID.test(order.trim()) ? null : t('claimForm.errors.order'),
    amount: amountMinor === null ? t('claimForm.errors.amount') : null,
    currency: amount.trim() !== '' && !/^[A-Z]{3}$/.test(cur) ? t('claimForm.errors.currency') : null,
    infoRequested: state === 'info-requested' && !infoRequested ? t('claimForm.errors.required') : null,
    granted: state === 'granted' && !granted ? t('claimForm.errors.required') : null,
    refund: kind === 'safet' && !refund ? t('claimForm.errors.required') : null
  }
  const valid = Object.values(errors).every((e) => e === null)
  const show = (e: string | null) => (tried ? e : null)

  const reset = () => {
    setOrder('')
    setClaimType('')
    setState('open')
    setFiled('')
    setInfoRequested('')
    setGranted('')
    setRefund('')
    setAmount('')
    setTried(false)
    save.reset()
  }
  const close = () => {
    reset()
    onClose()
  }
  const submit = () => {
    setTried(true)
    if (!valid || !storeOf) return
    const at = {
      filedAt: instant(filed),
      infoRequestedAt: instant(infoRequested),
      grantedAt: instant(granted),
      amazonRefundAt: instant(refund)
    }
    save.mutate(
      {
        storeId: storeOf,
        amazonOrderId: order.trim(),
        kind,
        state,
        ...(claimType.trim() ? { claimType: claimType.trim() } : {}),
        ...Object.fromEntries(Object.entries(at).filter(([, v]) => v !== undefined)),
        ...(amountMinor !== undefined && amountMinor !== null ? { amountMinor, currency: cur } : {})
      },
      { onSuccess: close }
    )
  }
  const dateInput = (label: string, value: string, set: (v: string) => void, error: string | null, testId: string) => (
    <TextInput
      type="datetime-local"
      label={label}
      value={value}
      onChange={(e) => set(e.currentTarget.value)}
      error={show(error)}
      withAsterisk={error !== null || undefined}
      data-testid={testId}
    />
  )

  return (
    <Modal opened={opened} onClose={close} title={t('claimForm.title')} size="lg" data-testid="record-claim-modal">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('claimForm.intro')}
        </Text>
        {!storeId && (
          <Select
            label={t('claimForm.store')}
            data={(stores.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={store}
            onChange={setStore}
            error={show(errors.store)}
            data-testid="claim-store"
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('claimForm.order')}
            placeholder="112-1234567-1234567"
            value={order}
            onChange={(e) => setOrder(e.currentTarget.value)}
            error={show(errors.order)}
            withAsterisk
            data-testid="claim-order"
          />
          <Select
            label={t('claimForm.kind')}
            data={(['atoz', 'safet'] as const).map((k) => ({ value: k, label: t(`claimKind.${k}`) }))}
            value={kind}
            onChange={(v) => v && setKind(v as Kind)}
            allowDeselect={false}
            data-testid="claim-kind"
          />
          <TextInput
            label={t('claimForm.type')}
            placeholder={t('claimForm.typePlaceholder')}
            value={claimType}
            onChange={(e) => setClaimType(e.currentTarget.value)}
            data-testid="claim-type"
          />
          <Select
            label={t('claimForm.state')}
            data={ClaimState.options.map((s) => ({ value: s, label: t(`claimState.${s}`) }))}
            value={state}
            onChange={(v) => v && setState(v as ClaimState)}
            allowDeselect={false}
            data-testid="claim-state"
          />
          {dateInput(t('claimForm.filed'), filed, setFiled, null, 'claim-filed')}
          {(state === 'info-requested' || state === 'appealed') &&
            dateInput(t('claimForm.infoRequested'), infoRequested, setInfoRequested, errors.infoRequested, 'claim-info-requested')}
          {state === 'granted' && dateInput(t('claimForm.granted'), granted, setGranted, errors.granted, 'claim-granted')}
          {kind === 'safet' && dateInput(t('claimForm.amazonRefund'), refund, setRefund, errors.refund, 'claim-amazon-refund')}
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <TextInput
              label={t('claimForm.amount')}
              placeholder="24.99"
              value={amount}
              onChange={(e) => setAmount(e.currentTarget.value)}
              error={show(errors.amount)}
              style={{ flex: 1 }}
              data-testid="claim-amount"
            />
            <TextInput
              label={t('claimForm.currency')}
              value={currency}
              onChange={(e) => setCurrency(e.currentTarget.value)}
              error={show(errors.currency)}
              w={90}
              maxLength={3}
              data-testid="claim-currency"
            />
          </Group>
        </SimpleGrid>
        {save.error && <ErrorAlert error={save.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('claimForm.cancel')}
          </Button>
          <Button onClick={submit} loading={save.isPending} data-testid="claim-save">
            {t('claimForm.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
