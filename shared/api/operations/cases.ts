// Operations: cases and failure reports (Sprawy i awarie) — registration, routing, deadlines with
// extension notices, replies from templates (e-mail or letter), attachments, the dashboard counts.
import { z } from 'zod'
import { CASE_CHANNELS, CASE_STATUSES, CASE_TYPE_INFO, CASE_TYPES, DEPARTMENTS, FAILURE_URGENCIES } from '../../domain/cases'
import * as f from '../../validation/fields'
import type * as T from '../types'
import { noInput, returns, type OperationDef } from '../define'

/** Attachments: scans and photos; a phone photo of a failure fits easily. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

const caseType = z.enum(CASE_TYPES, { error: 'Rodzaj sprawy: wybierz z listy' })
const channel = z.enum(CASE_CHANNELS, { error: 'Kanał: wybierz okienko, telefon, e-mail, list albo portal' })
const department = z.enum(DEPARTMENTS, { error: 'Dział: wybierz z listy' })
const urgency = z.enum(FAILURE_URGENCIES, { error: 'Pilność: wybierz pilna albo zwykła' })
const caseId = f.uuid('Sprawa')
const required = (label: string, path: string) => ({ code: 'custom' as const, message: `${label}: pole wymagane`, path: [path] })

/** A case as registered at the counter, from a letter or e-mail — or a failure taken on the phone. */
export const caseInput = z
  .object({
    type: caseType,
    channel,
    customerId: f.uuid('Klient').nullable().optional(),
    subject: f.optionalText('Temat', 200),
    description: f.requiredNote('Opis', 4000),
    location: f.optionalText('Miejsce', 300),
    callbackPhone: f.optionalPhone('Telefon do kontaktu'),
    reporterName: f.optionalText('Zgłaszający', 120),
    urgency: urgency.nullable().optional(),
    /** When a letter or e-mail arrived earlier than it is registered; default: today. */
    receivedOn: f.isoDate('Data wpływu').optional(),
    department: department.optional(),
    assigneeId: f.uuid('Prowadzący').nullable().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'failure') {
      // The crew needs a place and a number to call back; the caller may be no customer at all.
      if (!v.location) ctx.addIssue(required('Miejsce awarii', 'location'))
      if (!v.callbackPhone) ctx.addIssue(required('Telefon do kontaktu', 'callbackPhone'))
      if (!v.urgency) ctx.addIssue({ code: 'custom', message: 'Pilność: wybierz pilna albo zwykła', path: ['urgency'] })
    } else if (CASE_TYPE_INFO[v.type].customerRequired && !v.customerId) {
      ctx.addIssue({ code: 'custom', message: `Klient: wybierz klienta — ${CASE_TYPE_INFO[v.type].label.toLowerCase()} musi mieć klienta`, path: ['customerId'] })
    }
  })

