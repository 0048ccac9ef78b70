// `npm start` and `npm test` run this first (prestart / pretest; `npm run setup` runs it too):
// it makes sure what the command needs is installed, and installs what is missing.
//
// It must run on a fresh clone, i.e. on whatever Node the machine has (Node 22 comes from
// node_modules, which does not exist yet) and with no npm dependency: plain Node built-ins only,
// no syntax newer than Node 18. When everything is in place it only reads two JSON files and
// looks for a few commands, so it adds well under a second to each run.
//
//   node scripts/ensure.mjs start   what the app needs (npm packages; the library keytar builds
//                                   against; a private keychain for headless Linux, if it can)
//   node scripts/ensure.mjs test    the above plus what the tests need (Chromium, a Secret Service)
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const started = Date.now()
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const target = process.argv[2] === 'test' ? 'test' : 'start'
const say = (msg) => console.log(`setup: ${msg}`)
const fail = (msg) => {
  console.error(`setup: ${msg}`)
  process.exit(1)
}

const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0
const isLinux = process.platform === 'linux'

/**
 * Why node_modules does not match package-lock.json, or null when it does. npm writes the tree it
 * installed to node_modules/.package-lock.json; every locked package must be there at its locked
 * version (optional packages for other platforms are never installed, so they may be absent),
 * plus the files that install scripts produce (Node 22, the keytar addon).
 */
function npmTreeProblem() {
  const lock = readJson(join(root, 'package-lock.json'))
  if (!lock?.packages) fail('package-lock.json is missing or unreadable; it is part of the repository (git checkout package-lock.json).')
  const installed = readJson(join(root, 'node_modules', '.package-lock.json'))?.packages
  if (!installed) return 'node_modules is not installed'
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (!key) continue
    const got = installed[key]
    if (!got) {
      if (!entry.optional) return `${key.replace(/^node_modules\//, '')} is not installed`
    } else if (got.version !== entry.version) {
      return `${key.replace(/^node_modules\//, '')} is ${got.version}, package-lock.json wants ${entry.version}`
    }
  }
  const produced = [
    ['node_modules/node/bin/node', 'Node 22 (the `node` package)'],
    ['node_modules/keytar/build/Release/keytar.node', 'the keytar addon']
  ]
  for (const [file, what] of produced) if (!existsSync(join(root, file))) return `${what} is not built`
  return null
}

/** System packages: what is missing, as Debian package names, split into needed and wanted. */
function systemNeeds(npmInstallNeeded) {
  const needed = []
  const wanted = []
  if (!isLinux) return { needed, wanted }
  // keytar compiles from source during npm ci (its prebuilt download needs github.com): it needs
  // the libsecret headers, pkg-config and a C++ toolchain. Only when an install will run.
  if (npmInstallNeeded) {
    if (!has('pkg-config') || spawnSync('pkg-config', ['--exists', 'libsecret-1']).status !== 0)
      needed.push('libsecret-1-dev', 'pkg-config')
    if (!has('make') || !has('g++')) needed.push('build-essential')
    if (!has('python3')) needed.push('python3')
  }
  const keychain = !has('dbus-run-session') || !has('gnome-keyring-daemon') ? ['dbus', 'gnome-keyring'] : []
  if (target === 'test') {
    // The e2e tests drive Debian's Chromium; the keychain tests need a real Secret Service.
    const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
    if (!existsSync(chromium)) needed.push('chromium')
    needed.push(...keychain)
    // The team-mode tests run a throwaway PostgreSQL server (scripts/with-postgres.sh).
    if (spawnSync('sh', ['-c', 'ls /usr/lib/postgresql/*/bin/initdb'], { stdio: 'ignore' }).status !== 0) needed.push('postgresql')
    // Screenshots of the zh-CN screens need a CJK font (the tests pass without one).
    if (has('fc-list') && !spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).stdout?.trim()) wanted.push('fonts-wqy-microhei')
  } else if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    // Headless Linux: the app starts without these, but cannot keep store credentials.
    wanted.push(...keychain)
  }
  return { needed: [...new Set(needed)], wanted }
}

function aptInstall(pkgs) {
  if (pkgs.length === 0) return true
  if (!has('apt-get')) return false
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0
  const sudo = asRoot ? [] : has('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0 ? ['sudo', '-n'] : null
  if (!sudo) return false
  say(`installing system packages: ${pkgs.join(' ')}`)
  const run = (args) =>
    spawnSync(sudo[0] ?? args[0], sudo.length ? [...sudo.slice(1), ...args] : args.slice(1), {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    }).status === 0
  return run(['apt-get', 'update', '-qq']) && run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...pkgs])
}

const howTo = (pkgs) =>
  has('apt-get') ? `sudo apt-get install ${pkgs.join(' ')}` : `install your system's equivalents of the Debian packages ${pkgs.join(' ')}`

const treeProblem = npmTreeProblem()
const { needed, wanted } = systemNeeds(treeProblem !== null)

if (needed.length > 0 && !aptInstall(needed)) {
  fail(
    `these system packages are needed ${target === 'test' ? 'by the tests' : 'to install the app'} and could not be installed here (needs root or passwordless sudo on Debian/Ubuntu):\n` +
      `  ${needed.join(' ')}\nInstall them, then run the command again:\n  ${howTo(needed)}`
  )
}
if (wanted.length > 0 && !aptInstall(wanted)) {
  say(
    target === 'test'
      ? `optional, for readable zh-CN screenshots: ${howTo(wanted)}`
      : `no desktop session and no gnome-keyring here, so store credentials cannot be saved (the demo store works).\n` +
          `  To keep credentials on this machine: ${howTo(wanted)}`
  )
}

if (treeProblem) {
  say(`${treeProblem}: running npm ci (a minute or two; it also brings Node 22, so warnings about this Node's version are hidden)`)
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32'
  })
  if (r.status !== 0) fail('npm ci failed (see above).')
  const still = npmTreeProblem()
  if (still) fail(`npm ci finished but ${still}.`)
}

say(`${target === 'test' ? 'app and test' : 'app'} dependencies in place (${Date.now() - started} ms)`)
