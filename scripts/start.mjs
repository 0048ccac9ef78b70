// `npm start` (after scripts/ensure.mjs, the prestart step): builds when the sources changed since
// the last build, then runs the Electron window where the Electron binary is installed (or can be
// fetched), browser mode on 127.0.0.1 otherwise. Prints which mode runs and why.
//
// Signals: the app runs in its own process group (with the private keychain's D-Bus session when
// there is one); SIGINT/SIGTERM to this process go to that whole group, and this process exits
// only when the group is gone. npm runs this script through `sh -c`, and killing npm kills that
// shell, not us: when our parent goes away we stop the app the same way.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))
const forceBrowser = process.argv.includes('--browser') || process.env.SBO_MODE === 'browser'
const passthrough = process.argv.slice(2).filter((a) => a !== '--browser')
const posix = process.platform !== 'win32'

function electronBinary() {
  try {
    const pkgDir = dirname(require.resolve('electron/package.json'))
    const pathTxt = join(pkgDir, 'path.txt')
    if (!existsSync(pathTxt)) return null
    const bin = join(pkgDir, 'dist', (spawnSync('cat', [pathTxt]).stdout ?? '').toString().trim())
    return existsSync(bin) ? bin : null
  } catch {
    return null
  }
}

function tryInstallElectron() {
  // Electron >= 42 downloads its binary lazily; try once, quietly.
  try {
    const installer = join(dirname(require.resolve('electron/package.json')), 'install.js')
    if (!existsSync(installer)) return false
    const r = spawnSync(process.execPath, [installer], { stdio: 'ignore', timeout: 120_000 })
    return r.status === 0
  } catch {
    return false
  }
}

/** Newest modification time under the given files/folders (what the build reads). */
function newestMtime(paths) {
  let newest = 0
  const visit = (p) => {
    let st
    try {
      st = statSync(p)
    } catch {
      return
    }
    if (st.isDirectory()) for (const name of readdirSync(p)) visit(join(p, name))
    else newest = Math.max(newest, st.mtimeMs)
  }
  for (const p of paths) visit(join(root, p))
  return newest
}

/** The build is current when every output is newer than every input (a few ms to check). */
function buildIsCurrent() {
  const outputs = ['out/main/index.js', 'out/main/host.js', 'out/preload/index.js', 'out/renderer/index.html'].map((f) => join(root, f))
  if (!outputs.every((f) => existsSync(f))) return false
  const oldestOutput = Math.min(...outputs.map((f) => statSync(f).mtimeMs))
  return newestMtime(['src', 'electron.vite.config.ts', 'tsconfig.json', 'package.json', 'package-lock.json']) < oldestOutput
}

let child = null
let stopping = null

/** Is any process of the child's group still alive? */
const groupAlive = () => {
  try {
    process.kill(posix ? -child.pid : child.pid, 0)
    return true
  } catch (e) {
    return e.code === 'EPERM'
  }
}

function stop(sig, exitCode = 0) {
  if (!child) process.exit(130)
  if (stopping) return
  stopping = sig
  const send = (s) => {
    try {
      if (posix) process.kill(-child.pid, s)
      else child.kill(s)
    } catch {
      /* already gone */
    }
  }
  send(sig)
  // Wait until every process of the group has exited (the host closes its port and database);
  // one that has not after 15 s is killed.
  const started = Date.now()
  const poll = setInterval(() => {
    if (!groupAlive()) {
      clearInterval(poll)
      process.exit(exitCode)
    }
    if (Date.now() - started > 15_000) send('SIGKILL')
  }, 100)
}

const run = (cmd, args, env = {}) => {
  child = spawn(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env }, detached: posix })
  child.on('exit', (code, signal) => {
    if (stopping) return // stop() exits once the whole group is gone
    const exitCode = code ?? (signal ? 1 : 0)
    if (posix && groupAlive())
      stop('SIGTERM', exitCode) // the wrapper ended first: leave nothing behind
    else process.exit(exitCode)
  })
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stop(sig === 'SIGHUP' ? 'SIGTERM' : sig))
const parent = process.ppid
setInterval(() => {
  if (process.ppid !== parent) stop('SIGTERM')
}, 500).unref()

if (buildIsCurrent()) {
  console.log('Build is up to date.')
} else {
  console.log('Building…')
  const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'], cwd: root, shell: !posix })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

let bin = forceBrowser ? null : electronBinary()
if (!bin && !forceBrowser && tryInstallElectron()) bin = electronBinary()

if (bin) {
  console.log('Mode: desktop (Electron binary found).')
  run('npx', ['electron-vite', 'preview'])
} else {
  console.log(
    forceBrowser
      ? 'Mode: browser (asked for with --browser / SBO_MODE=browser).'
      : "Mode: browser — Electron's binary is not installed and could not be downloaded here, so the app is served on 127.0.0.1 for your browser."
  )
  const args = [join(root, 'out', 'main', 'host.js'), ...passthrough]
  if (
    !process.env.DBUS_SESSION_BUS_ADDRESS &&
    spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon'], { stdio: 'ignore' }).status === 0
  ) {
    // Headless machine without a desktop session: keep store secrets in a private, persistent
    // gnome-keyring so the keychain still works (a desktop session's own keychain is used otherwise).
    const dir = process.env.SBO_KEYRING_DIR ?? join(homedir(), '.local', 'share', 'seller-back-office', 'keyring')
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    console.log(`Keychain: no desktop session found; using a private Secret Service with its files in ${dir}`)
    // Versions before this one leaked the keyring's XDG_CONFIG_HOME to the app, so its data
    // folder (database, backups) landed inside the keyring folder: move it to its real place.
    const leaked = join(dir, 'config', 'Seller Back Office')
    const userData = join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'Seller Back Office')
    if (existsSync(leaked) && !existsSync(userData) && !process.env.SBO_DB) {
      try {
        mkdirSync(dirname(userData), { recursive: true })
        renameSync(leaked, userData)
        console.log(`Data folder moved from ${leaked} to ${userData}.`)
      } catch (e) {
        console.log(`Your data is in ${leaked}; move that folder to ${userData} (${e.message}).`)
      }
    }
    run('sh', [join(root, 'scripts', 'with-keyring.sh'), process.execPath, ...args], { SBO_KEYRING_DIR: dir })
  } else {
    run(process.execPath, args)
  }
}
