/**
 * Codes in words (issue 18): an Amazon code (reason, label, status, feed type, report type) is
 * shown by its label in the user's language (`words:<kind>.<code>`), the raw value in a tooltip.
 * A code the label maps do not know yet is still shown in words (humanizeCode), never as is.
 */
import { Tooltip } from '@mantine/core'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { CodeKind } from '../../shared/codes'
import { MARKETPLACES } from '../../shared/ids'
import { i18n } from './i18n'
import { numberFormat } from './format'

/**
 * Words for a code no map knows: Amazon's prefixes dropped (`AMZ-PG-`, `CR-`), separators and
 * camel humps become spaces, first letter capital ("CR-ITEM_NOT_RECEIVED" → "Item not received").
 * Written by hand: a few lines, no library does exactly this.
 */
export function humanizeCode(raw: string): string {
  const words = raw
    .replace(/^(?:AMZ-PG-|CR-|GET_)/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase()
  return words ? words[0]!.toUpperCase() + words.slice(1) : raw
}

/** The label of `raw` as a `kind` of code, in the current language (or its words when unknown). */
export function codeText(t: TFunction, kind: CodeKind, raw: string | null | undefined): string {
  if (raw == null || raw === '') return '—'
  return t(`words:${kind}.${raw}`, { defaultValue: humanizeCode(raw) })
}

/** A code on screen: its label, the raw value in a tooltip. */
export function CodeLabel({ kind, raw }: { kind: CodeKind; raw: string | null | undefined }) {
  const { t } = useTranslation('words')
  if (raw == null || raw === '') return <>—</>
  return (
    <Tooltip label={raw} openDelay={300}>
      <span data-code={raw}>{codeText(t, kind, raw)}</span>
    </Tooltip>
  )
}

/** A downloaded report's file name is "<report type> <report id>": the report in words. */
export function sourceFileText(t: TFunction, file: string): string {
  const m = /^(GET_[A-Z0-9_]+) (\S+)$/.exec(file)
  return m ? t('words:report', { report: codeText(t, 'reportType', m[1]), id: m[2] }) : file
}

/** A marketplace id in words: "Amazon United States" / "亚马逊美国站" (the id in the caller's tooltip). */
export function marketplaceText(t: TFunction, id: string | null | undefined): string {
  if (!id) return '—'
  const m = Object.values(MARKETPLACES)
    .flat()
    .find((x) => x.id === id)
  if (!m) return id
  // Our table says UK; ISO 3166 (and Intl) says GB.
  const region = m.country === 'UK' ? 'GB' : m.country
  let country = m.country
  try {
    country = new Intl.DisplayNames([i18n.language], { type: 'region' }).of(region) ?? m.country
  } catch {
    /* an engine without DisplayNames: the country code */
  }
  return t('words:marketplace', { country })
}

/** A count with the language's thousands separators. */
export function formatCount(n: number): string {
  return numberFormat({}).format(n)
}

/** Fields of an RMA's history detail written by the returns import (`rmas/rma-rules.ts` LABELS). */
const HISTORY_FIELDS: Record<string, { key: string; kind?: CodeKind; money?: boolean; date?: boolean }> = {
  'Amazon status': { key: 'returnRequestStatus', kind: 'returnStatus' },
  tracking: { key: 'trackingId' },
  carrier: { key: 'carrier' },
  'label type': { key: 'labelType', kind: 'labelType' },
  'label paid by': { key: 'labelPaidBy', kind: 'labelPaidBy' },
  'return type': { key: 'returnType', kind: 'returnType' },
  'Amazon resolution': { key: 'amazonResolution', kind: 'resolution' },
  'request date': { key: 'returnRequestDate', date: true },
  'merchant RMA #': { key: 'merchantRmaId' },
  'refunded amount': { key: 'refundedAmountMinor', money: true },
  currency: { key: 'currency' },
  'items added': { key: 'itemsAdded' }
}

/**
 * An RMA history line from the returns import ("refunded amount: — → 987; Amazon status:
 * Approved → Closed") in the user's words: field names translated, codes labelled, minor units
 * as money in the RMA's currency, dates in the one date format. Other details are shown as written.
 */
export function rmaHistoryText(
  t: TFunction,
  detail: string,
  ctx: { currency: string | null; date(iso: string): string; money(m: { amountMinor: number; currency: string }): string }
): string {
  // The sentences rmas/import.ts and rmas/service.ts write, in the user's words.
  const from = / \(from (.+)\)$/.exec(detail)
  if (from)
    return `${rmaHistoryText(t, detail.slice(0, from.index), ctx)} ${t('words:history.fromFile', { file: sourceFileText(t, from[1]!) })}`
  const created = /^from (.+), line (\d+)$/.exec(detail)
  if (created) return t('words:history.created', { file: sourceFileText(t, created[1]!), line: created[2] })
  const refund = /^refund request #(\d+) \((added to the refund queue|sent to Amazon at once)\)$/.exec(detail)
  if (refund)
    return t(refund[2] === 'sent to Amazon at once' ? 'words:history.refundSent' : 'words:history.refundQueued', { id: refund[1] })
  if (detail === 'tracking note added') return t('words:historyTrackingNote')
  if (detail === 'return delivery date / A-to-z flag updated') return t('words:history.deliveryUpdated')
  // Receipts: "SKU × 2 (open_box), SKU2 × 1 (sellable) — scanned CODE".
  if (/^.+ × \d+ \([a-z_]+\)/.test(detail)) {
    const [lines, scanned] = detail.split(' — scanned ')
    const worded = lines!.replace(
      / × (\d+) \(([a-z_]+)\)/g,
      (_m, n: string, c: string) => ` × ${n} (${t(`rmas:condition.${c}`, { defaultValue: humanizeCode(c) })})`
    )
    return scanned ? `${worded} ${t('words:history.scanned', { code: scanned })}` : worded
  }
  return detail
    .split('; ')
    .map((part) => {
      const m = /^([^:]+): (.*?)(?: → (.*))?$/.exec(part)
      const field = m ? HISTORY_FIELDS[m[1]!] : undefined
      if (!m || !field) return part
      const value = (v: string | undefined): string => {
        if (v === undefined || v === '—' || v === '') return '—'
        if (field.money && ctx.currency && /^-?\d+$/.test(v)) {
          try {
            return ctx.money({ amountMinor: Number(v), currency: ctx.currency })
          } catch {
            return v // a currency Intl does not know: the figure as written
          }
        }
        if (field.date) return ctx.date(v)
        if (field.kind) return codeText(t, field.kind, v)
        return v
      }
      const name = t(`words:historyField.${field.key}`)
      if (m[3] === undefined) return `${name}: ${value(m[2])}`
      return t('words:historyChange', { field: name, from: value(m[2]), to: value(m[3]) })
    })
    .join('; ')
}
