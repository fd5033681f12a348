import type { Generated } from 'kysely';

export interface TicketTable {
  id: string;
  hall_id: string;
  category_id: string;
  service_day: string;
  seq: number;
  number: string;
  kind: string;
  priority: string | null;
  status: string;
  /** Index of the issuing period it was taken in, for per-period quotas. */
  period_index: number | null;
  issued_at: number;
  /** Position key in the queue: the original arrival time, moved only by 过号重排. */
  sort_key: number;
  /** Transferred to one window (转窗): only that window calls it, first. */
  target_window_id: string | null;
  window_id: string | null;
  called_at: number | null;
  first_called_at: number | null;
  serving_at: number | null;
  finished_at: number | null;
  recall_count: number;
  id_hash: string | null;
  id_last4: string | null;
  phone_last4: string | null;
  matter_id: string | null;
  device_id: string | null;
  appointment_slot_start: number | null;
  closed_reason: string | null;
  /** A pickup ticket (综窗出件): the case whose result it collects. */
  case_id: string | null;
  /** sha256 of the ticket's secret (printed in its QR); null for tickets from before it existed. */
  key_hash: string | null;
  /** 一件事: taken for this bundle (migration 015). */
  bundle_id: Generated<string | null>;
}

/** Append-only: every step of every ticket, never updated. */
export interface TicketEventTable {
  id: Generated<number>;
  ticket_id: string;
  hall_id: string;
  type: string;
  window_id: string | null;
  staff_id: string | null;
  data: string | null;
  at: number;
}

export interface NumberCounterTable {
  hall_id: string;
  category_id: string;
  service_day: string;
  last_seq: number;
  /** The category's tickets of that day now waiting (migration 018), kept with every status change (services/queue.ts). */
  waiting: Generated<number>;
  /** The category's tickets of that day served or 过号 after a call, and their summed window time in ms (migration 022), kept likewise. */
  served: Generated<number>;
  served_ms: Generated<number>;
}

export interface WindowEventTable {
  id: Generated<number>;
  window_id: string;
  hall_id: string;
  status: string;
  staff_id: string | null;
  reason: string | null;
  at: number;
}
