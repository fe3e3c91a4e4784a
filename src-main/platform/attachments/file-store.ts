// The desk's file store: scans of signed forms, mail attachments, letters. Files are
// content-addressed — dataDir/attachments/<sha256> — so a file's name is its own integrity
// check, storing the same bytes twice is harmless, and a rolled-back transaction leaves at most
// an unreferenced file, never a row pointing at nothing. Safe from worker threads too (the PDF
// workers store the invoices they draw): every write has a temporary file of its own.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { threadId } from 'node:worker_threads'
import { ApiError } from '../../../shared/api/errors'

export type StoredContentType = 'application/pdf' | 'image/jpeg'

export interface StoredFile {
  sha256: string
  bytes: number
}

const dirOf = (dataDir: string) => join(dataDir, 'attachments')

export const sha256Hex = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex')

let writes = 0

/** Where the bytes go; `temp` null when the store has them already. */
function placeOf(dataDir: string, data: Uint8Array): { sha256: string; dir: string; target: string; temp: string | null } {
  const sha256 = sha256Hex(data)
  const dir = dirOf(dataDir)
  const target = join(dir, sha256)
  // Per process, thread and write: two writes of the same bytes never share a temporary file.
  return { sha256, dir, target, temp: existsSync(target) ? null : `${target}.${process.pid}.${threadId}.${++writes}.tmp` }
}

/** Writes bytes to the store (atomically: temp file + rename) and returns their address. */
export function putFile(dataDir: string, data: Uint8Array): StoredFile {
  const { sha256, dir, target, temp } = placeOf(dataDir, data)
  if (temp) {
    mkdirSync(dir, { recursive: true })
    writeFileSync(temp, data)
    renameSync(temp, target)
  }
  return { sha256, bytes: data.length }
}

/**
 * putFile() without blocking the thread: a thread with more to do meanwhile (a PDF worker draws the
 * next invoice) leaves the file's creation — slow on some disks, ~0.5 ms — to libuv's I/O threads.
 * Resolves once the file is in the store.
 */
export async function putFileAsync(dataDir: string, data: Uint8Array): Promise<StoredFile> {
  const { sha256, dir, target, temp } = placeOf(dataDir, data)
  if (temp) {
    await mkdir(dir, { recursive: true })
    await writeFile(temp, data)
    await rename(temp, target)
  }
  return { sha256, bytes: data.length }
}

/** Whether the store holds a file with this address (a reference about to be written must). */
export function hasFile(dataDir: string, file: StoredFile): boolean {
  return /^[0-9a-f]{64}$/.test(file.sha256) && existsSync(join(dirOf(dataDir), file.sha256))
}

/** Reads a stored file back and checks it is still the file that was stored. */
export function readStoredFile(dataDir: string, sha256: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new ApiError('NOT_FOUND', 'Plik: niepoprawny identyfikator')
  const path = join(dirOf(dataDir), sha256)
  if (!existsSync(path)) throw new ApiError('NOT_FOUND', 'Plik nie istnieje w magazynie dokumentów tego stanowiska')
  const data = readFileSync(path)
  if (sha256Hex(data) !== sha256) {
    throw new ApiError('CONFLICT', 'Plik w magazynie dokumentów jest uszkodzony (suma kontrolna się nie zgadza) — przywróć go z kopii zapasowej')
  }
  return data
}

/** The file's real type from its first bytes (not from its name): PDF or JPEG, else null. */
export function sniffContentType(data: Uint8Array): StoredContentType | null {
  if (data.length >= 5 && data[0] === 0x25 && data[1] === 0x50 && data[2] === 0x44 && data[3] === 0x46 && data[4] === 0x2d) return 'application/pdf' // %PDF-
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg'
  return null
}
