// Operations: issued invoices — the document, PDF, duplicates, corrections, KSeF XML, delivery.
import { z } from 'zod'
import * as f from '../../validation/fields'
import type * as T from '../types'
import { noInput, returns, type OperationDef } from '../define'

export const correctionLineInput = z.object({
  name: f.requiredText('Nazwa usługi', 200),
  unit: f.requiredText('Jednostka', 20),
  quantity: z.number({ error: 'Ilość: podaj liczbę całkowitą' }).int('Ilość: podaj liczbę całkowitą').min(-1_000_000, 'Ilość: wartość za mała').max(1_000_000, 'Ilość: wartość za duża'),
  unitNet: f.amountPln('Cena jednostkowa netto', { max: 1_000_000_00 }),
  vatRate: f.vatRate('Stawka VAT'),
})

export const invoicesOperations = {
  'invoices.list': {
    summary: 'Faktury: klienta albo wszystkie, z filtrem (numer, nabywca, daty, rozliczenie, stan doręczenia)',
    access: 'clerk',
    input: z.object({
      customerId: f.uuid('Klient').nullable().optional(),
      query: z.string().max(100, 'Szukaj: najwyżej 100 znaków').nullable().optional(),
      from: f.isoDate('Wystawione od').nullable().optional(),
      to: f.isoDate('Wystawione do').nullable().optional(),
      billingRunId: f.uuid('Rozliczenie').nullable().optional(),
      delivery: z.enum(['pending', 'queued', 'sending', 'sent', 'failed', 'uncertain', 'cancelled', 'to_print', 'printed', 'none']).nullable().optional(),
      ksef: z.enum(['none', 'xml', 'number', 'delivered']).nullable().optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: returns<T.InvoiceListItem[]>(),
    writes: false,
  },
  'invoices.get': {
    summary: 'Faktura jak wystawiona: pozycje, VAT według stawek, odczyty, korekty, duplikaty, doręczenie, zapłata',
    access: 'clerk',
    input: z.object({ id: f.uuid('Faktura') }),
    output: returns<T.InvoiceView>(),
    writes: false,
  },
  'invoices.pdf': {
    summary: 'PDF faktury (podgląd oryginału)',
    access: 'clerk',
    input: z.object({ id: f.uuid('Faktura') }),
    output: returns<T.PdfDocument>(),
    writes: false,
  },
  'invoices.duplicate': {
    summary: 'Duplikat faktury (art. 106l): PDF z napisem DUPLIKAT i datą jego wystawienia; zapisany w historii faktury',
    access: 'clerk',
    input: z.object({ id: f.uuid('Faktura'), reason: f.optionalText('Powód', 300) }),
    output: returns<T.PdfDocument>(),
    writes: true,
  },
  'invoices.correct': {
    summary: 'Faktura korygująca (art. 106j): pozycje po korekcie i przyczyna; kwoty to różnica według stawek',
    access: 'supervisor',
    input: z.object({
      id: f.uuid('Faktura korygowana'),
      reason: f.requiredText('Przyczyna korekty', 500),
      lines: z.array(correctionLineInput, { error: 'Pozycje: podaj pozycje po korekcie' }).min(1, 'Pozycje: co najmniej jedna pozycja').max(50, 'Pozycje: najwyżej 50'),
      issueDate: f.isoDate('Data wystawienia korekty').nullable().optional(),
    }),
    output: returns<T.InvoiceView>(),
    writes: true,
  },
  'invoices.ksefXml': {
    summary: 'Faktura ustrukturyzowana FA(3) dla KSeF (nabywcy z NIP), jak zapisana przy wystawieniu',
    access: 'clerk',
    input: z.object({ id: f.uuid('Faktura') }),
    output: returns<T.XmlDocument>(),
    writes: false,
  },
  'invoices.recordKsefNumber': {
    summary: 'Zapisanie numeru KSeF nadanego fakturze; potem faktura (z kodem QR KSeF) jest doręczana nabywcy',
    access: 'supervisor',
    input: z.object({ id: f.uuid('Faktura'), ksefNumber: f.ksefNumber() }),
    output: returns<T.InvoiceView>(),
    writes: true,
  },
  'invoices.resend': {
    summary: 'Ponowna wysyłka faktury e-mailem na adres objęty akceptacją e-faktur',
    access: 'clerk',
    input: z.object({ id: f.uuid('Faktura') }),
    output: returns<T.InvoiceView>(),
    writes: true,
  },
  'invoices.deliverPending': {
    summary: 'Doręczenie wystawionych faktur, które nie zostały jeszcze wysłane ani dodane do druku',
    access: 'supervisor',
    input: noInput,
    output: returns<{ emailed: number; paper: number; printBatchId: string | null; awaitingKsef: number }>(),
    writes: true,
  },
  'invoices.printBatches': {
    summary: 'Paczki faktur do druku i wysyłki pocztą',
    access: 'clerk',
    input: z.object({ limit: z.number().int().min(1).max(200).default(20) }),
    output: returns<T.PrintBatchView[]>(),
    writes: false,
  },
  'invoices.printBatchPdf': {
    summary: 'PDF paczki do druku: wszystkie faktury w kolejności doręczania',
    access: 'clerk',
    input: z.object({ id: f.uuid('Paczka do druku') }),
    output: returns<T.PdfDocument>(),
    writes: false,
  },
  'invoices.markBatchPrinted': {
    summary: 'Oznaczenie paczki jako wydrukowanej',
    access: 'clerk',
    input: z.object({ id: f.uuid('Paczka do druku') }),
    output: returns<T.PrintBatchView>(),
    writes: true,
  },
} satisfies Record<string, OperationDef>
