// Files that operations of several domains return: a PDF, an XML, a stored file's content.
export interface PdfDocument {
  fileName: string
  pdfBase64: string
  pages: number
}

export interface XmlDocument {
  fileName: string
  xml: string
}

export interface PdfFile {
  fileName: string
  pdfBase64: string
}

export interface FileContent {
  fileName: string
  mimeType: string
  contentBase64: string
}
