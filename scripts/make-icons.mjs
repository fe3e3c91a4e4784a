// Draws the app icon (a white water drop on the utility's blue, rounded square) without any image
// library, and writes what the packager needs: resources/icons/icon.png (512×512, Linux) and
// icon.ico (Windows: 256, 48, 32 and 16 px, PNG-compressed entries). Deterministic: run it again
// after changing the drawing, commit the files. `node scripts/make-icons.mjs`
import { deflateSync, crc32 } from 'node:zlib'
import { writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'

const OUT = join(import.meta.dirname, '..', 'resources', 'icons')
const BLUE = [0x0b, 0x5c, 0xad]
const WHITE = [0xff, 0xff, 0xff]

/** Coverage (0..1) of a pixel by a shape given as an inside(x, y) test, 4×4 supersampled. */
function coverage(inside, px, py) {
  let n = 0
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inside(px + (i + 0.5) / 4, py + (j + 0.5) / 4)) n++
  return n / 16
}

function draw(size) {
  const s = size
  const r = s * 0.18
  const square = (x, y) => {
    const dx = Math.max(r - x, 0, x - (s - r))
    const dy = Math.max(r - y, 0, y - (s - r))
    return dx * dx + dy * dy <= r * r
  }
  // The drop: a circle at the bottom and a point above it, joined by the circle's tangents.
  const cx = s / 2
  const cy = s * 0.6
  const cr = s * 0.22
  const tipY = s * 0.16
  const drop = (x, y) => {
    if ((x - cx) ** 2 + (y - cy) ** 2 <= cr * cr) return true
    if (y < tipY || y > cy) return false
    const d = cy - tipY
    const half = (cr * (y - tipY)) / d / Math.sqrt(1 - (cr / d) ** 2) // width of the tangent cone at y
    return Math.abs(x - cx) <= Math.min(half, cr)
  }
  const rgba = Buffer.alloc(s * s * 4)
  for (let y = 0; y < s; y++) {
    for (let x = 0; x < s; x++) {
      const a = coverage(square, x, y)
      const w = coverage(drop, x, y)
      const o = (y * s + x) * 4
      for (let c = 0; c < 3; c++) rgba[o + c] = Math.round(BLUE[c] * (1 - w) + WHITE[c] * w)
      rgba[o + 3] = Math.round(255 * a)
    }
  }
  return rgba
}

function png(size) {
  const rgba = draw(size)
  const rows = Buffer.alloc((size * 4 + 1) * size)
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  const chunk = (type, data) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([len, body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}

function ico(sizes) {
  const images = sizes.map(png)
  const header = Buffer.alloc(6 + 16 * sizes.length)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2) // icon
  header.writeUInt16LE(sizes.length, 4)
  let offset = header.length
  sizes.forEach((size, i) => {
    const e = 6 + 16 * i
    header[e] = size >= 256 ? 0 : size
    header[e + 1] = size >= 256 ? 0 : size
    header.writeUInt16LE(1, e + 4) // planes
    header.writeUInt16LE(32, e + 6) // bits per pixel
    header.writeUInt32LE(images[i].length, e + 8)
    header.writeUInt32LE(offset, e + 12)
    offset += images[i].length
  })
  return Buffer.concat([header, ...images])
}

mkdirSync(OUT, { recursive: true })
writeFileSync(join(OUT, 'icon.png'), png(512))
writeFileSync(join(OUT, 'icon.ico'), ico([256, 48, 32, 16]))
console.log(`icons written to ${OUT}`)
