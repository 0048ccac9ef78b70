/**
 * [electron] Desktop entry: lifecycle, single-instance lock, app:// protocol, the window and its
 * security guards. Thin: everything else is in the Electron-free services.
 */
import { startDeadlineBadge } from './deadlines/badge'
import { app, BrowserWindow, crashReporter, dialog, net, powerMonitor, protocol, session, shell } from 'electron'
import { autoUpdater } from 'electron-updater'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createDispatch } from './dispatch'
import { createHandlers } from './handlers'
import { registerIpc } from './ipc'
import { APP_ORIGIN, APP_SCHEME, containedPath, CSP, isAppUrl, isSafeExternalUrl, webPreferences } from './security'
import { createServices } from './services'
import { defaultStagingRoot } from './files'
import { createKeytarVault } from './secrets/keytar-vault'
import { findAppRoot, migrationsFolder, resolveDbPath } from './paths'
import { closeLogFiles, createLogger, logFile } from './log'
import { spApiFromEnv } from './bootstrap'
import { restoreBackup } from './backups/restore'
import { isAppError } from './errors'
import type { UpdateFeed } from './updates/service'

// Crash dumps stay on this machine: Crashpad writes minidumps to <userData>/Crashpad (README,
// "Crash dumps"), nothing is uploaded. Set before anything else so a crash at start is kept too.
app.setPath('crashDumps', join(app.getPath('userData'), 'Crashpad'))
crashReporter.start({ uploadToServer: false, compress: true })

/**
 * electron-updater over the release feed (electron-builder.yml `publish`, written into the
 * packaged app as app-update.yml). Never downloads by itself: autoDownload is off, and
 * UpdatesService calls download() only on the user's yes. A downloaded version installs at the
 * next quit. Only the packaged app has a feed (a dev run has no app-update.yml).
 */
function releaseFeed(log: { info(m: string): void; warn(m: string): void; error(m: string): void }): UpdateFeed | undefined {
  if (!app.isPackaged) return undefined
  autoUpdater.autoDownload = false
  autoUpdater.autoInstallOnAppQuit = true
  autoUpdater.logger = {
    info: (m: unknown) => log.info(`updater: ${String(m)}`),
    warn: (m: unknown) => log.warn(`updater: ${String(m)}`),
    error: (m: unknown) => log.error(`updater: ${String(m)}`)
  }
  return {
    check: async () => {
      const r = await autoUpdater.checkForUpdates()
      return r?.isUpdateAvailable ? { version: r.updateInfo.version } : null
    },
    download: async () => {
      await autoUpdater.downloadUpdate()
    },
    quitAndInstall: () => autoUpdater.quitAndInstall()
  }
}

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])

if (!app.requestSingleInstanceLock()) {
  // One SQLite writer: a second launch focuses the first window instead.
  app.quit()
}

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
let win: BrowserWindow | null = null

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (ev, url) => {
    if (!isAppUrl(url, devServerUrl)) ev.preventDefault()
  })
  contents.on('will-redirect', (ev, url) => {
    if (!isAppUrl(url, devServerUrl)) ev.preventDefault()
  })
  contents.on('will-attach-webview', (ev) => ev.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
})

app.on('second-instance', () => {
  if (win) {
    if (win.isMinimized()) win.restore()
    win.focus()
  }
})

app
  .whenReady()
  .then(async () => {
    const appRoot = app.isPackaged ? app.getAppPath() : findAppRoot(__dirname)
    const dbFile = resolveDbPath({ userDataDir: app.getPath('userData') })
    // <userData>/logs/seller-back-office.log (README, "Logs").
    const log = createLogger({ file: { path: logFile(dbFile), startMeta: { mode: 'desktop', version: app.getVersion() } } })
    const migrations = migrationsFolder({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appRoot })
    const services = createServices({
      dbFile,
      migrationsFolder: migrations,
      vault: createKeytarVault(),
      mode: 'desktop',
      version: app.getVersion(),
      log,
      stagingDir: defaultStagingRoot(app.getPath('temp')),
      spApi: spApiFromEnv(true),
      updateFeed: releaseFeed(log),
      // Case evidence opens in the system's app (the path comes from the database, never the renderer).
      openPath: (path) => shell.openPath(path),
      // Restore: close everything, swap the files, start the app again on the restored database.
      onRestore: (file) => {
        setTimeout(() => {
          void services.stop().finally(() => {
            services.close()
            try {
              restoreBackup({ dbFile, backupFile: file, migrationsFolder: migrations, now: new Date() })
            } catch (e) {
              dialog.showErrorBox(
                'Seller Back Office',
                `Restore failed; the current database was left in place. ${e instanceof Error ? e.message : String(e)}`
              )
            }
            app.relaunch()
            app.exit(0)
          })
        }, 100)
      }
    })

    session.defaultSession.setPermissionRequestHandler((_wc, permission, cb) => cb(permission === 'notifications'))
    session.defaultSession.setPermissionCheckHandler((_wc, permission) => permission === 'notifications')

    const rendererRoot = join(__dirname, '../renderer')
    protocol.handle(APP_SCHEME, async (req) => {
      if (req.method !== 'GET') return new Response('method not allowed', { status: 405 })
      const url = new URL(req.url)
      const file = containedPath(rendererRoot, url.pathname === '/' ? '/index.html' : url.pathname)
      if (!file) return new Response('not found', { status: 404 })
      const res = await net.fetch(pathToFileURL(file).toString())
      const headers = new Headers(res.headers)
      headers.set('content-security-policy', CSP)
      return new Response(res.body, { status: res.status, headers })
    })

    win = new BrowserWindow({
      width: 1360,
      height: 860,
      show: false,
      title: 'Seller Back Office',
      webPreferences: webPreferences(join(__dirname, '../preload/index.js'))
    })
    win.on('ready-to-show', () => win?.show())
    registerIpc({
      dispatch: createDispatch(createHandlers(services), log),
      events: services.events,
      files: services.files,
      window: () => win,
      devServerUrl
    })
    await services.start()
    powerMonitor.on('resume', () => void services.network.check())

    // The app icon's badge: deadlines due by the end of the user's day (deadlines/badge.ts).
    startDeadlineBadge({
      deadlines: services.deadlines,
      events: services.events,
      clock: services.clock,
      log,
      port: { setBadgeCount: (n) => app.setBadgeCount(n) }
    })

    await win.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`)

    app.on('before-quit', () => {
      services.close()
    })
  })
  .catch((e: unknown) => {
    console.error(e)
    // A damaged database (start-up health check) or one from a newer version: say so, do not start.
    if (isAppError(e)) dialog.showErrorBox('Seller Back Office', e.message)
    app.exit(1)
  })

app.on('window-all-closed', () => app.quit())

// The log file's last lines are written before the process ends: quitting waits for them once,
// then exits with a normal quit's code (closeLogFiles never rejects; app.exit skips before-quit).
app.once('will-quit', (e) => {
  e.preventDefault()
  void closeLogFiles().finally(() => app.exit(0))
})
