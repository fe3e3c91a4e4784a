// Operations: the Pulpit's counts of today's work that lives in other areas (meters, sync,
// readings, cases), each a link to the list filtered just so.
import type * as T from '../types'
import { noInput, returns, type OperationDef } from '../define'

export const dashboardOperations = {
  'dashboard.counts': {
    summary: 'Pulpit: wodomierze z legalizacją kończącą się w tym miesiącu, otwarte konflikty synchronizacji, odczyty do wyjaśnienia, sprawy z bliskim terminem',
    access: 'clerk',
    input: noInput,
    output: returns<T.DashboardCounts>(),
    writes: false,
  },
} satisfies Record<string, OperationDef>
