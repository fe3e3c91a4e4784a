// How long a desk keeps its automatic backups: one a day at most, the newest N kept. Data erased
// on a RODO request leaves the backups when the last copy taken before the erasure is pruned.

/** Automatic backups kept per desk (taken at most once a day, so N days of the desk's work). */
export const BACKUPS_KEPT = 14
