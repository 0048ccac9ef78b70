import { Tooltip, type TooltipProps } from '@mantine/core'
import { cloneElement, useState, type FocusEvent, type MouseEvent, type ReactElement } from 'react'

type Target = ReactElement<{ onMouseEnter?: (e: MouseEvent) => void; onFocus?: (e: FocusEvent) => void }>

/**
 * A Mantine Tooltip that is mounted the first time its target is hovered or focused, then open.
 * A table page has a tooltip per row: each one set up a floating element and its hooks on every
 * page (a fifth of the time from a click to the new rows), though only the hovered one is ever seen.
 * The target must take onMouseEnter / onFocus (a DOM element, or a Mantine component).
 */
export function LazyTooltip({ children, ...props }: Omit<TooltipProps, 'children'> & { children: Target }) {
  const [armed, setArmed] = useState(false)
  if (armed)
    return (
      <Tooltip defaultOpened {...props}>
        {children}
      </Tooltip>
    )
  return cloneElement(children, {
    onMouseEnter: (e: MouseEvent) => {
      children.props.onMouseEnter?.(e)
      setArmed(true)
    },
    onFocus: (e: FocusEvent) => {
      children.props.onFocus?.(e)
      setArmed(true)
    }
  })
}
