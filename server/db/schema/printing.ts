import type { Generated } from 'kysely';

export interface PrintJobTable {
  id: string;
  hall_id: string;
  /** ticket | pickup_slip */
  kind: string;
  ticket_id: string | null;
  case_id: string | null;
  device_id: string | null;
  window_id: string | null;
  printer_uri: string;
  /** The exact ESC/POS bytes, rendered when the job was queued. */
  payload: Uint8Array;
  /** pending → sent → done (the printer confirmed after the bytes); or failed after the last retry. */
  status: string;
  /** Copies whose bytes may have reached the printer unconfirmed: the next one prints marked 补打. */
  copies_sent: Generated<number>;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  reprint_of: string | null;
  created_at: number;
  sent_at: number | null;
  finished_at: number | null;
}

export interface PrinterStateTable {
  printer_uri: string;
  hall_id: string;
  device_id: string | null;
  window_id: string | null;
  /** ok | paper_out | cover_open | offline | error | unknown | unreachable */
  state: string;
  /** JSON: the decoded PrinterStatus, or the error. */
  detail: string;
  checked_at: number;
}
