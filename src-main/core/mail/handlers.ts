import { and, count, desc, eq, inArray, ne, type SQL } from 'drizzle-orm'
import { ApiError } from '../../../shared/api/errors'
import type { MailOutboxStatus, MailState } from '../../../shared/api/types'
import { formatDateTime } from '../../../shared/domain/dates'
import { mails } from '../../db/schema'
import type { Services } from '../services'
import { staffOf, type HandlersOf } from '../calls'
import { createOutboxActions, listMails, mailAttachment, mailDetail, queueMail } from './outbox'
import { readSmtpConfig, smtpSettingsView, writeSmtpSettings } from './settings'

const polishPlural = new Intl.PluralRules('pl-PL')
const plural = (n: number, one: string, few: string, many: string) => ({ one, few, many })[polishPlural.select(n) as 'one' | 'few' | 'many'] ?? many

export function outboxStatus(s: Services): MailOutboxStatus {
  const orm = s.db.orm
  const config = readSmtpConfig(orm)
  // What waits is this desk's to send; what failed or needs a decision is anyone's to handle —
  // the outbox lists every desk's mail, and the top bar must not say "wysłano" next to it.
  const countByState = (where: SQL | undefined) =>
    Object.fromEntries(
      orm
        .select({ state: mails.state, n: count() })
        .from(mails)
        .where(and(where, ne(mails.state, 'sent'), ne(mails.state, 'cancelled')))
        .groupBy(mails.state)
        .all()
        .map((r) => [r.state, r.n]),
    ) as Partial<Record<MailState, number>>
  const own = countByState(eq(mails.stationCode, s.stationCode()))
  const anywhere = countByState(inArray(mails.state, ['failed', 'uncertain']))
  const byState = { ...own, failed: anywhere.failed, uncertain: anywhere.uncertain }
  const lastSent = orm.select({ at: mails.sentAt }).from(mails).where(eq(mails.state, 'sent')).orderBy(desc(mails.sentAt)).limit(1).get()
  const queued = byState.queued ?? 0
  const failed = byState.failed ?? 0
  const uncertain = byState.uncertain ?? 0
  const problem = s.mail.serverProblem()
  const configured = Boolean(config?.enabled)
  const parts: string[] = []
  if (!config) parts.push('nie skonfigurowano serwera')
  else if (!config.enabled) parts.push('wysyłka wstrzymana')
  if (queued) parts.push(`${queued} ${plural(queued, 'wiadomość czeka', 'wiadomości czekają', 'wiadomości czeka')}`)
  if (failed) parts.push(`${failed} ${plural(failed, 'nieudana', 'nieudane', 'nieudanych')}`)
  if (uncertain) parts.push(`${uncertain} do decyzji`)
  if (problem) parts.push(`serwer: ${problem.message}; kolejna próba ${formatDateTime(problem.nextTryAt)}`)
  return {
    configured,
    paused: Boolean(config && !config.enabled),
    queued,
    failed,
    uncertain,
    sending: byState.sending ?? 0,
    lastSentAt: lastSent?.at ?? null,
    serverProblem: problem,
    summary: `Poczta: ${parts.length ? parts.join(' · ') : 'wszystko wysłane'}`,
  }
}

export function mailHandlers(s: Services): HandlersOf<'mail'> {
  const actions = createOutboxActions(s)
  return {
    'mail.status': () => outboxStatus(s),
    'mail.list': (input) => listMails(s.db.orm, input),
    'mail.get': (input) => mailDetail(s.db.orm, input.id),
    'mail.attachment': (input) => mailAttachment(s, input.id, input.index),
    'mail.resend': (input, call) => actions.resend(staffOf(call).staffId, input.id),
    'mail.resolveUncertain': (input, call) => actions.resolveUncertain(staffOf(call).staffId, input.id, input.decision, input.note),
    'mail.cancel': (input, call) => actions.cancel(staffOf(call).staffId, input.id, input.note),
    'mail.getSettings': () => smtpSettingsView(readSmtpConfig(s.db.orm)),
    'mail.updateSettings': (input, call) => {
      const existing = readSmtpConfig(s.db.orm)
      if (input.username && input.password === undefined && !existing?.password) {
        throw new ApiError('VALIDATION', 'Hasło do serwera: podaj hasło do konta pocztowego', 'password')
      }
      s.db.write({ staffId: staffOf(call).staffId, stationCode: s.stationCode(), operation: 'mail.updateSettings' }, (tx) => writeSmtpSettings(tx, input))
      s.mail.wake()
      return smtpSettingsView(readSmtpConfig(s.db.orm))
    },
    'mail.sendTest': async (input, call) => {
      const config = readSmtpConfig(s.db.orm)
      if (!config) throw new ApiError('CONFLICT', 'Najpierw zapisz ustawienia serwera poczty')
      const office = s.office()
      const staffId = staffOf(call).staffId
      const when = formatDateTime(s.now().toISOString())
      const mail = s.db.write({ staffId, stationCode: s.stationCode(), operation: 'mail.sendTest' }, (tx) =>
        queueMail(
          s,
          tx,
          {
            kind: 'test',
            to: input.to,
            subject: `Wiadomość próbna — ${office?.name ?? 'ibok-desk'}`,
            text: `Dzień dobry,\n\nto jest wiadomość próbna wysłana ${when} ze stanowiska ${office?.stationName ?? s.stationCode()} programu obsługi klienta.\nJeżeli ją widać, ustawienia poczty wychodzącej są poprawne: serwer ${config.host}:${config.port}, nadawca ${config.fromAddress}.\n\nZażółć gęślą jaźń — polskie znaki powinny wyglądać poprawnie.`,
          },
          staffId,
          'sending',
        ),
      )
      await s.mail.sendClaimed(mail.id)
      return mailDetail(s.db.orm, mail.id)
    },
  }
}
