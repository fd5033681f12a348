import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Text } from '../../protocol/text.ts';
import { rateLimited, Limiter } from '../limits.ts';
import { requireHallRole, requireRole } from '../plugins/auth.ts';
import { CALLBACK_OUTCOMES, callbackList, recordCallback } from '../services/callbacks.ts';
import { answerComplaint, assignComplaint, fileComplaint, listComplaints } from '../services/complaints.ts';
import { loadHall } from '../services/queue.ts';
import { callbackSheets, complaintSheets } from '../services/report-sheets.ts';
import { serviceDay } from '../domain/time.ts';
import { errors } from './errors.ts';
import { ExportFormat, sendExport } from './export.ts';
import { idempotent } from './idempotency.ts';

const HallParams = Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }) });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Phone = Type.String({ pattern: '^\\+?[0-9]{6,15}$' });
const Nul = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Complaint = Type.Object({
  id: Type.String(), source: Type.String(), text: Type.String(), windowId: Nul(Type.String()), windowNo: Nul(Type.Integer()),
  staffId: Nul(Type.String()), staffName: Nul(Type.String()), assignedTo: Nul(Type.String()), assignedName: Nul(Type.String()),
  phone: Nul(Type.String({ description: 'masked: 138****1234' })), status: Type.String({ description: 'open or answered' }), dueDate: Type.String(),
  overdue: Type.Boolean(), outcome: Nul(Type.String()), upheld: Type.Boolean(), createdAt: Type.String(), answeredAt: Nul(Type.String()),
});
const Callback = Type.Object({
  id: Type.String({ description: "the served ticket's id" }), number: Type.String(), windowNo: Nul(Type.Integer()), staffName: Nul(Type.String()),
  phone: Type.String(), servedAt: Nul(Type.String()), outcome: Nul(Type.String()), note: Nul(Type.String()), complaintId: Nul(Type.String()), calledAt: Nul(Type.String()),
});

/** 办不成事 / 投诉 and 电话回访. */
const complaints: FastifyPluginAsyncTypebox = async (app) => {
  // Anyone may complain, from a kiosk or a phone: a few a minute per address keeps the list honest.
  const filing = new Limiter(app.config.rateLimit > 0, { name: 'complaints', points: 5, perSeconds: 10 * 60 });

  app.post('/api/halls/:hallId/complaints', {
    config: { scope: { hall: 'params.hallId', window: 'body.windowId' } },
    schema: {
      tags: ['complaint'],
      summary: '办不成事 / 投诉: anyone (kiosk, phone page, the 办不成事 window); answered within the hall\'s working days',
      params: HallParams,
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 128 })) }),
      body: Type.Object({ text: Text({ minLength: 2, maxLength: 1000 }), windowId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), phone: Type.Optional(Phone) }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.String(), dueDate: Type.String() }), ...errors(400, 404, 429) },
    },
  }, async (req, reply) => {
    if (!req.actor.staffId) {
      const refused = await filing.take(req.ip);
      if (refused) throw rateLimited(refused, '提交过于频繁，请稍后再试或到办不成事窗口反映');
    }
    return idempotent(app, req, reply, 201, (trx) => fileComplaint(trx, app.ctx, req.actor, req.params.hallId, req.body));
  });

  app.get('/api/halls/:hallId/complaints', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('manager'),
    schema: {
      tags: ['complaint'],
      summary: "The hall's complaints, newest first (overdue flagged); ?format=xlsx|csv downloads them",
      params: HallParams,
      querystring: Type.Object({
        status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('answered')])),
        month: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$' })),
        format: ExportFormat,
      }),
      response: { 200: Type.Array(Complaint), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    const list = await listComplaints(app.db, app.ctx, req.params.hallId, req.query);
    const hall = await loadHall(app.db, req.params.hallId);
    if (await sendExport(reply, req.query.format, () => complaintSheets(hall.name, req.query.month ?? serviceDay(app.ctx.clock.now(), hall.timeZone), list))) return reply;
    return list;
  });

  app.post('/api/complaints/:id/assign', {
    config: { scope: { complaint: 'params.id', staff: 'body.assignedTo' } },
    preHandler: requireRole('manager'),
    schema: {
      tags: ['complaint'],
      summary: 'Assign a complaint to a staff member to handle; staffId corrects whom it is charged to in the review',
      params: IdParams,
      body: Type.Object({ assignedTo: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'the staff id of who answers it' }), staffId: Type.Optional(Nul(Type.String({ minLength: 1, maxLength: 64 }))) }, { additionalProperties: false }),
      response: { 200: Complaint, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => assignComplaint(trx, app.ctx, req.actor, req.params.id, req.body)));

  app.post('/api/complaints/:id/answer', {
    config: { scope: { complaint: 'params.id' } },
    preHandler: requireRole('manager'),
    schema: {
      tags: ['complaint'],
      summary: 'Close a complaint with its outcome; upheld=false when it proved unfounded (it then counts against nobody)',
      params: IdParams,
      body: Type.Object({ outcome: Text({ minLength: 2, maxLength: 1000 }), upheld: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: Complaint, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => answerComplaint(trx, app.ctx, req.actor, req.params.id, req.body)));

  app.get('/api/halls/:hallId/callbacks', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('manager'),
    schema: {
      tags: ['complaint'],
      summary: "电话回访: the day's sample (the hall's share) of served citizens who left a phone, with the calls recorded",
      params: HallParams,
      querystring: Type.Object({ date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), format: ExportFormat }),
      response: { 200: Type.Array(Callback), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    const list = await callbackList(app.db, app.ctx, req.params.hallId, req.query.date);
    const hall = await loadHall(app.db, req.params.hallId);
    if (await sendExport(reply, req.query.format, () => callbackSheets(hall.name, req.query.date, list))) return reply;
    return list;
  });

  app.post('/api/callbacks/:id', {
    config: { scope: { ticket: 'params.id' } },
    preHandler: requireRole('manager'),
    schema: {
      tags: ['complaint'],
      summary: 'Record a 回访 call: satisfied, problem (the note becomes a complaint) or unreachable',
      params: IdParams,
      body: Type.Object({ outcome: Type.Union(CALLBACK_OUTCOMES.map((o) => Type.Literal(o))), note: Type.Optional(Text({ maxLength: 1000 })) }, { additionalProperties: false }),
      response: { 200: Callback, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => recordCallback(trx, app.ctx, req.actor, req.params.id, req.body)));
};

export default complaints;
