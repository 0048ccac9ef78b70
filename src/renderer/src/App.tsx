import {
  ActionIcon,
  AppShell,
  Badge,
  Burger,
  Group,
  Loader,
  NavLink,
  ScrollArea,
  Select,
  Text,
  Title,
  Tooltip,
  useMantineColorScheme
} from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import {
  IconBarcode,
  IconBuildingStore,
  IconCalendarDue,
  IconCash,
  IconCoin,
  IconFileInvoice,
  IconDatabaseExport,
  IconHandStop,
  IconListCheck,
  IconMoon,
  IconPackageImport,
  IconReceipt,
  IconReportMoney,
  IconFileDescription,
  IconSettings,
  IconSun,
  IconUsersGroup,
  IconWifi,
  IconWifiOff
} from '@tabler/icons-react'
import { lazy, Suspense, useEffect, useState } from 'react'
import { modals } from '@mantine/modals'
import { useTranslation } from 'react-i18next'
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router'
import { useAppEvent, useCall, useLiveInvalidation } from './api/client'
import { LANGUAGES, setLanguage, type Language } from './i18n'
import { formatDateTime } from './format'
import { StoreProvider, useSelectedStore } from './store-context'
import { ReimbursementsPage } from './pages/reimbursements/ReimbursementsPage'
import { useDesktopNotifications } from './pages/holds/useDesktopNotifications'
import { ErrorBoundary } from './components/ErrorBoundary'
import { DeadlineCount } from './pages/deadlines/DeadlineCount'

/**
 * Every screen but the first one (Reimbursements) is its own chunk, loaded when first opened: the
 * single 4 MB bundle took 1.4 s to parse before the first request could leave (cold start).
 */
