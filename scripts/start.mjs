// `npm start`: the Electron window where the Electron binary is installed (or can be fetched);
// browser mode on 127.0.0.1 otherwise. Prints which mode runs and why.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))
const forceBrowser = process.argv.includes('--browser') || process.env.SBO_MODE === 'browser'
const passthrough = process.argv.slice(2).filter((a) => a !== '--browser')

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

const run = (cmd, args, env = {}) => {
  const child = spawn(cmd, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } })
  child.on('exit', (code) => process.exit(code ?? 0))
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
}

console.log('Building…')
const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'], cwd: root })
if (build.status !== 0) process.exit(build.status ?? 1)

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
  if (!process.env.DBUS_SESSION_BUS_ADDRESS && spawnSync('sh', ['-c', 'command -v dbus-run-session && command -v gnome-keyring-daemon']).status === 0) {
    // Headless machine without a desktop session: keep store secrets in a private, persistent
    // gnome-keyring so the keychain still works (a desktop session's own keychain is used otherwise).
    const dir = process.env.SBO_KEYRING_DIR ?? join(homedir(), '.local', 'share', 'seller-back-office', 'keyring')
    mkdirSync(dir, { recursive: true })
    console.log(`Keychain: no desktop session found; using a private Secret Service with its files in ${dir}`)
    run('sh', [join(root, 'scripts', 'with-keyring.sh'), process.execPath, ...args], { SBO_KEYRING_DIR: dir })
  } else {
    run(process.execPath, args)
  }
}
