/** Printer states as the server reports them (printer_states, `printer` events, /api/devices/me). */
export const PRINTER_STATES = ['ok', 'paper_near_end', 'paper_out', 'cover_open', 'offline', 'error', 'unknown', 'unreachable'] as const;

/** States in which nothing prints: the job waits in the spool until someone fixes the printer. */
const CANNOT_PRINT = new Set(['paper_out', 'cover_open', 'offline', 'error', 'unreachable']);

export const cannotPrint = (state: string | null | undefined): boolean => !!state && CANNOT_PRINT.has(state);

/** How a state looks: `bad` stops printing, `warn` still prints (paper near its end), `ok`, or `none` (never checked). */
export function printerSeverity(state: string | null | undefined): 'ok' | 'warn' | 'bad' | 'none' {
  if (cannotPrint(state)) return 'bad';
  if (state === 'paper_near_end') return 'warn';
  if (state === 'ok') return 'ok';
  return 'none';
}

/** The i18n key of a state's name; an unknown new state reads as "unknown". */
export const printerStateKey = (state: string | null | undefined): string =>
  `printer.state.${(PRINTER_STATES as readonly string[]).includes(state ?? '') ? state : 'unknown'}`;
