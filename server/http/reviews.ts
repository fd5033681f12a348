import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import { Text } from '../../protocol/text.ts';
import { requireHallRole } from '../plugins/auth.ts';
import { INSPECTION_RESULTS, listInspections, recordInspection } from '../services/inspections.ts';
import { overdueCases } from '../services/overdue-cases.ts';
import { loadHall } from '../services/queue.ts';
import { overdueSheets, reviewSheets } from '../services/report-sheets.ts';
import { staffReview, windowReview } from '../services/reviews.ts';
import { errors } from './errors.ts';
import { ExportFormat, sendExport } from './export.ts';
import { idempotent } from './idempotency.ts';

const HallParams = Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }) });
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
const Nul = (t: TSchema) => Type.Union([t, Type.Null()]);
const Num = Nul(Type.Number());
const Parts = {
  score: Num,
  satisfaction: Type.Object({ score: Num, ratings: Type.Integer(), satisfied: Type.Integer(), average: Num }),
  attendance: Type.Object({
    score: Num, daysWorked: Type.Integer(), openMinutes: Type.Number(), pausedMinutes: Type.Number(), pausesByReason: Type.Record(Type.String(), Type.Number()),
    lateOpens: Type.Integer(), earlyCloses: Type.Integer(), alerts: Type.Integer({ description: '进厅不办事 alerts charged' }),
  }),
  complaints: Type.Object({ score: Type.Number(), count: Type.Integer(), upheld: Type.Integer(), overdue: Type.Integer() }),
  inspections: Type.Object({ score: Num, count: Type.Integer(), minor: Type.Integer(), serious: Type.Integer() }),
};
const StaffReview = Type.Object({ staffId: Type.String(), name: Type.String(), staffNo: Type.String(), ...Parts });
const WindowReview = Type.Object({ windowId: Type.String(), no: Type.Integer(), name: Type.String(), ...Parts });
const Inspection = Type.Object({
  id: Type.String(), windowId: Type.String(), windowNo: Nul(Type.Integer()), staffId: Nul(Type.String()), staffName: Nul(Type.String()),
  inspectorName: Nul(Type.String()), result: Type.String({ description: 'good, minor or serious' }), findings: Type.String(), at: Type.String(),
});

/** 四位一体考核, 日常巡查 and the month's overdue cases (manager). */
const reviews: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/halls/:hallId/reviews', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('manager'),
    schema: {
      tags: ['review'],
      summary: "四位一体 monthly review: one score per clerk (by=window: per window) with its parts and the hall's weights; ?format=xlsx|csv downloads both views",
      params: HallParams,
      querystring: Type.Object({ month: Month, by: Type.Optional(Type.Union([Type.Literal('staff'), Type.Literal('window')])), format: ExportFormat }),
      response: { 200: Type.Union([Type.Array(StaffReview), Type.Array(WindowReview)]), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    const { month, by, format } = req.query;
    if (await sendExport(reply, format, async () => reviewSheets((await loadHall(app.db, req.params.hallId)).name, month,
      await staffReview(app.db, app.ctx, req.params.hallId, month), await windowReview(app.db, app.ctx, req.params.hallId, month)))) return reply;
    return by === 'window' ? windowReview(app.db, app.ctx, req.params.hallId, month) : staffReview(app.db, app.ctx, req.params.hallId, month);
  });

  app.post('/api/halls/:hallId/inspections', {
    config: { scope: { hall: 'params.hallId', window: 'body.windowId', staff: 'body.staffId' } },
    preHandler: requireHallRole('manager'),
    schema: {
      tags: ['review'],
      summary: '日常巡查: record a check at a window and its findings (charged to the clerk there unless staffId names someone)',
      params: HallParams,
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 128 })) }),
      body: Type.Object({
        windowId: Type.String({ minLength: 1, maxLength: 64 }), staffId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
        result: Type.Union(INSPECTION_RESULTS.map((r) => Type.Literal(r))), findings: Text({ maxLength: 1000 }),
      }, { additionalProperties: false }),
      response: { 201: Inspection, ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 201, (trx) => recordInspection(trx, app.ctx, req.actor, req.params.hallId, req.body)));

  app.get('/api/halls/:hallId/inspections', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('manager'),
    schema: { tags: ['review'], summary: 'The 日常巡查 records, newest first', params: HallParams, querystring: Type.Object({ month: Type.Optional(Month) }), response: { 200: Type.Array(Inspection), ...errors(400, 401, 403, 404) } },
  }, async (req) => listInspections(app.db, req.params.hallId, req.query));

  app.get('/api/halls/:hallId/cases/overdue', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('manager'),
    schema: {
      tags: ['review', 'case'],
      summary: "效能监察: the month's cases past their promised date and not decided; ?format=xlsx|csv downloads them",
      params: HallParams,
      querystring: Type.Object({ month: Month, format: ExportFormat }),
      response: {
        200: Type.Array(Type.Object({
          caseNo: Type.String(), matterName: Type.String(), windowNo: Nul(Type.Integer()), clerkName: Nul(Type.String()), applicantName: Type.String(),
          status: Type.String(), acceptedAt: Type.String(), promisedDate: Type.String(), daysOverdue: Type.Integer(),
        })),
        ...errors(400, 401, 403, 404),
      },
    },
  }, async (req, reply) => {
    const list = await overdueCases(app.db, app.ctx, req.params.hallId, req.query.month);
    if (await sendExport(reply, req.query.format, async () => overdueSheets((await loadHall(app.db, req.params.hallId)).name, req.query.month, list))) return reply;
    return list;
  });
};

export default reviews;
