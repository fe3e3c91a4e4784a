// The desk's file store: scans of signed forms, mail attachments, letters. Files are
// content-addressed — dataDir/attachments/<sha256> — so a file's name is its own integrity
// check, storing the same bytes twice is harmless, and a rolled-back transaction leaves at most
// an unreferenced file, never a row pointing at nothing. Safe from worker threads too (the PDF
// workers store the invoices they draw): each thread writes its own temporary file.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
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

/** Writes bytes to the store (atomically: temp file + rename) and returns their address. */
export function putFile(dataDir: string, data: Uint8Array): StoredFile {
  const sha256 = sha256Hex(data)
  const dir = dirOf(dataDir)
  const target = join(dir, sha256)
  if (!existsSync(target)) {
    mkdirSync(dir, { recursive: true })
    // Per process and thread: two threads storing the same bytes never share a temporary file.
    const temp = `${target}.${process.pid}.${threadId}.tmp`
    writeFileSync(temp, data)
    renameSync(temp, target)
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
