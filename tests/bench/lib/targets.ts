// The goals of issue 10 on this 2-core machine, by figure name. Benchmarks print figures under
// these names; the closing table puts each goal beside its figure.
export interface Target {
  value: number
  /** 'max': the figure should be at most `value`; 'min': at least. */
  kind: 'max' | 'min'
}

const atMost = (value: number): Target => ({ value, kind: 'max' })
const atLeast = (value: number): Target => ({ value, kind: 'min' })

export const TARGETS: Readonly<Record<string, Target>> = {
  'search.service.x10.p95': atMost(5),
  'search.keystroke.zamosc.p95': atMost(50),
  'search.keystroke.x10.p95': atMost(50),
  'card.open.p95': atMost(20),
  'billing.run.zamosc': atMost(10),
  'pdf.invoice.both-cores': atLeast(200),
  'mail.outbox': atLeast(300),
  'sync.snapshot.zamosc': atMost(60),
  'sync.propagation.p95': atMost(2000),
  'web.start-to-login.median': atMost(1500),
  'bundle.main.gzip': atMost(300),
}