const ClaimsPage = lazy(() => import('./pages/claims/ClaimsPage').then((m) => ({ default: m.ClaimsPage })))
const CasesPage = lazy(() => import('./pages/cases/CasesPage').then((m) => ({ default: m.CasesPage })))
const RmasPage = lazy(() => import('./pages/rmas/RmasPage').then((m) => ({ default: m.RmasPage })))
const ReceivePage = lazy(() => import('./pages/receive/ReceivePage').then((m) => ({ default: m.ReceivePage })))
const QueuePage = lazy(() => import('./pages/queue/QueuePage').then((m) => ({ default: m.QueuePage })))
const HoldsPage = lazy(() => import('./pages/holds/HoldsPage').then((m) => ({ default: m.HoldsPage })))
const OrdersPage = lazy(() => import('./pages/orders/OrdersPage').then((m) => ({ default: m.OrdersPage })))
const OrderDetailPage = lazy(() => import('./pages/orders/OrderDetailPage').then((m) => ({ default: m.OrderDetailPage })))
const StoresPage = lazy(() => import('./pages/stores/StoresPage').then((m) => ({ default: m.StoresPage })))
const SettingsPage = lazy(() => import('./pages/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })))
const BackupsPage = lazy(() => import('./pages/backups/BackupsPage').then((m) => ({ default: m.BackupsPage })))
const TeamPage = lazy(() => import('./pages/team/TeamPage').then((m) => ({ default: m.TeamPage })))
const DeadlinesPage = lazy(() => import('./pages/deadlines/DeadlinesPage').then((m) => ({ default: m.DeadlinesPage })))
const AuditsPage = lazy(() => import('./pages/audits/AuditsPage').then((m) => ({ default: m.AuditsPage })))
const CostsPage = lazy(() => import('./pages/costs/CostsPage').then((m) => ({ default: m.CostsPage })))

const NAV = [
  { path: '/deadlines', key: 'deadlines', icon: IconCalendarDue, group: 'work' },
  { path: '/orders', key: 'orders', icon: IconReceipt, group: 'work' },
  { path: '/reimbursements', key: 'reimbursements', icon: IconCash, group: 'work' },
  { path: '/claims', key: 'claims', icon: IconReportMoney, group: 'work' },
  { path: '/cases', key: 'cases', icon: IconFileDescription, group: 'work' },
  { path: '/audits', key: 'audits', icon: IconFileInvoice, group: 'work' },
  { path: '/costs', key: 'costs', icon: IconCoin, group: 'work' },
  { path: '/rmas', key: 'rmas', icon: IconPackageImport, group: 'work' },
  { path: '/receive', key: 'receive', icon: IconBarcode, group: 'work' },
  { path: '/queue', key: 'queue', icon: IconListCheck, group: 'work' },
  { path: '/holds', key: 'holds', icon: IconHandStop, group: 'work' },
  { path: '/stores', key: 'stores', icon: IconBuildingStore, group: 'setup' },
  { path: '/settings', key: 'settings', icon: IconSettings, group: 'setup' },
  { path: '/team', key: 'team', icon: IconUsersGroup, group: 'setup' },
  { path: '/backups', key: 'backups', icon: IconDatabaseExport, group: 'setup' }
] as const

/** Redirects an old route (and anything under it, with its query) to the screen's current name. */
function RenamedRoute({ to }: { to: string }) {
  const { pathname, search } = useLocation()
  const rest = pathname.replace(/^\/[^/]+/, '')
  return <Navigate to={`${to}${rest}${search}`} replace />
}

function StoreSwitcher() {
  const { t } = useTranslation()
  const { storeId, setStoreId } = useSelectedStore()
  const stores = useCall('stores.list', {})
  const list = stores.data ?? []
  // A removed store can't stay selected.
  useEffect(() => {
    if (stores.data && storeId && !stores.data.some((s) => s.id === storeId)) setStoreId(null)
  }, [stores.data, storeId, setStoreId])
  return (
    <Select
      aria-label={t('storeSwitcher.label')}
      data-testid="store-switcher"
      w={220}
      size="sm"
      allowDeselect={false}
      value={storeId ?? 'all'}
      onChange={(v) => setStoreId(!v || v === 'all' ? null : v)}
      data={[
        { value: 'all', label: t('storeSwitcher.all') },
        ...list.map((s) => ({ value: s.id, label: s.isDemo ? `${s.name} (${t('storeSwitcher.demo')})` : s.name }))
      ]}
    />
  )
}

function NetworkIndicator() {
  const { t } = useTranslation()
  // Per selected store: a demo store's emulator is always reachable; a real store's region endpoint is probed.
  const { storeId } = useSelectedStore()
  const status = useCall('app.networkStatus', storeId ? { storeId } : {}, { refetchInterval: 30_000 })
  const [browserOnline, setBrowserOnline] = useState(navigator.onLine)
  useEffect(() => {
    const on = () => setBrowserOnline(true)
    const off = () => setBrowserOnline(false)
    window.addEventListener('online', on)
    window.addEventListener('offline', off)
    return () => {
      window.removeEventListener('online', on)
      window.removeEventListener('offline', off)
    }
  }, [])
  useAppEvent('network.changed', () => void status.refetch())
  const online = browserOnline && status.data?.online === true
  const time = formatDateTime(status.data?.checkedAt)
  return (
    <Tooltip
      label={
        status.data?.endpoint === 'demo'
          ? t('network.demoHint')
          : online
            ? t('network.onlineHint', { time })
            : t('network.offlineHint', { time })
      }
      multiline
      w={280}
    >
      <Badge
        data-testid="network-indicator"
        data-online={online}
        data-store={status.data?.storeId ?? ''}
        color={online ? 'teal' : 'gray'}
        variant="light"
        leftSection={online ? <IconWifi size={14} /> : <IconWifiOff size={14} />}
      >
        {online ? t('network.online') : t('network.offline')}
      </Badge>
    </Tooltip>
  )
}

/**
 * Team mode in the header (only while connected): online or not, and the outbox — how many
 * commands wait to be sent and how many the server refused. A click opens the Team page, which
 * lists each command with its outcome.
 */
function TeamIndicator() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const status = useCall('team.status', {}, { refetchInterval: 15_000 })
  const s = status.data
  if (!s?.connected) return null
  const color = s.needsLogin || s.refused > 0 ? 'orange' : s.online ? 'teal' : 'gray'
  const parts = [
    s.needsLogin ? t('teamBadge.needsLogin') : s.online ? t('teamBadge.online') : t('teamBadge.offline'),
    ...(s.pending > 0 ? [t('teamBadge.pending', { count: s.pending })] : []),
    ...(s.refused > 0 ? [t('teamBadge.refused', { count: s.refused })] : [])
  ]
  return (
    <Tooltip
      label={
        s.online
          ? t('teamBadge.hintOnline', { server: s.serverUrl })
          : t('teamBadge.hintOffline', { time: s.lastSyncAt ? formatDateTime(s.lastSyncAt) : '—' })
      }
      multiline
      w={300}
    >
      <Badge
        data-testid="team-indicator"
        data-online={s.online}
        data-pending={s.pending}
        data-refused={s.refused}
        color={color}
        variant="light"
        leftSection={<IconUsersGroup size={14} />}
        style={{ cursor: 'pointer', flexShrink: 0 }}
        onClick={() => void navigate('/team')}
      >
        {parts.join(' · ')}
      </Badge>
    </Tooltip>
  )
}

/** "Last backup: …" in the status line; orange, and a link to the Backups screen, after 2 days without one. */
function BackupStatus() {
  const { t } = useTranslation('backups')
  const navigate = useNavigate()
  const status = useCall('backups.status', {}, { refetchInterval: 60_000 })
  const s = status.data
  if (!s) return null
  const failed = s.lastFailure
  const text = s.damaged
    ? t('status.damaged')
    : failed
      ? t('status.failed', { time: formatDateTime(failed.at) })
      : s.stale
        ? s.lastGoodAt
          ? t('status.stale', { time: formatDateTime(s.lastGoodAt) })
          : t('status.none')
        : t('status.last', { time: formatDateTime(s.lastGoodAt) })
  return (
    <Text
      size="xs"
      c={s.damaged || failed ? 'red.7' : s.stale ? 'orange.7' : 'dimmed'}
      fw={s.damaged || failed || s.stale ? 600 : undefined}
      title={s.damaged ?? failed?.message}
      truncate
      style={{ cursor: 'pointer', flexShrink: 0 }}
      onClick={() => navigate('/backups')}
      data-testid="status-backup"
    >
      {text} ·
    </Text>
  )
}

/**
 * "Amazon removes … on …" in the status line: an SP-API operation a store still uses within 90
 * days of its removal (main's deprecations.ts); orange, the rest and the replacements in a tooltip.
 */
function DeprecationStatus() {
  const { t } = useTranslation()
  const due = useCall('app.deprecations', {}, { refetchInterval: 10 * 60_000 })
  const list = due.data ?? []
  const first = list[0]
  if (!first) return null
  const params = (w: typeof first) => ({
    api: w.api,
    version: w.apiVersion,
    operation: w.operation,
    date: w.removalDate,
    days: w.daysLeft,
    store: w.storeName,
    replacement: w.replacement
  })
  return (
    <Tooltip
      multiline
      w={420}
      label={list.map((w) => (
        <div key={`${w.storeId}-${w.operation}`}>{t('status.deprecationHint', params(w))}</div>
      ))}
    >
      <Text size="xs" c="orange.7" fw={600} truncate style={{ flexShrink: 1, minWidth: 0 }} data-testid="status-deprecation">
        {t(first.daysLeft > 0 ? 'status.deprecation' : 'status.deprecationRemoved', params(first))}
        {list.length > 1 ? ` (${t('status.deprecationMore', { n: list.length - 1 })})` : ''} ·
      </Text>
    </Tooltip>
  )
}

function StatusLine() {
  const { t } = useTranslation()
  const last = useCall('jobs.lastRun', {}, { refetchInterval: 60_000 })
  const info = useCall('app.info', {})
  const job = last.data
  return (
    <Group justify="space-between" px="md" h="100%" gap="xs" wrap="nowrap">
      <Text size="xs" c="dimmed" data-testid="status-line" truncate>
        {job
          ? t('status.lastJob', {
              // A job's name is a code ("orders.reportDownload"): worded, the code kept for unknown ones.
              name: t(`jobNames.${job.name.replace(/\./g, '_')}`, { defaultValue: job.name }),
              status: t(`status.${job.status}`),
              time: formatDateTime(job.finishedAt ?? job.startedAt)
            })
          : t('status.noJobs')}
        {job?.status === 'failed' && job.message ? ` — ${job.message}` : ''}
      </Text>
      <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
        <DeprecationStatus />
        <BackupStatus />
        {info.data && (
          <Text size="xs" c="dimmed" truncate>
            {t(`status.mode.${info.data.mode}`)} · {t('status.database', { path: info.data.dbPath })}
          </Text>
        )}
      </Group>
    </Group>
  )
}

function Shell() {
  const { t, i18n } = useTranslation()
  const [opened, { toggle }] = useDisclosure()
  const { colorScheme, toggleColorScheme } = useMantineColorScheme()
  const location = useLocation()
  const navigate = useNavigate()
  // A dialog belongs to the screen that opened it: a new route closes the confirm dialogs (the
  // screens' own dialogs close with their screen, or on their own route check: CancelModal).
  useEffect(() => {
    modals.closeAll()
  }, [location.pathname])
  useLiveInvalidation()
  useDesktopNotifications()
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      footer={{ height: 28 }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" />
            <Title order={4}>{t('appName')}</Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <StoreSwitcher />
            <TeamIndicator />
            <NetworkIndicator />
            <Select
              aria-label={t('language.label')}
              data-testid="language-switcher"
              w={110}
              size="sm"
              allowDeselect={false}
              value={i18n.language}
              onChange={(v) => v && setLanguage(v as Language)}
              data={LANGUAGES.map((l) => ({ value: l, label: l === 'en' ? 'English' : '简体中文' }))}
            />
            <ActionIcon variant="default" size="lg" aria-label={t('theme.toggle')} onClick={toggleColorScheme} data-testid="theme-toggle">
              {colorScheme === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
            </ActionIcon>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        {/* 15 screens do not fit a 700 px high window: the list scrolls instead of running under the footer. */}
        <AppShell.Section grow component={ScrollArea}>
          {(['work', 'setup'] as const).map((group) => (
            <div key={group}>
              <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" pt="sm" pb={4}>
                {t(`nav.${group}`)}
              </Text>
              {NAV.filter((n) => n.group === group).map((n) => (
                <NavLink
                  key={n.path}
                  label={
                    n.key === 'orders' || n.key === 'audits' || n.key === 'costs'
                      ? t(`${n.key}:nav`)
                      : n.key === 'backups'
                        ? t('backups:title')
                        : t(`nav.${n.key}`)
                  }
                  leftSection={<n.icon size={18} />}
                  rightSection={n.key === 'deadlines' ? <DeadlineCount /> : undefined}
                  active={location.pathname.startsWith(n.path)}
                  onClick={() => navigate(n.path)}
                  data-testid={`nav-${n.key}`}
                />
              ))}
            </div>
          ))}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <ErrorBoundary resetKey={location.pathname} onHome={() => navigate('/orders')}>
          <Suspense fallback={<ScreenLoading />}>
            <MarkReady />
            <Routes>
              <Route path="/" element={<Navigate to="/reimbursements" replace />} />
              <Route path="/reimbursements/*" element={<ReimbursementsPage />} />
              <Route path="/rmas/*" element={<RmasPage />} />
              <Route path="/receive" element={<ReceivePage />} />
              <Route path="/queue/*" element={<QueuePage />} />
              <Route path="/holds/*" element={<HoldsPage />} />
              <Route path="/claims/*" element={<ClaimsPage />} />
              <Route path="/cases" element={<CasesPage />} />
              <Route path="/audits" element={<AuditsPage />} />
              <Route path="/costs" element={<CostsPage />} />
              {/* Old names of the two screens: deep links and saved notifications still land. */}
              <Route path="/refund-queue/*" element={<RenamedRoute to="/queue" />} />
              <Route path="/cancellation-holds/*" element={<RenamedRoute to="/holds" />} />
              <Route path="/orders" element={<OrdersPage />} />
              <Route path="/orders/:storeId/:amazonOrderId" element={<OrderDetailPage />} />
              <Route path="/stores" element={<StoresPage />} />
              <Route path="/settings" element={<SettingsPage />} />
              <Route path="/backups" element={<BackupsPage />} />
              <Route path="/team" element={<TeamPage />} />
              <Route path="/deadlines" element={<DeadlinesPage />} />
              <Route path="*" element={<Navigate to="/reimbursements" replace />} />
            </Routes>
          </Suspense>
        </ErrorBoundary>
      </AppShell.Main>
      <AppShell.Footer>
        <StatusLine />
      </AppShell.Footer>
    </AppShell>
  )
}

/**
 * `<html data-app-state="ready">` (what the e2e tests and the smoke tests wait for) once the routed
 * screen is on screen: set from inside the Suspense boundary, whose children commit only when a
 * lazily loaded screen has arrived; "loading" while its chunk is fetched.
 */
function MarkReady() {
  useEffect(() => {
    document.documentElement.dataset.appState = 'ready'
  })
  return null
}

function ScreenLoading() {
  useEffect(() => {
    document.documentElement.dataset.appState = 'loading'
  }, [])
  return <Loader size="sm" m="md" data-testid="screen-loading" />
}

export function App() {
  return (
    <StoreProvider>
      <Shell />
    </StoreProvider>
  )
}
