// The goals on this 2-core machine, by figure name (issue 10, raised by issue 19). Benchmarks print
// figures under these names; the closing table puts each goal beside its figure.
export interface Target {
  value: number
  /** 'max': the figure should be at most `value`; 'min': at least. */
  kind: 'max' | 'min'
}

const atMost = (value: number): Target => ({ value, kind: 'max' })
const atLeast = (value: number): Target => ({ value, kind: 'min' })

export const TARGETS: Readonly<Record<string, Target>> = {
  'search.service.x10.p95': atMost(2),
  'search.keystroke.zamosc.p95': atMost(20),
  'search.keystroke.x10.p95': atMost(20),
  'card.open.p95': atMost(10),
  'billing.run.zamosc': atMost(10),
  'pdf.invoice.both-cores': atLeast(300),
  'mail.outbox': atLeast(300),
  'sync.snapshot.zamosc': atMost(30),
  'sync.propagation.p95': atMost(2000),
  'web.start-to-login.median': atMost(1000),
  'web.memory.after-50-cards': atMost(15),
  'web.memory.desk-rss.after-50-cards': atMost(300),
  'bundle.main.gzip': atMost(150),
  'bundle.lazy.largest': atMost(250),
}
