// Photos with a failure report: the one multipart form of the portal. The body is read up to a
// hard cap (the photos' limits plus the text fields) and parsed by Node's own fetch machinery
// (undici's FormData parser), never by hand. A photo is what its bytes say it is — JPEG or PNG —
// whatever its name or the browser's claimed type; a renamed file of another kind is refused.
import type { IncomingMessage } from 'node:http'
import { ApiError } from '../../shared/api/errors'
import { fileName as fileNameRule } from '../../shared/validation/fields'

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024
export const MAX_PHOTOS = 3
/** The photos at their limits plus generous room for the text fields and the multipart framing. */
export const MAX_MULTIPART_BODY = MAX_PHOTOS * MAX_PHOTO_BYTES + 64 * 1024

export type PhotoType = 'image/jpeg' | 'image/png'

export interface Photo {
  fileName: string
  mimeType: PhotoType
  data: Buffer
}

export const TOO_LARGE = `Zdjęcia: najwyżej ${MAX_PHOTOS} pliki po ${MAX_PHOTO_BYTES / 1024 / 1024} MB.`

/** The real type from the first bytes: JPEG (FF D8 FF) or PNG (its 8-byte signature), else null. */
export function photoType(data: Uint8Array): PhotoType | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg'
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  if (data.length >= 8 && png.every((b, i) => data[i] === b)) return 'image/png'
  return null
}

export const isMultipart = (req: IncomingMessage): boolean => String(req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data')

/**
 * Reads a multipart body: the text fields as a form, the file parts as they came. A body over the
 * cap is read to its end (so the browser gets the answer instead of a reset connection) up to four
 * times the cap, then the connection is dropped; either way it is refused with a Polish message.
 */
export async function readMultipart(req: IncomingMessage, cap = MAX_MULTIPART_BODY): Promise<{ form: URLSearchParams; files: File[] }> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > 4 * cap) {
      req.destroy()
      break
    }
    if (size <= cap) chunks.push(chunk as Buffer)
  }
  if (size > cap) throw new ApiError('VALIDATION', TOO_LARGE)
  let parsed: FormData
  try {
    parsed = await new Request('http://portal.invalid/', { method: 'POST', headers: { 'content-type': String(req.headers['content-type']) }, body: Buffer.concat(chunks) }).formData()
  } catch {
    throw new ApiError('VALIDATION', 'Nie udało się odczytać formularza — wyślij go ponownie.')
  }
  const form = new URLSearchParams()
  const files: File[] = []
  for (const [name, value] of parsed.entries()) {
    if (typeof value === 'string') form.append(name, value)
    else files.push(value)
  }
  return { form, files }
}

/** A name the desk can save: the browser's base name without forbidden characters, with the type's extension. */
function safeName(name: string, type: PhotoType, n: number): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .replace(/[\\/:*?"<>|\p{Cc}\p{Cf}\u2028\u2029]/gu, '_')
    .trim()
    .slice(0, 120)
  const extensions = type === 'image/png' ? ['png'] : ['jpg', 'jpeg']
  const named = base && base !== '.' && base !== '..' ? base : `zdjecie-${n}`
  const withExt = extensions.includes(named.split('.').pop()?.toLowerCase() ?? '') ? named : `${named}.${extensions[0]}`
  return fileNameRule().safeParse(withExt).success ? withExt : `zdjecie-${n}.${extensions[0]}`
}

/**
 * The photos of the form (field `photos`): empty file inputs are skipped; each must be a JPEG or a
 * PNG by its bytes and at most 5 MB, and there are at most three.
 */
export async function checkPhotos(files: File[]): Promise<Photo[]> {
  const chosen = files.filter((f) => f.size > 0 || f.name !== '')
  if (chosen.length > MAX_PHOTOS) throw new ApiError('VALIDATION', `Zdjęcia: najwyżej ${MAX_PHOTOS}.`, 'photos')
  const photos: Photo[] = []
  for (const [i, file] of chosen.entries()) {
    const label = `Zdjęcie „${file.name || i + 1}”`
    if (file.size === 0) throw new ApiError('VALIDATION', `${label}: plik jest pusty.`, 'photos')
    if (file.size > MAX_PHOTO_BYTES) throw new ApiError('VALIDATION', `${label}: najwyżej ${MAX_PHOTO_BYTES / 1024 / 1024} MB.`, 'photos')
    const data = Buffer.from(await file.arrayBuffer())
    const type = photoType(data)
    if (!type) throw new ApiError('VALIDATION', `${label}: dozwolone są tylko zdjęcia JPG i PNG (zdjęcie z iPhone’a w formacie HEIC zapisz jako JPG).`, 'photos')
    photos.push({ fileName: safeName(file.name, type, i + 1), mimeType: type, data })
  }
  return photos
}
