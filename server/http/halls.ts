import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Hall, Matter, StaffingAdvice, TodayStats } from '../../protocol/schemas.ts';
import { requireHallRole } from '../plugins/auth.ts';
import { getHall, listHalls, listMatters } from '../services/halls.ts';
import { todayStats } from '../services/stats.ts';
import { staffingAdvice } from '../services/staffing.ts';
import { periodReport } from '../services/report.ts';
import { PeriodReport } from '../../protocol/services.ts';
import { audienceOf, hallFor } from '../services/audience.ts';
import { errors } from './errors.ts';
import { ExportFormat, sendExport } from './export.ts';
import { periodSheets, todaySheets } from '../services/report-sheets.ts';
import { loadHall } from '../services/queue.ts';

const HallParams = Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }) });

const halls: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/halls', {
    config: { scope: { public: true } },
    schema: { tags: ['hall'], summary: 'List halls', response: { 200: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })) } },
  }, async () => listHalls(app.db));

  app.get('/api/halls/:hallId', {
    config: { scope: { hall: 'params.hallId' } },
    schema: { tags: ['hall'], summary: 'A hall with its categories (waiting counts) and windows', params: HallParams, response: { 200: Hall, ...errors(400, 404) } },
  }, async (req) => hallFor(await getHall(app.db, app.ctx, req.params.hallId), audienceOf(req.actor, req.params.hallId)));

  app.get('/api/halls/:hallId/matters', {
    config: { scope: { hall: 'params.hallId' } },
    schema: { tags: ['hall'], summary: 'Matters with their materials (一次性告知) and promised working days', params: HallParams, response: { 200: Type.Array(Matter), ...errors(400, 404) } },
  }, async (req) => listMatters(app.db, req.params.hallId));

  app.get('/api/halls/:hallId/stats/today', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('manager'),
    schema: { tags: ['stats'], summary: "Today's numbers per category and window; ?format=xlsx|csv downloads them", params: HallParams, querystring: Type.Object({ format: ExportFormat }), response: { 200: TodayStats, ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => {
    const stats = await todayStats(app.db, app.ctx, req.params.hallId);
    if (await sendExport(reply, req.query.format, async () => todaySheets((await loadHall(app.db, req.params.hallId)).name, stats))) return reply;
    return stats;
  });

  app.get('/api/halls/:hallId/staffing', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('manager'),
    schema: { tags: ['stats'], summary: '窗口配置建议: windows needed per category and hour to keep the wait under the hall target (Erlang C)', params: HallParams, response: { 200: StaffingAdvice, ...errors(400, 401, 403, 404) } },
  }, async (req) => staffingAdvice(app.db, app.ctx, req.params.hallId));

  app.get('/api/halls/:hallId/stats/period', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('manager'),
    schema: {
      tags: ['stats'],
      summary: '月调度、季通报: figures of a period (per day, per category, ratings, cases); at most a year',
      params: HallParams,
      querystring: Type.Object({ from: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), to: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), format: ExportFormat }),
      response: { 200: PeriodReport, ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    const report = await periodReport(app.db, app.ctx, req.params.hallId, req.query.from, req.query.to);
    if (await sendExport(reply, req.query.format, async () => periodSheets((await loadHall(app.db, req.params.hallId)).name, report))) return reply;
    return report;
  });
};

export default halls;
