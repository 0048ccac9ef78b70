/**
 * Receive (#13): the warehouse bench, for a USB/Bluetooth barcode scanner (it types like a
 * keyboard and ends with Enter) and the keyboard alone. Scan the return label's tracking number,
 * Amazon's RMA ID, the order id or a product code: the open RMA appears; product scans count
 * units; S / D / F then Enter receive them as sellable / damaged / defective; 1–9 then Enter
 * choose among several RMAs; Esc starts over. A tone and a coloured status say what happened.
 * Everything is local (SQLite): it works with no network.
 */
import { Alert, Badge, Button, Card, Grid, Group, Kbd, ScrollArea, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core'
import { useLocalStorage } from '@mantine/hooks'
import { IconBarcode } from '@tabler/icons-react'
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { ItemCondition, ReceiptRefund, ScanLookup, ScanMatch } from '../../../../shared/contract/rmas'
import { call } from '../../api/client'
import { PageHeader } from '../../components/PageHeader'
import { useSelectedStore } from '../../store-context'
import { countUnit, countedTotal, emptyBench, parseLine, receiveLines, remaining, startParcel, type BenchState, type Parcel } from './bench'
import { play, type Sound } from './sounds'

type Status =
  | { kind: 'ready' }
  | { kind: 'found'; code: string; rma: string; by: string }
  | { kind: 'choose'; code: string; count: number }
  | { kind: 'counted'; sku: string; n: number; of: number }
  | { kind: 'notFound'; code: string }
  | { kind: 'alreadyReceived'; code: string; rma: string }
  | { kind: 'over'; sku: string; of: number }
  | { kind: 'notOnRma'; code: string; rma: string }
  | { kind: 'received'; rma: string; units: number; condition: ItemCondition; refund: ReceiptRefund }
  | { kind: 'unexpectedRecorded'; code: string; quantity: number; condition: ItemCondition }
  | { kind: 'needScan' }
  | { kind: 'noChoice'; n: number }
  | { kind: 'unknownKey'; key: string }
  | { kind: 'error'; message: string }

const COLOR: Record<Status['kind'], string> = {
  ready: 'gray',
  found: 'teal',
  choose: 'blue',
  counted: 'teal',
  notFound: 'red',
  alreadyReceived: 'yellow',
  over: 'orange',
  notOnRma: 'red',
  received: 'green',
  unexpectedRecorded: 'grape',
  needScan: 'gray',
  noChoice: 'orange',
  unknownKey: 'orange',
  error: 'red'
}

type SessionRow = {
  key: string
  at: string
  what: string
  sku: string
  quantity: number
  condition: ItemCondition
  unexpected: boolean
  refund: ReceiptRefund['status'] | null
}

const timeOf = (iso: string, lng: string) =>
  new Date(iso).toLocaleTimeString(lng, { hour: '2-digit', minute: '2-digit', second: '2-digit' })

function StatusPanel({ status, sound, seq }: { status: Status; sound: Sound | null; seq: number }) {
  const { t } = useTranslation('receive')
  const c = (k: ItemCondition) => t(`rmas:condition.${k}`)
  const text = (() => {
    switch (status.kind) {
      case 'ready':
        return t('status.ready')
      case 'found':
        return t('status.found', { rma: status.rma, by: t(`by.${status.by}`), code: status.code })
      case 'choose':
        return t('status.choose', { count: status.count, code: status.code })
      case 'counted':
        return t('status.counted', { sku: status.sku, n: status.n, of: status.of })
      case 'notFound':
        return t('status.notFound', { code: status.code })
      case 'alreadyReceived':
        return t('status.alreadyReceived', { code: status.code, rma: status.rma })
      case 'over':
        return t('status.over', { sku: status.sku, of: status.of })
      case 'notOnRma':
        return t('status.notOnRma', { code: status.code, rma: status.rma })
      case 'received':
        return [
          t('status.received', { count: status.units, rma: status.rma, condition: c(status.condition) }),
          status.refund.status === 'off'
            ? ''
            : t(`refund.${status.refund.status}`, { id: status.refund.entryId, message: status.refund.message })
        ]
          .filter(Boolean)
          .join(' ')
      case 'unexpectedRecorded':
        return t('status.unexpectedRecorded', { code: status.code, count: status.quantity, condition: c(status.condition) })
      case 'needScan':
        return t('status.needScan')
      case 'noChoice':
        return t('status.noChoice', { n: status.n })
      case 'unknownKey':
        return t('status.unknownKey', { key: status.key })
      case 'error':
        return t('status.error', { message: status.message })
    }
  })()
  return (
    <Alert
      color={COLOR[status.kind]}
      variant={status.kind === 'ready' ? 'light' : 'filled'}
      title={t(`statusTitle.${status.kind}`)}
      data-testid="receive-status"
      data-status={status.kind}
      data-sound={sound ?? ''}
      data-seq={seq}
      role="status"
      aria-live="assertive"
      styles={{ title: { fontSize: 'var(--mantine-font-size-lg)' }, message: { fontSize: 'var(--mantine-font-size-md)' } }}
    >
      {text}
    </Alert>
  )
}

function MatchCard({ m, n, parcel }: { m: ScanMatch; n: number | null; parcel: Parcel | null }) {
  const { t } = useTranslation('receive')
  return (
    <Card withBorder padding="sm" data-testid="receive-match" data-rma={m.orderSourceRmaId}>
      <Group justify="space-between" wrap="nowrap" mb={6} align="flex-start">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          {n !== null && (
            <Kbd size="lg" data-testid="receive-match-key">
              {n}
            </Kbd>
          )}
          <Stack gap={0}>
            <Text fw={700}>
              {t('rma')} {m.orderSourceRmaId}
            </Text>
            <Text size="xs" c="dimmed">
              {t('order')} {m.amazonOrderId} · {m.storeName}
              {m.trackingId ? ` · ${t('tracking')} ${m.trackingId}` : ''}
            </Text>
          </Stack>
        </Group>
        <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
          <Badge variant="light">{t(`by.${m.matchedBy}`)}</Badge>
          <Badge variant="outline" color={m.status === 'Open' ? 'blue' : 'gray'}>
            {t(`rmas:status.${m.status}`)}
          </Badge>
        </Group>
      </Group>
      <Table withRowBorders={false} verticalSpacing={2} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('items.sku')}</Table.Th>
            <Table.Th ta="right">{t('items.expected')}</Table.Th>
            <Table.Th ta="right">{t('items.before')}</Table.Th>
            {parcel && <Table.Th ta="right">{t('items.counted')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {m.items.map((i) => (
            <Table.Tr
              key={i.id}
              data-testid={`receive-item-${i.sku}`}
              bg={m.itemIds.includes(i.id) ? 'var(--mantine-color-blue-light)' : undefined}
            >
              <Table.Td>
                <Text size="sm" fw={600}>
                  {i.sku}
                </Text>
                {i.itemName && (
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {i.itemName}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">{i.quantity}</Table.Td>
              <Table.Td ta="right">{i.receivedQuantity}</Table.Td>
              {parcel && (
                <Table.Td ta="right" fw={700} data-testid={`receive-count-${i.sku}`}>
                  {parcel.counts[i.id] ?? 0} / {remaining(i)}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  )
}

/** The keys, always in sight under the scan field. */
function KeysStrip() {
  const { t } = useTranslation('receive')
  const keys: [string[], string][] = [
    [['S', '⏎'], t('keys.sellable')],
    [['D', '⏎'], t('keys.damaged')],
    [['F', '⏎'], t('keys.defective')],
    [['1–9', '⏎'], t('keys.choose')],
    [['Esc'], t('keys.reset')]
  ]
  return (
    <Stack gap={4} data-testid="receive-keys">
      <Group gap="md" style={{ rowGap: 6 }}>
        {keys.map(([k, label]) => (
          <Group gap={4} wrap="nowrap" key={label}>
            {k.map((x) => (
              <Kbd key={x} size="xs">
                {x}
              </Kbd>
            ))}
            <Text size="sm" ml={2}>
              {label}
            </Text>
          </Group>
        ))}
      </Group>
      <Text size="xs" c="dimmed">
        {t('keys.hint')}
      </Text>
    </Stack>
  )
}

export function ReceivePage() {
  const { t, i18n } = useTranslation('receive')
  const { storeId } = useSelectedStore()
  const [muted, setMuted] = useLocalStorage({ key: 'sbo.receive.muted', defaultValue: false })
  const [text, setText] = useState('')
  const [bench, setBenchState] = useState<BenchState>(emptyBench)
  const [status, setStatus] = useState<Status>({ kind: 'ready' })
  const [sound, setSound] = useState<Sound | null>(null)
  // One more per line handled: tells a repeated outcome (found, then found again) from the last one.
  const [seq, setSeq] = useState(0)
  const [session, setSession] = useState<SessionRow[]>([])
  const input = useRef<HTMLInputElement>(null)
  // Lines are handled one after another (a label and a product scanned in quick succession).
  const benchRef = useRef<BenchState>(emptyBench)
  const chain = useRef<Promise<void>>(Promise.resolve())
  const setBench = (b: BenchState) => {
    benchRef.current = b
    setBenchState(b)
  }
  const say = useCallback(
    (s: Status, tone: Sound | null) => {
      setStatus(s)
      setSound(tone)
      setSeq((n) => n + 1)
      if (tone) play(tone, muted)
    },
    [muted]
  )

  // The scanner types into this field: it keeps the focus (unless another field takes it).
  const refocus = () => {
    window.setTimeout(() => {
      const a = document.activeElement
      if (a && a !== document.body && a.matches('input, textarea, select, [contenteditable=true]')) return
      input.current?.focus()
    }, 0)
  }
  useEffect(() => {
    input.current?.focus()
    window.addEventListener('focus', refocus)
    return () => window.removeEventListener('focus', refocus)
  }, [])

  const lookup = (code: string) => call('rmas.scanLookup', { code, ...(storeId ? { storeId } : {}) })

  const startFrom = (l: ScanLookup, code: string) => {
    if (l.outcome === 'notFound') {
      const u = benchRef.current.unexpected
      // Another unknown code for the same parcel (label, then product): kept with it; the same code again: one more unit.
      const next = u
        ? u.codes.at(-1) === code
          ? { ...u, quantity: u.quantity + 1 }
          : { ...u, codes: [...u.codes, code] }
        : { codes: [code], quantity: 1 }
      setBench({ ...emptyBench, unexpected: next })
      return say({ kind: 'notFound', code }, 'notFound')
    }
    if (l.outcome === 'alreadyReceived') {
      // A second parcel for a received RMA, or an extra unit: it can be recorded as unexpected.
      setBench({ ...emptyBench, unexpected: { codes: [code], quantity: 1 } })
      return say({ kind: 'alreadyReceived', code, rma: l.matches.map((m) => m.orderSourceRmaId).join(', ') }, 'alreadyReceived')
    }
    if (l.matches.length > 1) {
      setBench({ ...emptyBench, choice: { lookup: l } })
      return say({ kind: 'choose', code, count: l.matches.length }, 'found')
    }
    choose(l.matches[0]!, code)
  }

  const choose = (m: ScanMatch, code: string) => {
    const { parcel, over } = startParcel(m, code)
    setBench({ ...emptyBench, parcel })
    if (over) {
      const item = m.items.find((i) => m.itemIds.includes(i.id))
      return say({ kind: 'over', sku: item?.sku ?? code, of: item ? remaining(item) : 0 }, 'over')
    }
    const counted = countedTotal(parcel)
    if (counted > 0) {
      const item = m.items.find((i) => parcel.counts[i.id])!
      return say({ kind: 'counted', sku: item.sku, n: parcel.counts[item.id]!, of: remaining(item) }, 'found')
    }
    say({ kind: 'found', code, rma: m.orderSourceRmaId, by: m.matchedBy }, 'found')
  }

  const onCode = async (code: string) => {
    const b = benchRef.current
    const l = await lookup(code)
    if (b.parcel) {
      const same = l.matches.find((m) => m.rmaId === b.parcel!.rma.rmaId)
      if (same && same.itemIds.length > 0) {
        const r = countUnit(b.parcel, same.itemIds)
        const item = b.parcel.rma.items.find((i) => i.id === r.itemId)!
        if (r.over) return say({ kind: 'over', sku: item.sku, of: remaining(item) }, 'over')
        setBench({ ...b, parcel: r.parcel })
        return say({ kind: 'counted', sku: item.sku, n: r.parcel.counts[item.id]!, of: remaining(item) }, 'counted')
      }
      if (same) return say({ kind: 'found', code, rma: same.orderSourceRmaId, by: same.matchedBy }, 'found')
      // Counted units not received yet: don't drop them for another parcel.
      if (countedTotal(b.parcel) > 0) return say({ kind: 'notOnRma', code, rma: b.parcel.rma.orderSourceRmaId }, 'notFound')
    }
    if (b.unexpected && l.outcome !== 'notFound') setBench(emptyBench)
    startFrom(l, code)
  }

  const onCondition = async (condition: ItemCondition) => {
    const b = benchRef.current
    if (b.parcel) {
      const lines = receiveLines(b.parcel, condition)
      const r = await call('rmas.receive', { id: b.parcel.rma.rmaId, items: lines, scannedCode: b.parcel.code })
      const rma = b.parcel.rma
      setSession((s) => [
        ...r.receipts.map((x) => ({
          key: `r${x.id}`,
          at: x.receivedAt,
          what: x.orderSourceRmaId,
          sku: x.sku,
          quantity: x.quantity,
          condition: x.condition,
          unexpected: false,
          refund: r.refundOnReceipt.status
        })),
        ...s
      ])
      setBench(emptyBench)
      const units = lines.reduce((a, l) => a + l.quantity, 0)
      return say(
        { kind: 'received', rma: rma.orderSourceRmaId, units, condition, refund: r.refundOnReceipt },
        r.refundOnReceipt.status === 'failed' ? 'error' : 'received'
      )
    }
    if (b.unexpected) {
      const u = await call('rmas.recordUnexpected', {
        codes: b.unexpected.codes,
        quantity: b.unexpected.quantity,
        condition,
        ...(storeId ? { storeId } : {})
      })
      setSession((s) => [
        {
          key: `u${u.id}`,
          at: u.receivedAt,
          what: u.code,
          sku: u.codes.slice(1).join(', '),
          quantity: u.quantity,
          condition: u.condition,
          unexpected: true,
          refund: null
        },
        ...s
      ])
      setBench(emptyBench)
      return say({ kind: 'unexpectedRecorded', code: u.code, quantity: u.quantity, condition }, 'received')
    }
    say({ kind: 'needScan' }, 'error')
  }

  const onChoose = (n: number) => {
    const c = benchRef.current.choice
    const m = c?.lookup.matches[n - 1]
    if (!c || !m) return say({ kind: 'noChoice', n }, 'error')
    choose(m, c.lookup.code)
  }

  const handle = async (raw: string) => {
    const line = parseLine(raw)
    if (!line) return
    try {
      switch (line.kind) {
        case 'code':
          return await onCode(line.code)
        case 'condition':
          return await onCondition(line.condition)
        case 'choose':
          return onChoose(line.n)
        case 'unknownKey':
          return say({ kind: 'unknownKey', key: line.key }, 'error')
      }
    } catch (e) {
      say({ kind: 'error', message: (e as Error).message }, 'error')
    }
  }

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault()
      const line = e.currentTarget.value
      setText('')
      chain.current = chain.current.then(() => handle(line))
    } else if (e.key === 'Escape') {
      e.preventDefault()
      setText('')
      chain.current = chain.current.then(() => {
        setBench(emptyBench)
        say({ kind: 'ready' }, null)
      })
    }
  }

  const matches = bench.choice ? bench.choice.lookup.matches : bench.parcel ? [bench.parcel.rma] : []
  const counted = bench.parcel ? countedTotal(bench.parcel) : 0

  return (
    <>
      <PageHeader
        title={t('title')}
        subtitle={t('subtitle')}
        actions={
          <Switch
            label={t('sound')}
            checked={!muted}
            onChange={(e) => setMuted(!e.currentTarget.checked)}
            onBlur={refocus}
            data-testid="receive-sound"
          />
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="sm">
            <TextInput
              ref={input}
              size="lg"
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              onKeyDown={onKeyDown}
              onBlur={refocus}
              leftSection={<IconBarcode size={22} />}
              placeholder={t('placeholder')}
              aria-label={t('inputLabel')}
              autoComplete="off"
              spellCheck={false}
              data-testid="receive-input"
            />
            <KeysStrip />
            <StatusPanel status={status} sound={sound} seq={seq} />
            {bench.parcel && (
              <Text size="sm" data-testid="receive-next">
                {counted > 0
                  ? t('next.counted', { count: counted })
                  : t('next.all', { count: bench.parcel.rma.items.reduce((a, i) => a + remaining(i), 0) })}
              </Text>
            )}
            {bench.unexpected && (
              <Text size="sm" data-testid="receive-next">
                {t('next.unexpected', { count: bench.unexpected.quantity, codes: bench.unexpected.codes.join(', ') })}
              </Text>
            )}
            {matches.map((m, i) => (
              <MatchCard key={m.rmaId} m={m} n={bench.choice ? i + 1 : null} parcel={bench.parcel} />
            ))}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="sm">
            <Card withBorder padding="sm">
              <Group justify="space-between" mb={6}>
                <Title order={5}>{t('session.title')}</Title>
                {session.length > 0 && (
                  <Badge variant="light" data-testid="receive-session-units">
                    {t('session.units', { count: session.reduce((a, r) => a + r.quantity, 0) })}
                  </Badge>
                )}
              </Group>
              {session.length === 0 ? (
                <Text size="sm" c="dimmed" data-testid="receive-session-empty">
                  {t('session.empty')}
                </Text>
              ) : (
                <ScrollArea.Autosize mah="60vh" type="auto">
                  <Stack gap={6} data-testid="receive-session">
                    {session.map((r) => (
                      <Stack
                        key={r.key}
                        gap={0}
                        data-testid="receive-session-row"
                        data-unexpected={r.unexpected}
                        style={{ borderTop: '1px solid var(--mantine-color-default-border)', paddingTop: 4 }}
                      >
                        <Group justify="space-between" gap="xs" wrap="nowrap">
                          <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                            {r.unexpected ? t('session.unexpected') : r.what}
                          </Text>
                          <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                            {r.quantity} × {t(`rmas:condition.${r.condition}`)}
                          </Text>
                        </Group>
                        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                          {timeOf(r.at, i18n.language)} · {r.unexpected ? [r.what, r.sku].filter(Boolean).join(', ') : r.sku}
                          {r.refund && r.refund !== 'off' ? ` · ${t(`session.refund.${r.refund}`)}` : ''}
                        </Text>
                      </Stack>
                    ))}
                  </Stack>
                </ScrollArea.Autosize>
              )}
            </Card>
            <Button variant="subtle" size="xs" onClick={() => input.current?.focus()} data-testid="receive-focus">
              {t('focus')}
            </Button>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  )
}
