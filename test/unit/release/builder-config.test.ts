/**
 * The packaging configuration, checked here so that a broken one fails CI and not a release:
 * electron-builder.yml (+ package.json) is loaded the way electron-builder loads it, validated with
 * electron-builder's own schema check (app-builder-lib's scheme.json), and held to our rules —
 * the metadata the installers need, the fuses, native addons unpacked from the asar, the targets
 * the release workflow promises, and icons that exist at the sizes each platform uses.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../../..')
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string
  description?: string
  author?: { name?: string; email?: string } | string
  homepage?: string
  license?: string
  dependencies: Record<string, string>
}

type Target = string | { target: string; arch?: string[] }
type Config = {
  appId?: string
  productName?: string
  files?: (string | { filter: string[] })[]
  extraResources?: { from: string; to: string }[]
  asarUnpack?: string[]
  npmRebuild?: boolean
  publish?: { provider: string } | { provider: string }[]
  electronFuses?: Record<string, boolean>
  linux?: { target?: Target[]; category?: string; icon?: string; desktop?: { entry?: Record<string, string> } }
  deb?: { depends?: string[] }
  mac?: {
    target?: Target[]
    icon?: string
    hardenedRuntime?: boolean
    entitlements?: string
    entitlementsInherit?: string
    forceCodeSigning?: boolean
  }
  win?: { target?: Target[]; icon?: string; forceCodeSigning?: boolean }
  nsis?: { oneClick?: boolean; perMachine?: boolean; allowElevation?: boolean }
  artifactName?: string
  [k: string]: unknown
}

/** electron-builder's own loader and validator (the ones `electron-builder` runs before building). */
const builderRequire = createRequire(createRequire(join(ROOT, 'package.json')).resolve('electron-builder/package.json'))
const { getConfig, validateConfiguration } = builderRequire('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<Config>
  validateConfiguration(config: Config, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>
}
const quietLogger = { isEnabled: false, add: () => {} }
const loadConfig = () => getConfig(ROOT, null, null)

const targetsOf = (ts: Target[] | undefined) =>
  (ts ?? []).map((t) => (typeof t === 'string' ? { target: t, arch: [] } : { arch: [], ...t }))

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { w: number; h: number } {
  const b = readFileSync(file)
  expect(b.subarray(1, 4).toString('latin1'), `${file} is a PNG`).toBe('PNG')
  return { w: b.readUInt32BE(16), h: b.readUInt32BE(20) }
}
/** Pixel sizes of the images in a Windows .ico (a 0 in the directory means 256). */
function icoSizes(file: string): number[] {
  const b = readFileSync(file)
  expect(b.readUInt16LE(2), `${file} is an icon resource`).toBe(1)
  return Array.from({ length: b.readUInt16LE(4) }, (_, i) => b[6 + 16 * i] || 256)
}
/** Pixel sizes in a macOS .icns, from its element types (Apple's Icon Services types). */
const ICNS_TYPES: Record<string, number> = {
  is32: 16,
  icp4: 16,
  il32: 32,
  icp5: 32,
  ic11: 32,
  icp6: 64,
  ic12: 64,
  ic07: 128,
  ic08: 256,
  ic13: 256,
  ic09: 512,
  ic14: 512,
  ic10: 1024
}
function icnsSizes(file: string): number[] {
  const b = readFileSync(file)
  expect(b.subarray(0, 4).toString('latin1'), `${file} is an icns`).toBe('icns')
  expect(b.readUInt32BE(4), `${file}: length in the header`).toBe(b.length)
  const sizes = new Set<number>()
  for (let o = 8; o + 8 <= b.length; o += b.readUInt32BE(o + 4)) {
    const size = ICNS_TYPES[b.subarray(o, o + 4).toString('latin1')]
    if (size) sizes.add(size)
    if (b.readUInt32BE(o + 4) < 8) break
  }
  return [...sizes].sort((a, b2) => a - b2)
}

/** Folders of a package that hold compiled Node addons (its own files, not nested packages). */
function nodeAddons(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    if (n === 'node_modules') return []
    return statSync(p).isDirectory() ? nodeAddons(p) : n.endsWith('.node') ? [p] : []
  })
}

export const REQUIRED = {
  /** Linux hicolor sizes (electron-builder reads each size from the file name). */
  png: [16, 24, 32, 48, 64, 128, 256, 512, 1024],
  ico: [16, 24, 32, 48, 64, 128, 256],
  icns: [16, 32, 64, 128, 256, 512, 1024]
}

