// Operations: settlements — payments at the counter, bank statement import, balance, statement of account.
import { z } from 'zod'
import * as f from '../../validation/fields'
import type * as T from '../types'
import { returns, type OperationDef } from '../define'

/** Bank statement files: at most 5 MB (a month of a utility's transfers is far less). */
export const STATEMENT_MAX_BYTES = 5 * 1024 * 1024

export const paymentsOperations = {
  'payments.settlement': {
    summary: 'Rozliczenia klienta: saldo, zaległości, nadpłata, otwarte faktury, wpłaty z rozliczeniem, historia salda',
    access: 'clerk',
    input: z.object({ customerId: f.uuid('Klient') }),
    output: returns<T.SettlementView>(),
    writes: false,
  },
  'payments.record': {
    summary: 'Wpłata w kasie (gotówka, karta) albo przelew wpisany ręcznie; rozlicza najstarsze należności',
    access: 'clerk',
    input: z.object({
      customerId: f.uuid('Klient'),
      amount: f.amountPln('Kwota wpłaty', { min: 1, max: 1_000_000_00 }),
      method: z.enum(['cash', 'card', 'bank'], { error: 'Forma wpłaty: wybierz gotówkę, kartę albo przelew' }),
      /** Default: today. */
      paidOn: f.isoDate('Data wpłaty').nullable().optional(),
      reference: f.optionalText('Numer dowodu / tytuł', 100),
      note: f.optionalText('Uwagi', 300),
    }),
    output: returns<{ paymentId: string; receiptNo: string | null; settlement: T.SettlementView }>(),
    writes: true,
  },
  'payments.reverse': {
    summary: 'Storno błędnie wpisanej wpłaty (nowy zapis z kwotą przeciwną; nic nie jest usuwane)',
    access: 'supervisor',
    input: z.object({ id: f.uuid('Wpłata'), reason: f.requiredText('Powód storna', 300) }),
    output: returns<T.SettlementView>(),
    writes: true,
  },
  'payments.statementPdf': {
    summary: 'Wydruk: zestawienie rozliczeń (saldo, otwarte faktury, historia) na dziś',
    access: 'clerk',
    input: z.object({ customerId: f.uuid('Klient'), from: f.isoDate('Historia od').nullable().optional() }),
    output: returns<T.PdfDocument>(),
    writes: false,
  },
  'payments.receiptPdf': {
    summary: 'Potwierdzenie wpłaty w kasie (KP) do wydruku',
    access: 'clerk',
    input: z.object({ id: f.uuid('Wpłata') }),
    output: returns<T.PdfDocument>(),
    writes: false,
  },
  'payments.importStatement': {
    summary: 'Import wyciągu bankowego (CSV albo MT940): wpłaty dopasowane po indywidualnym rachunku; błędny plik odrzucony w całości z numerem wiersza',
    access: 'supervisor',
    input: z.object({
      fileName: f.fileName('Plik wyciągu'),
      contentBase64: f.base64File('Plik wyciągu', STATEMENT_MAX_BYTES),
      /** A preview parses and matches, and writes nothing. */
      preview: z.boolean().default(false),
    }),
    output: returns<T.BankImportResult>(),
    writes: true,
  },
  'payments.unmatched': {
    summary: 'Przelewy z wyciągów, których nie dopasowano do klienta',
    access: 'supervisor',
    input: z.object({ limit: z.number().int().min(1).max(500).default(100) }),
    output: returns<T.UnmatchedTransferView[]>(),
    writes: false,
  },
  'payments.assignTransfer': {
    summary: 'Przypisanie niedopasowanego przelewu do klienta (powstaje wpłata)',
    access: 'supervisor',
    input: z.object({ transferId: f.uuid('Przelew'), customerId: f.uuid('Klient'), note: f.optionalText('Uwagi', 300) }),
    output: returns<T.SettlementView>(),
    writes: true,
  },
  'payments.ignoreTransfer': {
    summary: 'Oznaczenie przelewu z wyciągu jako niedotyczącego wpłat klientów (np. zwrot, odsetki)',
    access: 'supervisor',
    input: z.object({ transferId: f.uuid('Przelew'), reason: f.requiredText('Powód', 300) }),
    output: returns<{ ok: true }>(),
    writes: true,
  },
} satisfies Record<string, OperationDef>
