/**
 * A returned product as the RMAs list and the RMA drawer show it: the catalog's image as a small
 * thumbnail (a placeholder when unknown) and its title on one line ("—" when unknown), with an
 * optional second line (the RMA's SKUs). Fixed sizes, so a row keeps its height and width.
 */
import { Group, Image, Stack, Text, Tooltip } from '@mantine/core'
import type { TFunction } from 'i18next'
import { IconPhoto } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import type { RmaProduct } from '../../../../shared/contract/rmas'

export function ProductThumb({ product, size }: { product: RmaProduct | null | undefined; size: number }) {
  return product?.imageUrl ? (
    <Image
      src={product.imageUrl}
      w={size}
      h={size}
      fit="contain"
      radius="sm"
      alt=""
      style={{ flexShrink: 0 }}
      data-testid="rma-product-image"
    />
  ) : (
    <IconPhoto size={size} stroke={1.2} color="var(--mantine-color-gray-5)" style={{ flexShrink: 0 }} />
  )
}

export function ProductCell({
  product,
  fallbackTitle,
  sub,
  maw,
  size = 32
}: {
  product: RmaProduct | null | undefined
  /** Shown when the product has no title (e.g. the returns report's item name). */
  fallbackTitle?: string | null
  sub?: ReactNode
  maw: number
  size?: number
}) {
  const title = product?.title ?? fallbackTitle ?? null
  return (
    <Group gap="xs" wrap="nowrap" maw={maw} data-testid="rma-product">
      <ProductThumb product={product} size={size} />
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Tooltip label={title} disabled={!title} multiline maw={360} openDelay={300}>
          <Text size="sm" truncate data-testid="rma-product-title">
            {title ?? '—'}
          </Text>
        </Tooltip>
        {sub}
      </Stack>
    </Group>
  )
}

/** The column's header: "Product", and what the cells' second line is (SKU, SKUs) when they have one. */
export function ProductHeader({ t, sub }: { t: TFunction; sub?: string }) {
  return (
    <Stack gap={0}>
      <span>{t('product.column')}</span>
      {sub && (
        <Text span size="xs" c="dimmed" fw={500}>
          {sub}
        </Text>
      )}
    </Stack>
  )
}
