import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireHallRole } from '../plugins/auth.ts';
import { getHallCalendar, setHallCalendar } from '../services/calendar.ts';
import { errors } from './errors.ts';
import { idempotent } from './idempotency.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Days = Type.Object(
  {
    holidays: Type.Array(Day, { maxItems: 400, description: 'days off that would otherwise be worked' }),
    workdays: Type.Array(Day, { maxItems: 400, description: 'days worked that would otherwise be off (调休)' }),
  },
  { additionalProperties: false },
);
const CalendarView = Type.Object({ year: Type.Integer(), national: Days, own: Days });
const HallParams = Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }) });
const YearQuery = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) });

/** 工作日历: the national days (read only, from chinese-days) and the hall's own days (admin). */
const calendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const doc = (summary: string) => ({ tags: ['setup'], summary });
  const yearOf = (y: number | undefined) => y ?? Number(new Date(app.ctx.clock.now()).toISOString().slice(0, 4));

  app.get('/api/halls/:hallId/calendar', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('manager'),
    schema: { ...doc("The hall's working-day calendar for a year: national holidays and 调休 days, and the hall's own days"), params: HallParams, querystring: YearQuery, response: { 200: CalendarView, ...errors(400, 401, 403, 404) } },
  }, async (req) => getHallCalendar(app.db, req.params.hallId, yearOf(req.query.year)));

  app.put('/api/halls/:hallId/calendar', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('admin'),
    schema: { ...doc("Replace the hall's own days off and days worked (they win over the national arrangement)"), params: HallParams, querystring: YearQuery, body: Days, response: { 200: CalendarView, ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => setHallCalendar(trx, app.ctx, req.actor, req.params.hallId, req.body, yearOf(req.query.year))));
};

export default calendarRoutes;
