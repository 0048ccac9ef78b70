#!/usr/bin/env node
/**
 * Redraws every app icon from the two sources in resources/ (npm run icons):
 *   resources/icon.svg → resources/icons/NxN.png (Linux set, also the 1024 master resources/icon.png),
 *                        resources/icon.icns (macOS) and resources/icon.ico (Windows);
 *   resources/tray.svg → resources/trayTemplate{,@2x}.png (macOS menu bar, black + alpha) and
 *                        resources/tray{,@2x}.png (Windows / Linux tray).
 * The results are committed, so a build never needs this script; run it after changing a source.
 * sharp renders the SVGs (each size drawn from the vector, not scaled down from a big bitmap) and
 * icon-gen writes the .icns/.ico containers. Sizes are the ones test/unit/release checks.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import icongen from 'icon-gen'

const RES = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources')
/** Linux hicolor sizes (and the 1024 master); electron-builder reads the size from each file name. */
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]
/** Windows: Explorer, taskbar and installer sizes; 256 is the largest an .ico holds. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
/** macOS: 16–512 at 1x and 2x (1024 is 512@2x). */
export const ICNS_SIZES = [16, 32, 64, 128, 256, 512, 1024]

/** Renders an SVG at exactly `size`×`size`, from the vector (density scaled to the target). */
async function render(svg, size) {
  const width = Number(/width="(\d+)"/.exec(svg.toString())?.[1] ?? 1024)
  return sharp(svg, { density: (72 * size) / width })
    .resize(size, size, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png({ compressionLevel: 9 })
    .toBuffer()
}

const icon = readFileSync(join(RES, 'icon.svg'))
mkdirSync(join(RES, 'icons'), { recursive: true })
for (const size of PNG_SIZES) writeFileSync(join(RES, 'icons', `${size}x${size}.png`), await render(icon, size))
writeFileSync(join(RES, 'icon.png'), await render(icon, 1024))
await icongen(join(RES, 'icon.svg'), RES, {
  report: false,
  ico: { name: 'icon', sizes: ICO_SIZES },
  icns: { name: 'icon', sizes: ICNS_SIZES }
})

const tray = readFileSync(join(RES, 'tray.svg'), 'utf8')
const tinted = (colour) => Buffer.from(tray.replaceAll('currentColor', colour))
for (const [name, colour] of [
  ['trayTemplate', '#000000'],
  ['tray', '#1c4aa8']
]) {
  writeFileSync(join(RES, `${name}.png`), await render(tinted(colour), 16))
  writeFileSync(join(RES, `${name}@2x.png`), await render(tinted(colour), 32))
}
console.log(`icons written to ${RES}`)
