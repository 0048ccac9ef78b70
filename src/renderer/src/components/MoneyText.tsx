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