describe('electron-builder configuration', () => {
  it('loads and passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(await loadConfig(), quietLogger)).resolves.toBeUndefined()
  })

  it('the schema check bites: a misspelt option or a wrong type is refused', async () => {
    const config = await loadConfig()
    await expect(
      validateConfiguration({ ...config, linux: { ...config.linux, categroy: 'Office' } } as Config, quietLogger)
    ).rejects.toThrow(/configuration\.linux/)
    await expect(
      validateConfiguration({ ...config, nsis: { ...config.nsis, perMachine: 'no' } } as unknown as Config, quietLogger)
    ).rejects.toThrow(/configuration\.nsis\.perMachine should be a boolean/)
  })

  it('has the metadata the installers need (deb needs the author’s email and a homepage)', async () => {
    const config = await loadConfig()
    expect(config.appId).toMatch(/^[a-z][a-z0-9]*(\.[a-z][a-z0-9-]*){2,}$/)
    expect(config.productName).toBe('Seller Back Office')
    expect(pkg.description?.length).toBeGreaterThan(0)
    expect(typeof pkg.author === 'object' ? pkg.author.name : undefined).toBeTruthy()
    expect(typeof pkg.author === 'object' ? pkg.author.email : undefined).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/)
    expect(pkg.homepage).toMatch(/^https:\/\/[^\s/]+\.[a-z]{2,}/)
    expect(pkg.license).toBeTruthy()
  })

  it('packs the built app and the migrations, and never rebuilds the Node-API addons', async () => {
    const config = await loadConfig()
    // getConfig normalizes `files` to [{ filter: [...] }].
    const files = (config.files ?? []).flatMap((f) => (typeof f === 'string' ? [f] : (f as { filter: string[] }).filter))
    expect(files).toEqual(expect.arrayContaining(['out/**', 'package.json']))
    expect(config.extraResources).toContainEqual({ from: 'drizzle', to: 'drizzle' })
    expect(config.npmRebuild).toBe(false)
  })

  it('unpacks every runtime dependency that ships a native addon from the asar (better-sqlite3, keytar)', async () => {
    const config = await loadConfig()
    const withAddons = Object.keys(pkg.dependencies).filter((d) => nodeAddons(join(ROOT, 'node_modules', d)).length > 0)
    expect(withAddons).toEqual(expect.arrayContaining(['better-sqlite3', 'keytar']))
    for (const d of withAddons) expect(config.asarUnpack, `${d} ships a .node file`).toContain(`node_modules/${d}/**`)
  })

  it('sets the hardening fuses', async () => {
    expect((await loadConfig()).electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true
    })
  })

  it('builds what the release promises: deb + AppImage (Office), dmg x64 + arm64 (hardened, entitlements), per-user nsis', async () => {
    const config = await loadConfig()
    expect(targetsOf(config.linux?.target).map((t) => t.target)).toEqual(expect.arrayContaining(['AppImage', 'deb']))
    expect(config.linux?.category).toBe('Office')
    expect(config.linux?.desktop?.entry?.Categories).toMatch(/(^|;)Office;/)
    expect(config.deb?.depends).toContain('libsecret-1-0')

    const dmg = targetsOf(config.mac?.target).find((t) => t.target === 'dmg')
    expect(dmg?.arch).toEqual(expect.arrayContaining(['x64', 'arm64']))
    // electron-updater updates macOS apps from the zip.
    expect(targetsOf(config.mac?.target).find((t) => t.target === 'zip')?.arch).toEqual(expect.arrayContaining(['x64', 'arm64']))
    expect(config.mac?.hardenedRuntime).toBe(true)
    for (const f of [config.mac?.entitlements, config.mac?.entitlementsInherit]) {
      expect(f, 'entitlements file named').toBeTruthy()
      const plist = readFileSync(join(ROOT, f!), 'utf8')
      expect(plist).toMatch(/<key>com\.apple\.security\.cs\.allow-jit<\/key>\s*<true\/>/)
      expect(plist).not.toMatch(/disable-library-validation|allow-dyld-environment-variables/)
    }

    expect(targetsOf(config.win?.target).map((t) => t.target)).toContain('nsis')
    expect(config.nsis).toMatchObject({ perMachine: false, allowElevation: false })
  })

  it('never requires code signing for a local build (signing comes from environment variables)', async () => {
    const config = await loadConfig()
    expect(config.mac?.forceCodeSigning ?? false).toBe(false)
    expect(config.win?.forceCodeSigning ?? false).toBe(false)
    expect(config.forceCodeSigning ?? false).toBe(false)
    // No certificate, password or identity written into the configuration.
    const text = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')
    expect(text).not.toMatch(/^\s*(cscLink|cscKeyPassword|certificateFile|certificatePassword|identity)\s*:/m)
  })

  it('publishes to the GitHub releases feed that electron-updater reads, under file names GitHub keeps', async () => {
    const config = await loadConfig()
    expect([config.publish].flat()[0]).toMatchObject({ provider: 'github' })
    // GitHub turns spaces into dots on upload: latest*.yml would name files the release lacks.
    const names = [
      config.artifactName,
      ...['linux', 'deb', 'appImage', 'mac', 'dmg', 'win', 'nsis'].map(
        (k) => (config[k] as { artifactName?: string } | undefined)?.artifactName
      )
    ]
    expect(config.artifactName).toBeTruthy()
    for (const n of names.filter(Boolean)) expect(n).not.toMatch(/\$\{productName\}| /)
  })
})

describe('app icons', () => {
  it('has the Linux png set at every size named, each really that size', async () => {
    const dir = join(ROOT, (await loadConfig()).linux!.icon!)
    for (const n of REQUIRED.png) expect(pngSize(join(dir, `${n}x${n}.png`)), `${n}x${n}.png`).toEqual({ w: n, h: n })
  })
  it('has a Windows .ico with 16–256 px images', async () => {
    expect(icoSizes(join(ROOT, (await loadConfig()).win!.icon!))).toEqual(expect.arrayContaining(REQUIRED.ico))
  })
  it('has a macOS .icns with 16–1024 px images', async () => {
    expect(icnsSizes(join(ROOT, (await loadConfig()).mac!.icon!))).toEqual(expect.arrayContaining(REQUIRED.icns))
  })
  it('has the tray icons (macOS template and colour, 1x and 2x) and the sources they are drawn from', () => {
    for (const [f, n] of [
      ['trayTemplate.png', 16],
      ['trayTemplate@2x.png', 32],
      ['tray.png', 16],
      ['tray@2x.png', 32]
    ] as const)
      expect(pngSize(join(ROOT, 'resources', f)), f).toEqual({ w: n, h: n })
    expect(existsSync(join(ROOT, 'resources/icon.svg'))).toBe(true)
    expect(existsSync(join(ROOT, 'resources/tray.svg'))).toBe(true)
  })
})
