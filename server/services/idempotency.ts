import { advisoryXactLock, type Trx } from '../db/index.ts';

/** Idempotency-Key: the same key within 24 h returns the first result and changes nothing. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

export interface StoredResponse {
  statusCode: number;
  body: unknown;
  /** What request the key answered (method, path, canonical body), hashed. */
  fingerprint: string;
}

/**
 * The stored answer of `key` for this caller, unexpired. `scope` is the caller (a device, a staff
 * account, an anonymous client), never shared between callers.
 */
export async function findStored(trx: Trx, scope: string, key: string, now: number): Promise<StoredResponse | null> {
  // Two taps with one key on PostgreSQL (other connections, other instances): the second waits
  // here until the first has committed its stored response, then replays it.
  await advisoryXactLock(trx, `hallq:idempotency:${scope}:${key}`);
  const row = await trx
    .selectFrom('idempotency_keys')
    .select(['status_code', 'body', 'created_at', 'fingerprint'])
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row || now - Number(row.created_at) > IDEMPOTENCY_TTL_MS) return null;
  return { statusCode: row.status_code, body: JSON.parse(row.body), fingerprint: row.fingerprint ?? '' };
}

export async function store(trx: Trx, scope: string, key: string, response: StoredResponse, now: number): Promise<void> {
  const values = { status_code: response.statusCode, body: JSON.stringify(response.body), fingerprint: response.fingerprint, created_at: now };
  await trx
    .insertInto('idempotency_keys')
    .values({ scope, key, ...values })
    .onConflict((oc) => oc.columns(['scope', 'key']).doUpdateSet(values))
    .execute();
}

/** Keys older than the TTL answer nothing any more; the day-end sweep deletes them. */
export async function purgeExpired(trx: Trx, now: number): Promise<number> {
  const r = await trx.deleteFrom('idempotency_keys').where('created_at', '<', now - IDEMPOTENCY_TTL_MS).executeTakeFirst();
  return Number(r.numDeletedRows);
}
