// Names of the browser-mode HTTP adapter both sides use (src-main/server/http-api.ts and the
// renderer's transports): POST /api/<operation>, the event stream, the staff session header.
export const SESSION_HEADER = 'x-staff-session'

/** The event stream (text/event-stream, one `event:`/`data:` pair per event of ./events.ts). */
export const EVENTS_PATH = '/events'
