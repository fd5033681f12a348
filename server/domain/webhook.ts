import crypto from 'node:crypto';

/**
 * Webhooks: the rules without I/O. A hall's receiver (its SMS gateway, 政务微信 bot) is sent a
 * signed JSON body per event; the signature covers a timestamp so a captured request cannot be
 * replayed later (the receiver refuses timestamps older than a few minutes).
 */
export const WEBHOOK_EVENTS = ['called', 'ready_to_collect', 'appointment_tomorrow', 'bad_rating'] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

export const SIGNATURE_HEADER = 'x-hallq-signature';
export const TIMESTAMP_HEADER = 'x-hallq-timestamp';

/** `sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>.<body>"), timestamp in Unix seconds. */
export function signBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (README shows the same in a few lines): constant-time compare, fresh timestamp. */
export function verifySignature(secret: string, timestamp: number, body: string, signature: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  if (!Number.isFinite(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const want = Buffer.from(signBody(secret, timestamp, body));
  const got = Buffer.from(signature);
  return want.length === got.length && crypto.timingSafeEqual(want, got);
}

/** Tries before a delivery is given up as failed; with the backoff below, about 17 hours in all. */
export const MAX_ATTEMPTS = 10;
const BASE_MS = 30_000;
const CAP_MS = 4 * 3600_000;

/** Wait before try `attempts + 1`: 30 s, 1 min, 2 min … doubling, at most 4 h. */
export const retryDelayMs = (attempts: number): number => Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));

/** Only http and https receivers: a `file:` or `gopher:` URL is never fetched. Returns why not, or null. */
export function webhookUrlProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '不是有效的网址';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return '只支持 http 或 https 网址';
  if (u.username || u.password) return '网址中不能含用户名或密码，请用签名密钥';
  return null;
}

/** 138****5678: enough for a gateway to match its own record, never the whole number. */
export const maskTail = (last4: string | null | undefined): string | null => (last4 ? `****${last4}` : null);