export const casesOperations = {
  'cases.create': {
    summary: 'Nowa sprawa albo zgłoszenie awarii: numer z serii stanowiska, termin odpowiedzi liczony od dnia wpływu',
    access: 'clerk',
    input: caseInput,
    output: returns<T.CaseDetail>(),
    writes: true,
  },
  'cases.get': {
    summary: 'Sprawa: dane, termin, historia zdarzeń, załączniki, odpowiedzi',
    access: 'clerk',
    input: z.object({ id: caseId }),
    output: returns<T.CaseDetail>(),
    writes: false,
  },
  'cases.search': {
    summary: 'Lista spraw z filtrami: tekst (numer, klient, miejsce, treść), rodzaj, stan, termin, dział, klient; także zamknięte',
    access: 'clerk',
    input: z.object({
      query: z.string({ error: 'Szukaj: podaj tekst' }).max(200, 'Szukaj: najwyżej 200 znaków').optional(),
      types: z.array(caseType).max(CASE_TYPES.length).optional(),
      statuses: z.array(z.enum(CASE_STATUSES, { error: 'Stan: wybierz z listy' })).max(CASE_STATUSES.length).optional(),
      /** Deadline filters as the dashboard counts them. */
      deadline: z.enum(['overdue', 'today', 'soon', 'unrouted'], { error: 'Termin: wybierz z listy' }).optional(),
      department: department.optional(),
      customerId: f.uuid('Klient').optional(),
      limit: z.number().int().min(1).max(200).default(50),
      offset: z.number().int().min(0).default(0),
    }),
    output: returns<T.CaseSearchResult>(),
    writes: false,
  },
  'cases.dashboard': {
    summary: 'Pulpit: sprawy z terminem dziś, po terminie i nieprzekazane awarie, z liczbami',
    access: 'clerk',
    input: noInput,
    output: returns<T.CaseDashboard>(),
    writes: false,
  },
  'cases.start': {
    summary: 'Podjęcie sprawy: stan „w toku”, prowadzący — zalogowany pracownik, jeśli nikt jej nie prowadzi',
    access: 'clerk',
    input: z.object({ id: caseId }),
    output: returns<T.CaseDetail>(),
    writes: true,
  },
  'cases.assign': {
    summary: 'Przydzielenie sprawy do działu i pracownika',
    access: 'clerk',
    input: z.object({ id: caseId, department, assigneeId: f.uuid('Prowadzący').nullable(), note: f.optionalNote('Uwagi', 1000) }),
    output: returns<T.CaseDetail>(),
    writes: true,
  },
  'cases.assignees': {
    summary: 'Aktywni pracownicy, którym można przydzielić sprawę',
    access: 'clerk',
    input: noInput,
    output: returns<T.Assignee[]>(),
    writes: false,
  },
  'cases.route': {
    summary: 'Przekazanie zgłoszenia awarii ekipie: dział, uwagi, karta zgłoszenia e-mailem na adres ekipy',
    access: 'clerk',
    input: z.object({ id: caseId, department, note: f.optionalNote('Uwagi dla ekipy', 1000), sendTo: f.optionalEmail('E-mail ekipy') }),
    output: returns<T.CaseDetail>(),
    writes: true,
  },
  'cases.addNote': {
    summary: 'Notatka wewnętrzna do sprawy (klient jej nie widzi)',
    access: 'clerk',
    input: z.object({ id: caseId, text: f.requiredNote('Notatka', 4000) }),
    output: returns<T.CaseDetail>(),
    writes: true,
  },
  'cases.close': {
    summary: 'Zamknięcie sprawy z opisem rozstrzygnięcia (np. awaria usunięta, reklamacja rozpatrzona)',
    access: 'clerk',
    input: z.object({ id: caseId, resolution: f.requiredNote('Rozstrzygnięcie', 2000) }),
    output: returns<T.CaseDetail>(),
    writes: true,
  },
  'cases.reopen': {
    summary: 'Ponowne otwarcie zamkniętej sprawy z podaniem powodu',
    access: 'clerk',
    input: z.object({ id: caseId, reason: f.requiredNote('Powód', 1000) }),
    output: returns<T.CaseDetail>(),
    writes: true,
  },
  'cases.addAttachment': {
    summary: 'Załącznik do sprawy (PDF albo JPG, do 10 MB): skan pisma, zdjęcie awarii',
    access: 'clerk',
    input: z.object({ id: caseId, fileName: f.fileName('Nazwa pliku'), contentBase64: f.base64File('Załącznik', MAX_ATTACHMENT_BYTES) }),
    output: returns<T.CaseDetail>(),
    writes: true,
  },
  'cases.attachment': {
    summary: 'Pobranie załącznika sprawy',
    access: 'clerk',
    input: z.object({ id: f.uuid('Załącznik') }),
    output: returns<T.FileContent>(),
    writes: false,
  },
  'cases.templates': {
    summary: 'Wzory odpowiedzi pasujące do sprawy (odpowiedzi i zawiadomienia o przedłużeniu terminu)',
    access: 'clerk',
    input: z.object({ id: caseId }),
    output: returns<T.ReplyTemplateView[]>(),
    writes: false,
  },
  'cases.draftReply': {
    summary: 'Odpowiedź ze wzoru wypełniona danymi klienta i sprawy, do przejrzenia przed wysłaniem',
    access: 'clerk',
    input: z.object({ id: caseId, templateId: f.requiredText('Wzór', 100), newDueOn: f.isoDate('Nowy termin').optional() }),
    output: returns<T.ReplyDraft>(),
    writes: false,
  },
  'cases.sendReply': {
    summary: 'Wysłanie odpowiedzi (albo zawiadomienia o przedłużeniu terminu) e-mailem przez pocztę wychodzącą lub jako list PDF',
    access: 'clerk',
    input: z.object({
      id: caseId,
      templateId: f.requiredText('Wzór', 100),
      subject: f.requiredText('Temat', 200),
      body: f.requiredNote('Treść', 20_000),
      channel: z.enum(['email', 'letter'], { error: 'Sposób wysyłki: e-mail albo list' }),
      email: f.optionalEmail('E-mail adresata'),
      newDueOn: f.isoDate('Nowy termin').optional(),
    }),
    output: returns<T.SentReply>(),
    writes: true,
  },
  'cases.replyLetter': {
    summary: 'Pismo z odpowiedzią (PDF do koperty z okienkiem), takie jak zostało wysłane',
    access: 'clerk',
    input: z.object({ replyId: f.uuid('Odpowiedź') }),
    output: returns<T.PdfFile>(),
    writes: false,
  },
  'cases.dispatchSheet': {
    summary: 'Karta zgłoszenia awarii dla ekipy pogotowia (PDF do druku)',
    access: 'clerk',
    input: z.object({ id: caseId }),
    output: returns<T.PdfFile>(),
    writes: false,
  },
} satisfies Record<string, OperationDef>
