// A customer with something in every place personal data can sit, for the RODO tests: consents
// with a scan, a Wniosek with a portal account (credentials mailed), a complaint with a note, an
// attachment and an e-mail reply, and a failure report.
import { expect } from 'vitest'
import type { TestDesk } from './desk'
import type { SeededCustomer } from './office-seed'

export const SURNAME = 'Żółkiewska-Gęba'
export const PESEL = '90090515836'
export const EMAIL = 'lucja.zolkiewska@example.pl'
export const INVOICE_EMAIL = 'faktury.zolkiewska@example.pl'
export const PHONE = '600 100 200'

export const MINIMAL_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')
export const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 9)])

/** A settled invoice, consents with a scan, a Wniosek with an account (credentials sent), a complaint with a note, an attachment and an e-mail reply, and a failure report. */
export async function addRichHistory(desk: TestDesk, token: string, customer: SeededCustomer, extra: { scanBytes?: Buffer; payment?: { reference?: string; note?: string } } = {}) {
  const id = customer.customer.id
  await desk.call('payments.record', { customerId: id, amount: '108,00', method: 'cash', ...extra.payment }, token)
  const scan = await desk.call('consents.uploadScan', { customerId: id, fileName: `oświadczenie ${SURNAME}.pdf`, contentBase64: (extra.scanBytes ?? MINIMAL_PDF).toString('base64') }, token)
  const evidence = { signedOn: '2026-11-25', signedTime: '10:15', channel: 'paper', signerKind: 'customer' } as const
  await desk.call('consents.accept', { customerId: id, type: 'e_invoice', scope: ['invoices'], textVersion: '2024.1', email: INVOICE_EMAIL, scanId: scan.id, ...evidence }, token)
  const sms = await desk.call('consents.texts', {}, token)
  const smsVersion = sms.find((t) => t.textId === 'zgoda-sms')?.version
  if (smsVersion) await desk.call('consents.accept', { customerId: id, type: 'sms', textVersion: smsVersion, phone: PHONE, ...evidence }, token)

  const application = await desk.call(
    'registration.submit',
    {
      customerNo: customer.customer.customerNo,
      applicantName: `Łucja ${SURNAME}`,
      supplyAddress: customer.supplyAddress,
      correspondenceAddress: null,
      email: EMAIL,
      phone: PHONE,
      invoiceNo: customer.invoiceNo,
      acceptRegulamin: true,
      regulaminVersion: '2025.1',
      acceptEInvoice: false,
      acceptSms: false,
      signedOn: '2026-11-25',
    },
    token,
  )
  await desk.call('registration.createAccount', { id: application.id, delivery: 'email' }, token)
  expect(await desk.services.mail.runOnce()).toMatchObject({ sent: 1 })

  const complaint = await desk.call(
    'cases.create',
    { type: 'invoice_complaint', channel: 'counter', customerId: id, subject: 'Zawyżone zużycie', description: `Pani ${SURNAME} (tel. ${PHONE}) kwestionuje zużycie za październik.` },
    token,
  )
  await desk.call('cases.addNote', { id: complaint.id, text: `Oddzwonić na ${PHONE}` }, token)
  const withFile = await desk.call('cases.addAttachment', { id: complaint.id, fileName: `reklamacja ${SURNAME}.pdf`, contentBase64: MINIMAL_PDF.toString('base64') }, token)
  const draft = await desk.call('cases.draftReply', { id: complaint.id, templateId: 'reklamacja-nieuwzgledniona' }, token)
  const sent = await desk.call('cases.sendReply', { id: complaint.id, templateId: draft.templateId, subject: draft.subject, body: draft.body.replace(/\[\[[^\]]*\]\]/, 'wodomierz sprawny.'), channel: 'email' }, token)
  const failure = await desk.call(
    'cases.create',
    { type: 'failure', channel: 'phone', customerId: id, description: 'Przeciek przed licznikiem', location: 'ul. Partyzantów 12, piwnica', callbackPhone: PHONE, reporterName: `Łucja ${SURNAME}`, urgency: 'normal' },
    token,
  )
  await desk.call('cases.addAttachment', { id: failure.id, fileName: 'zdjęcie przecieku.jpg', contentBase64: PHOTO.toString('base64') }, token)
  return { scan, application, complaint, failure, attachment: withFile.attachments[0], reply: sent.reply }
}
