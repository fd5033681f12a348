import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Trx } from '../db/index.ts';
import { invalid } from '../domain/errors.ts';
import type { Outcome } from '../services/events.ts';
import { findStored, store } from '../services/idempotency.ts';

/**
 * Runs a mutating service honouring `Idempotency-Key`: the lookup, the work and the stored
 * response share one transaction, so two taps racing with one key give one result.
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
  const who = req.actor.staffId ? `staff:${req.actor.staffId}` : req.actor.deviceId ? `device:${req.actor.deviceId}` : 'anon';
  const scope = `${req.method} ${req.url.split('?')[0]} ${who}`;
  const now = app.ctx.clock.now();
  const out = await app.run(async (trx) => {
    const found = await findStored(trx, scope, key, now);
    if (found) return { result: { replay: found.body as T, status: found.statusCode, replayed: true }, events: [] };
    const done = await work(trx);
    await store(trx, scope, key, { statusCode: status, body: done.result }, now);
    return { result: { replay: done.result, status, replayed: false }, events: done.events };
  });
  reply.status(out.status);
  if (out.replayed) reply.header('idempotent-replayed', 'true');
  return out.replay;
}
