// Photos with a failure report: the type comes from the bytes (JPEG, PNG — nothing else, whatever
// the name says), at most three of at most 5 MB, empty file inputs skipped, and the stored name is
// one the desk can save, with the type's extension.
import { describe, expect, it } from 'vitest'
import { checkPhotos, MAX_PHOTO_BYTES, photoType } from '../../src-main/portal/uploads'

const bytes = (...head: number[]) => {
  const b = Buffer.alloc(64, 0)
  b.set(head)
  return b
}
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe1)
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)
const file = (data: Uint8Array, name: string, type = 'image/jpeg') => new File([data], name, { type })

describe('photoType', () => {
  it('knows JPEG and PNG by their first bytes and nothing else', () => {
    expect(photoType(JPEG)).toBe('image/jpeg')
    expect(photoType(PNG)).toBe('image/png')
    expect(photoType(Buffer.from('GIF89a'))).toBeNull()
    expect(photoType(Buffer.from('%PDF-1.7'))).toBeNull()
    // HEIC: an ISO box "ftypheic" — refused (the desks' browsers cannot show it).
    expect(photoType(Buffer.from('\0\0\0\x18ftypheic'))).toBeNull()
    expect(photoType(PNG.subarray(0, 7))).toBeNull()
    expect(photoType(new Uint8Array(0))).toBeNull()
  })
})

describe('checkPhotos', () => {
  it('skips empty inputs, keeps names the desk can save and gives them the type’s extension', async () => {
    const photos = await checkPhotos([file(JPEG, 'C:\\Users\\ja\\IMG 0001.JPG'), file(PNG, 'szkic'), file(new Uint8Array(0), '', 'application/octet-stream'), file(JPEG, 'a<b>:"|?*.jpeg')])
    expect(photos.map((p) => [p.fileName, p.mimeType])).toEqual([
      ['IMG 0001.JPG', 'image/jpeg'],
      ['szkic.png', 'image/png'],
      ['a_b______.jpeg', 'image/jpeg'],
    ])
  })

  it('refuses a renamed file, an empty named file, a photo over 5 MB and a fourth photo, each with a Polish message', async () => {
    await expect(checkPhotos([file(Buffer.from('MZ\x90\0'), 'zdjecie.jpg')])).rejects.toThrow('Zdjęcie „zdjecie.jpg”: dozwolone są tylko zdjęcia JPG i PNG')
    await expect(checkPhotos([file(new Uint8Array(0), 'pusty.jpg')])).rejects.toThrow('Zdjęcie „pusty.jpg”: plik jest pusty.')
    const big = Buffer.alloc(MAX_PHOTO_BYTES + 1, 0)
    big.set([0xff, 0xd8, 0xff])
    await expect(checkPhotos([file(big, 'duze.jpg')])).rejects.toThrow('Zdjęcie „duze.jpg”: najwyżej 5 MB.')
    await expect(checkPhotos([1, 2, 3, 4].map((i) => file(JPEG, `${i}.jpg`)))).rejects.toThrow('Zdjęcia: najwyżej 3.')
  })
})
