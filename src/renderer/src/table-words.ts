/**
 * The words of every paginated table (issue 18): "Rows per page" and the page range, in the
 * user's language, counts with the language's thousands separators. One helper so no table words
 * its pager on its own: spread it into a Mantine DataTable, `<DataTable {...pagerWords(t)} … />`.
 */
import type { TFunction } from 'i18next'
import { formatCount } from './labels'

export function pagerWords(t: TFunction): {
  recordsPerPageLabel: string
  paginationText: (p: { from: number; to: number; totalRecords: number }) => string
} {
  return {
    recordsPerPageLabel: t('words:recordsPerPage'),
    paginationText: ({ from, to, totalRecords }) =>
      t('words:pageRange', { from: formatCount(from), to: formatCount(to), total: formatCount(totalRecords) })
  }
}
