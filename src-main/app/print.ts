// Printing and saving PDFs produced by src-main/documents, asked for by the page over the PDF
// channel (./ipc.ts: sender checked, bytes and name validated by ./security.ts first).
// Printing goes through the system PDF viewer: Chromium's webContents.print() of a PDF renders
// blank pages in many Electron versions, and the viewer's dialog is the one clerks know.
import { dialog, shell, type BrowserWindow } from 'electron'
import { writeFile } from 'node:fs/promises'
import { PRINT_FILE_TTL_MS, PrintFiles } from './print-files'
import { safePdfName as safeName } from './security'

/** The temp files of printing: personal data, removed after use (./print-files.ts). */
export const printFiles = new PrintFiles()

/** Asks where to save (system save dialog); returns the path, or null when the clerk cancelled. */
export async function savePdfWithDialog(parent: BrowserWindow | null, pdf: Uint8Array, suggestedName: string): Promise<string | null> {
  const options = { defaultPath: safeName(suggestedName), filters: [{ name: 'Dokument PDF', extensions: ['pdf'] }] }
  const { canceled, filePath } = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options)
  if (canceled || !filePath) return null
  await writeFile(filePath, pdf)
  return filePath
}

/** Opens the PDF in the system viewer, from which the clerk prints (with its print dialog). */
export async function openPdfForPrinting(pdf: Uint8Array, name: string): Promise<void> {
  const file = await printFiles.write(pdf, safeName(name))
  // The viewer loads the file when it opens; the folder goes once it has had the time to.
  setTimeout(() => printFiles.sweep(), PRINT_FILE_TTL_MS + 1000).unref()
  const error = await shell.openPath(file)
  if (error) {
    printFiles.sweep(true)
    throw new Error(`Nie udało się otworzyć dokumentu do druku: ${error}`)
  }
}
