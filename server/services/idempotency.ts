import { advisoryXactLock, type Trx } from '../db/index.ts';

/** Idempotency-Key: the same key within 24 h returns the first result and changes nothing. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

export async function findStored(trx: Trx, scope: string, key: string, now: number): Promise<StoredResponse | null> {
  // Two taps with one key on PostgreSQL (other connections, other instances): the second waits
  // here until the first has committed its stored response, then replays it.
  await advisoryXactLock(trx, `hallq:idempotency:${scope}:${key}`);
  const row = await trx
    .selectFrom('idempotency_keys')
    .select(['status_code', 'body', 'created_at'])
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row || now - Number(row.created_at) > IDEMPOTENCY_TTL_MS) return null;
  return { statusCode: row.status_code, body: JSON.parse(row.body) };
}

export async function store(trx: Trx, scope: string, key: string, response: StoredResponse, now: number): Promise<void> {
  await trx
    .insertInto('idempotency_keys')
    .values({ scope, key, status_code: response.statusCode, body: JSON.stringify(response.body), created_at: now })
    .onConflict((oc) => oc.columns(['scope', 'key']).doUpdateSet({ status_code: response.statusCode, body: JSON.stringify(response.body), created_at: now }))
    .execute();
}

export async function purgeExpired(trx: Trx, now: number): Promise<void> {
  await trx.deleteFrom('idempotency_keys').where('created_at', '<', now - IDEMPOTENCY_TTL_MS).execute();
}
