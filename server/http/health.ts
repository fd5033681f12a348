import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { agentQueue } from '../services/agent-jobs.ts';
import { agentHealth, printerHealth, probeWrite, storageHealth } from '../services/health.ts';
import { freeSpace } from '../db/storage.ts';

const Part = Type.Object({ ok: Type.Boolean(), problems: Type.Array(Type.String()) });
const Deep = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('fail')]),
  problems: Type.Array(Type.String()),
  checks: Type.Object({ database: Part, storage: Part, printers: Part, agents: Part }),
});

/**
 * `GET /api/health` stays cheap (one read) for load balancers; `?deep=1` is for monitoring:
 * a write rolled back, free space, every printer's state and every device agent heard from,
 * answered 503 with what is wrong. Names printers by their kiosk or window, never by address.
 */
async function health(app: FastifyInstance) {
  const startedAt = app.ctx.clock.now();
  // When each device agent last called in (claim, result, printer state): kept in memory, so a
  // restart forgets them and gives them the settling time to call again.
  const heard = new Map<string, number>();
  app.addHook('preHandler', async (req) => {
    if (!req.actor?.deviceId || !req.routeOptions.url?.startsWith('/api/agent/')) return;
    try {
      heard.set(agentQueue(req.actor), app.ctx.clock.now());
    } catch {
      // Not an agent (a display's token): the route itself answers 403.
    }
  });

  app.withTypeProvider<TypeBoxTypeProvider>().get('/api/health', {
    config: { scope: { public: true } },
    schema: {
      tags: ['system'],
      summary: 'Liveness (one read); with deep=1 the database write, free space, printers and device agents',
      querystring: Type.Object({ deep: Type.Optional(Type.Union([Type.Literal('0'), Type.Literal('1'), Type.Literal('true'), Type.Literal('false')])) }),
      response: { 200: Type.Union([Deep, Type.Object({ status: Type.Literal('ok') })]), 503: Deep },
    },
  }, async (req, reply) => {
    if (req.query.deep !== '1' && req.query.deep !== 'true') {
      await app.db.selectFrom('halls').select('id').limit(1).execute();
      return { status: 'ok' as const };
    }
    const now = app.ctx.clock.now();
    const checks = {
      database: await probeWrite(app.db),
      storage: storageHealth(app.config.sqliteFile === ':memory:' ? { freeBytes: Infinity, totalBytes: Infinity } : freeSpace(app.config.dataDir)),
      printers: await printerHealth(app.db, now, startedAt),
      agents: await agentHealth(app.db, now, startedAt, heard),
    };
    const problems = Object.values(checks).flatMap((c) => c.problems);
    if (problems.length > 0) req.log.warn({ problems }, 'deep health check failed');
    return reply.status(problems.length > 0 ? 503 : 200).send({ status: problems.length > 0 ? 'fail' : 'ok', problems, checks });
  });
}

export default fp(health, { name: 'health', dependencies: ['core', 'auth'] });
