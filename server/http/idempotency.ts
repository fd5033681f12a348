import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { stringify } from 'safe-stable-stringify';
import type { Trx } from '../db/index.ts';
import { invalid, unprocessable } from '../domain/errors.ts';
import type { Outcome } from '../services/events.ts';
import { findStored, store } from '../services/idempotency.ts';

/** The random id a page keeps in localStorage (ui-shared/api.ts), naming an anonymous caller. */
export const CLIENT_ID_HEADER = 'x-client-id';
const CLIENT_ID = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * Whose keys these are: a staff account, a device, an anonymous page by its own id, or else the
 * address. Another caller using the same key never sees this caller's answer.
 */
export function callerScope(req: FastifyRequest): string {
  if (req.actor.staffId) return `staff:${req.actor.staffId}`;
  if (req.actor.deviceId) return `device:${req.actor.deviceId}`;
  const raw = req.headers[CLIENT_ID_HEADER];
  if (raw === undefined) return `ip:${req.ip}`;
  const id = Array.isArray(raw) ? raw[0] : raw;
  if (!CLIENT_ID.test(id)) throw invalid('BAD_CLIENT_ID', 'X-Client-Id 须为16-64个字母、数字、_ 或 -');
  return `client:${id}`;
}

/** The request a key answers: method, path (route parameters included) and the body with its keys sorted. */
export function requestFingerprint(req: FastifyRequest): string {
  const body = req.body === undefined ? '' : (stringify(req.body) ?? '');
  return crypto.createHash('sha256').update(`${req.method} ${req.url.split('?')[0]}\n${body}`).digest('hex');
}

/**
 * Runs a mutating service honouring `Idempotency-Key`: the lookup, the work and the stored
 * response share one transaction, so two taps racing with one key give one result. The same key
 * on another request (another body, another ticket or window) is refused with 422, not replayed.
 */
export async function idempotent<T>(
  app: FastifyInstance,
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  work: (trx: Trx) => Promise<Outcome<T>>,
): Promise<T> {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) {
    reply.status(status);
    return app.run(work);
  }
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!/^[\x21-\x7e]{1,128}$/.test(key)) throw invalid('BAD_IDEMPOTENCY_KEY', 'Idempotency-Key 须为1-128个可见 ASCII 字符');
  const scope = callerScope(req);
  const fingerprint = requestFingerprint(req);
  const now = app.ctx.clock.now();
  const out = await app.run(async (trx) => {
    const found = await findStored(trx, scope, key, now);
    if (found) {
      if (found.fingerprint !== fingerprint) throw unprocessable('IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于另一个请求，请换一个新的');
      return { result: { replay: found.body as T, status: found.statusCode, replayed: true }, events: [] };
    }
    const done = await work(trx);
    await store(trx, scope, key, { statusCode: status, body: done.result, fingerprint }, now);
    return { result: { replay: done.result, status, replayed: false }, events: done.events };
  });
  reply.status(out.status);
  if (out.replayed) reply.header('idempotent-replayed', 'true');
  return out.replay;
}
