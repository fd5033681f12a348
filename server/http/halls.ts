import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Hall, Matter, TodayStats } from '../../protocol/schemas.ts';
import { requireHallRole } from '../plugins/auth.ts';
import { getHall, listHalls, listMatters } from '../services/halls.ts';
import { todayStats } from '../services/stats.ts';
import { errors } from './errors.ts';

const HallParams = Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }) });

const halls: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/halls', {
    schema: { tags: ['hall'], summary: 'List halls', response: { 200: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })) } },
  }, async () => listHalls(app.db));

  app.get('/api/halls/:hallId', {
    schema: { tags: ['hall'], summary: 'A hall with its categories (waiting counts) and windows', params: HallParams, response: { 200: Hall, ...errors(400, 404) } },
  }, async (req) => getHall(app.db, app.ctx, req.params.hallId));

  app.get('/api/halls/:hallId/matters', {
    schema: { tags: ['hall'], summary: 'Matters with their materials (一次性告知) and promised working days', params: HallParams, response: { 200: Type.Array(Matter), ...errors(400, 404) } },
  }, async (req) => listMatters(app.db, req.params.hallId));

  app.get('/api/halls/:hallId/stats/today', {
    preHandler: requireHallRole('manager'),
    schema: { tags: ['stats'], summary: "Today's numbers per category and window", security: [{ bearer: [] }], params: HallParams, response: { 200: TodayStats, ...errors(400, 401, 403, 404) } },
  }, async (req) => todayStats(app.db, app.ctx, req.params.hallId));
};

export default halls;
