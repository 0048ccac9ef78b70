/**
 * Shows main's 'app.notify' events (e.g. a buyer-cancel request with under 12 h left): as a
 * desktop notification when the OS/browser permits it, and always as an in-app notification (so
 * nothing is lost where desktop notifications are denied, e.g. browser mode). Clicking opens the
 * event's route. Mounted once in the shell (App.tsx).
 */
import { notifications } from '@mantine/notifications'
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import type { EventMap } from '../../../../shared/events'
import { useAppEvent } from '../../api/client'
import { formatDateTime } from '../../format'

export function useDesktopNotifications(): void {
  const navigate = useNavigate()
  const { t } = useTranslation()
  const onNotify = useCallback(
    (n: EventMap['app.notify']) => {
      const params: Record<string, string> = {}
      for (const [k, v] of Object.entries(n.params)) params[k] = k.endsWith('At') ? formatDateTime(v) : v
      const e = {
        title: t(`${n.key}.title`, params),
        body: t(`${n.key}.body`, { ...params, context: n.params.reason ? 'reason' : undefined }),
        route: n.route
      }
      const open = () => {
        // A declarative router's navigate() returns nothing; the type also allows a data router's Promise.
        if (e.route) void navigate(e.route.replace(/^#/, ''))
      }
      notifications.show({
        color: 'orange',
        title: e.title,
        message: e.body,
        autoClose: 15_000,
        onClick: open,
        style: e.route ? { cursor: 'pointer' } : undefined
      })
      if (typeof Notification === 'undefined') return
      const show = () => {
        const n = new Notification(e.title, { body: e.body })
        n.onclick = () => {
          window.focus()
          open()
        }
      }
      if (Notification.permission === 'granted') show()
      else if (Notification.permission === 'default')
        void Notification.requestPermission()
          .then((p) => p === 'granted' && show())
          .catch(() => undefined)
    },
    [navigate, t]
  )
  useAppEvent('app.notify', onNotify)
}
