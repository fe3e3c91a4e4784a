// @vitest-environment happy-dom
// Cases on screen: the term badge a clerk reads at a glance, and labels that say the same as the
// desk's documents and templates.
import { afterEach, describe, expect, it } from 'vitest'
import { createApp, h } from 'vue'
import type { CaseListItem } from '../../../shared/api/types'
import { CASE_CHANNEL_LABELS, CASE_CHANNELS, CASE_STATUS_LABELS, CASE_STATUSES, CASE_TYPE_INFO, CASE_TYPES, DEPARTMENT_LABELS, DEPARTMENTS, FAILURE_URGENCIES, FAILURE_URGENCY_LABELS } from '../../../shared/domain/cases'
import { addDays } from '../../../shared/domain/deadlines'
import { businessDate } from '../../../shared/domain/dates'
import CaseDeadlineBadge from '../../../src-renderer/features/cases/CaseDeadlineBadge.vue'
import { t } from '../../../src-renderer/i18n'

let host: HTMLElement
const mount = (item: Pick<CaseListItem, 'type' | 'deadline' | 'dueOn' | 'status'>) => {
  host = document.createElement('div')
  document.body.append(host)
  createApp({ render: () => h(CaseDeadlineBadge, { item, withDate: true }) }).mount(host)
  return host.querySelector('.badge')!
}
afterEach(() => host.remove())

const today = businessDate()

describe('CaseDeadlineBadge', () => {
  it('shows a complaint past its term in red with the days late', () => {
    const badge = mount({ type: 'invoice_complaint', deadline: 'overdue', dueOn: addDays(today, -3), status: 'in_progress' })
    expect(badge.textContent).toBe('3 dni po terminie')
    expect(badge.classList).toContain('badge--danger')
    expect(host.textContent).toContain(addDays(today, -3).split('-').reverse().join('.'))
  })

  it('counts the days left in Polish and warns when few remain', () => {
    expect(mount({ type: 'general', deadline: 'soon', dueOn: addDays(today, 2), status: 'new' }).textContent).toBe('zostały 2 dni')
    host.remove()
    const ok = mount({ type: 'general', deadline: 'ok', dueOn: addDays(today, 11), status: 'new' })
    expect(ok.textContent).toBe('zostało 11 dni')
    expect(ok.classList).toContain('badge--muted')
  })

  it('treats an unrouted failure as urgent at once, with no date', () => {
    const badge = mount({ type: 'failure', deadline: 'today', dueOn: today, status: 'new' })
    expect(badge.textContent).toBe('do przekazania natychmiast')
    expect(badge.classList).toContain('badge--danger')
    expect(host.querySelector('.case-deadline__date')).toBeNull()
  })
})

describe('labels', () => {
  it('name types, channels, states, departments and urgencies as the documents do', () => {
    for (const v of CASE_TYPES) expect(t(`caseType.${v}`)).toBe(CASE_TYPE_INFO[v].label)
    for (const v of CASE_CHANNELS) expect(t(`caseChannel.${v}`)).toBe(CASE_CHANNEL_LABELS[v])
    for (const v of CASE_STATUSES) expect(t(`caseStatus.${v}`)).toBe(CASE_STATUS_LABELS[v])
    for (const v of DEPARTMENTS) expect(t(`department.${v}`)).toBe(DEPARTMENT_LABELS[v])
    for (const v of FAILURE_URGENCIES) expect(t(`urgency.${v}`)).toBe(FAILURE_URGENCY_LABELS[v])
  })
})
