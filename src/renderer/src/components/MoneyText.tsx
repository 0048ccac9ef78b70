import { Text, type TextProps } from '@mantine/core'
import { formatMoney } from '../format'

/** An amount with its currency, exact (no float), red when negative. */
export function MoneyText({ value, ...rest }: { value: { amountMinor: number; currency: string } } & TextProps) {
  return (
    <Text
      component="span"
      c={value.amountMinor < 0 ? 'red' : undefined}
      style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
      {...rest}
    >
      {formatMoney(value)}
    </Text>
  )
}

/**
 * MoneyText as a plain span, for table cells: the same look without a Mantine component per cell
 * (a page of rows renders hundreds of them on every click).
 */
export function MoneySpan({ value }: { value: { amountMinor: number; currency: string } }) {
  return (
    <span
      style={{
        fontVariantNumeric: 'tabular-nums',
        whiteSpace: 'nowrap',
        fontSize: 'var(--mantine-font-size-sm)',
        color: value.amountMinor < 0 ? 'var(--mantine-color-red-text)' : undefined
      }}
    >
      {formatMoney(value)}
    </span>
  )
}
