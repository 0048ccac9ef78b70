/**
 * Shows main's 'app.notify' events (e.g. a buyer-cancel request with under 12 h left): as a
 * desktop notification when the OS/browser permits it, and always as an in-app notification (so
 * nothing is lost where desktop notifications are denied, e.g. browser mode). Clicking opens the
 * event's route. Mounted once in the shell (App.tsx).
 */
import { notifications } from '@mantine/notifications'
import { useCallback } from 'react'
import { useNavigate } from 'react-router'
import type { EventMap } from '../../../../shared/events'
import { useAppEvent } from '../../api/client'

export function useDesktopNotifications(): void {
  const navigate = useNavigate()
  const onNotify = useCallback(
    (e: EventMap['app.notify']) => {
      const open = () => {
        if (e.route) navigate(e.route.replace(/^#/, ''))
      }
      notifications.show({ color: 'orange', title: e.title, message: e.body, autoClose: 15_000, onClick: open, style: e.route ? { cursor: 'pointer' } : undefined })
      if (typeof Notification === 'undefined') return
      const show = () => {
        const n = new Notification(e.title, { body: e.body })
        n.onclick = () => {
          window.focus()
          open()
        }
      }
      if (Notification.permission === 'granted') show()
      else if (Notification.permission === 'default') void Notification.requestPermission().then((p) => p === 'granted' && show()).catch(() => undefined)
    },
    [navigate]
  )
  useAppEvent('app.notify', onNotify)
}
