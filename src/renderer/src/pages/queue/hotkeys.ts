/**
 * The queue's keyboard shortcuts, on Mantine's useHotkeys. Keys typed into a text field, or
 * pressed while a dialog is open, are not shortcuts; a focused checkbox or button does not stop
 * them (Mantine's default ignores every INPUT, checkboxes included, hence the own check).
 */
import { useHotkeys } from '@mantine/hooks'

/** The shortcuts, in the order the `?` overlay lists them (the i18n key under `shortcuts.keys`). */
export const SHORTCUTS = [
  { keys: ['J', '↓'], what: 'next' },
  { keys: ['K', '↑'], what: 'previous' },
  { keys: ['X', 'Space'], what: 'select' },
  { keys: ['Shift', 'A'], what: 'selectAll' },
  { keys: ['Esc'], what: 'clear' },
  { keys: ['P'], what: 'process' },
  { keys: ['R'], what: 'reject' },
  { keys: ['?'], what: 'help' }
] as const

const NOT_TEXT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset'])

function typing(e: KeyboardEvent): boolean {
  const el = e.target
  if (!(el instanceof HTMLElement)) return false
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true
  return el instanceof HTMLInputElement && !NOT_TEXT.has(el.type)
}

const dialogOpen = () => document.querySelector('[role="dialog"]') !== null

/** Space on a focused button, link or checkbox keeps its own meaning (press, follow, tick). */
function nativeSpace(k: string, e: KeyboardEvent): boolean {
  const el = e.target
  return (
    k === 'space' &&
    el instanceof HTMLElement &&
    (el.matches('button, a[href], [role=button]') || (el instanceof HTMLInputElement && NOT_TEXT.has(el.type)))
  )
}

export function useQueueHotkeys(keys: [string, () => void][], opts: { inDialog?: boolean } = {}) {
  useHotkeys(
    keys.map(([k, fn]) => [
      k,
      (e: KeyboardEvent) => {
        if (typing(e) || nativeSpace(k, e) || (!opts.inDialog && dialogOpen())) return
        e.preventDefault()
        fn()
      },
      { preventDefault: false }
    ]),
    []
  )
}
