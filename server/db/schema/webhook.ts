/** Webhooks (migration 017); times are ms since the epoch. */
export interface WebhookTable {
  id: string;
  hall_id: string;
  url: string;
  secret: string;
  /** JSON WebhookEventName[]. */
  events: string;
  active: number;
  created_at: number;
}

/** One event for one receiver: the durable outbox and, kept after delivery, the delivery log. */
export interface WebhookOutboxTable {
  id: string;
  hall_id: string;
  webhook_id: string;
  event: string;
  body: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: number;
  created_at: number;
  delivered_at: number | null;
  last_status: number | null;
  last_error: string | null;
  dedupe_key: string | null;
}

export interface WebhookAttemptTable {
  id: string;
  outbox_id: string;
  at: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}
