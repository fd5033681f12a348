import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Line } from '../../protocol/text.ts';
import { Window } from '../../protocol/schemas.ts';
import { HALL_LEVELS, type HallLevel } from '../domain/regions.ts';
import { requireHallRole, requireRole } from '../plugins/auth.ts';
import { createHall, saveCategory, saveMatter, saveWindow, setRules, type CategoryInput } from '../services/hall-config.ts';
import { errors } from './errors.ts';
import { idempotent } from './idempotency.ts';

const Hhmm = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$' });
const Period = Type.Object({ name: Line({ minLength: 1, maxLength: 10 }), start: Hhmm, end: Hhmm, quota: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])) }, { additionalProperties: false });
const Slot = Type.Object({ start: Hhmm, end: Hhmm, capacity: Type.Integer({ minimum: 0, maximum: 1000 }) }, { additionalProperties: false });
const SlotPlan = Type.Object({ from: Hhmm, to: Hhmm, minutes: Type.Integer({ minimum: 5, maximum: 240 }), capacity: Type.Integer({ minimum: 0, maximum: 1000 }) }, { additionalProperties: false });

/** 繁體 and English names; null or '' clears one (the pages then show the Chinese name, 繁體 converted). */
const NameIn = (max: number) => Type.Optional(Type.Union([Line({ maxLength: max }), Type.Null()]));

const CategoryBody = Type.Object(
  {
    nameZhTw: NameIn(30),
    nameEn: NameIn(60),
    prefix: Type.Optional(Type.String({ pattern: '^[A-Z]{1,2}$', description: 'number prefix, e.g. A' })),
    name: Type.Optional(Line({ minLength: 1, maxLength: 30 })),
    dailyQuota: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 99999 }), Type.Null()])),
    periods: Type.Optional(Type.Array(Period, { maxItems: 8, description: '上午/下午 issuing periods; empty: all day' })),
    avgServiceMinutes: Type.Optional(Type.Number({ minimum: 0.5, maximum: 480 })),
    appointmentSlots: Type.Optional(Type.Union([Type.Array(Slot, { maxItems: 96 }), SlotPlan])),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const WindowBody = Type.Object(
  {
    no: Type.Optional(Type.Integer({ minimum: 1, maximum: 999 })),
    name: Type.Optional(Line({ minLength: 1, maxLength: 30 })),
    kind: Type.Optional(Type.Union(['comprehensive', 'dedicated', 'pickup', 'assist'].map((k) => Type.Literal(k)))),
    categoryIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50, description: 'in order of preference' })),
    aClerkId: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Null()])),
    bClerkId: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Null()])),
  },
  { additionalProperties: false },
);
const MatterBody = Type.Object(
  {
    nameZhTw: NameIn(60),
    nameEn: NameIn(120),
    categoryId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    name: Type.Optional(Line({ minLength: 1, maxLength: 60 })),
    materials: Type.Optional(Type.Array(Line({ minLength: 1, maxLength: 100 }), { maxItems: 40 })),
    promisedDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
  },
  { additionalProperties: false },
);
const RulesBody = Type.Object(
  {
    maxConsecutivePriority: Type.Optional(Type.Integer({ minimum: 0, maximum: 20 })),
    requeueAfter: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    maxRecalls: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
    requeueWithinMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })),
    badRatingFollowUpDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
    checkInEarlyMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 240 })),
    appointmentGraceMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
    bookingDaysAhead: Type.Optional(Type.Integer({ minimum: 0, maximum: 90 })),
    waitTargetMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 240 })),
    // 进厅不办事 thresholds (issue 10).
    hallHours: Type.Optional(Type.Array(Type.Object({ start: Hhmm, end: Hhmm }, { additionalProperties: false }), { maxItems: 6, description: "the hall's opening hours on working days, in order" })),
    idleAlertMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 240 })),
    absentGraceMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 240 })),
    pauseLimits: Type.Optional(Type.Array(Type.Object({ reason: Line({ minLength: 1, maxLength: 100 }), minutes: Type.Integer({ minimum: 1, maximum: 600 }) }, { additionalProperties: false }), { maxItems: 20 })),
    defaultPauseMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 600 })),
    lateGraceMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 120, description: "四位一体: an opening later than a period of hallHours starts + this is late, a closing earlier than it ends − this early" })),
    complaintAnswerDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60, description: '办不成事: working days to answer a complaint' })),
    callbackPercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: '电话回访: share (%) of the day\'s served citizens with a phone to call' })),
    reviewWeights: Type.Optional(Type.Object(
      { satisfaction: Type.Integer({ minimum: 0, maximum: 100 }), attendance: Type.Integer({ minimum: 0, maximum: 100 }), complaints: Type.Integer({ minimum: 0, maximum: 100 }), inspections: Type.Integer({ minimum: 0, maximum: 100 }) },
      { additionalProperties: false, description: '四位一体: the weight of each part of the month\'s score' },
    )),
  },
  { additionalProperties: false },
);
const Id = Type.Object({ id: Type.String() });
const HallParams = Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }) });
const Sub = (key: string) => Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }), [key]: Type.String({ minLength: 1, maxLength: 64 }) });

/** Setting up halls (admin): the hall, its rules, categories, windows and matters. */
const hallConfig: FastifyPluginAsyncTypebox = async (app) => {
  const doc = (summary: string) => ({ tags: ['setup'], summary });
  const admin = requireHallRole('admin');

  app.post('/api/halls', {
    config: { scope: { region: 'body.regionId' } },
    preHandler: requireRole('admin'),
    schema: {
      ...doc('Create a hall (system administrators, or an admin of the region it stands in)'),
      body: Type.Object(
        {
          id: Type.Optional(Type.String({ pattern: '^[a-z0-9_-]{2,32}$' })), name: Line({ minLength: 1, maxLength: 60 }), timeZone: Type.Optional(Line({ maxLength: 64 })),
          regionId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), level: Type.Optional(Type.Union(HALL_LEVELS.map((l) => Type.Literal(l)))),
        },
        { additionalProperties: false },
      ),
      response: { 201: Type.Object({ id: Type.String(), name: Type.String(), regionId: Type.Union([Type.String(), Type.Null()]), level: Type.String(), code: Type.String() }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 201, (trx) => createHall(trx, app.ctx, req.actor, { ...req.body, level: req.body.level as HallLevel | undefined })));

  app.put('/api/halls/:hallId/rules', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: admin,
    schema: { ...doc('Queue rules: interleave, re-queue distance, recalls, follow-up days, check-in and booking windows'), params: HallParams, body: RulesBody, response: { 200: RulesBody, ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => setRules(trx, app.ctx, req.actor, req.params.hallId, req.body)));

  app.get('/api/halls/:hallId/categories/inactive', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: admin,
    schema: { ...doc('Stopped categories (the hall lists only active ones), to start again'), params: HallParams, response: { 200: Type.Array(Type.Object({ id: Type.String(), prefix: Type.String(), name: Type.String() })), ...errors(400, 401, 403, 404) } },
  }, async (req) => app.db.selectFrom('categories').select(['id', 'prefix', 'name']).where('hall_id', '=', req.params.hallId).where('active', '=', 0).orderBy('sort_order').execute());

  app.post('/api/halls/:hallId/categories', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: admin,
    schema: { ...doc('Add a category (业务类别)'), params: HallParams, body: CategoryBody, response: { 201: Id, ...errors(400, 401, 403, 404, 409) } },
  }, async (req, reply) => idempotent(app, req, reply, 201, (trx) => saveCategory(trx, app.ctx, req.actor, req.params.hallId, null, req.body as CategoryInput)));

  app.patch('/api/halls/:hallId/categories/:categoryId', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: admin,
    schema: { ...doc('Change a category: name, quota, issuing periods, service time, appointment slots, active'), params: Sub('categoryId'), body: CategoryBody, response: { 200: Id, ...errors(400, 401, 403, 404, 409) } },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => saveCategory(trx, app.ctx, req.actor, req.params.hallId, req.params.categoryId, req.body as CategoryInput)));

  app.post('/api/halls/:hallId/windows', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: admin,
    schema: { ...doc('Add a window'), params: HallParams, body: WindowBody, response: { 201: Window, ...errors(400, 401, 403, 404, 409) } },
  }, async (req, reply) => idempotent(app, req, reply, 201, (trx) => saveWindow(trx, app.ctx, req.actor, req.params.hallId, null, req.body)));

  app.patch('/api/halls/:hallId/windows/:windowId', {
    config: { scope: { hall: 'params.hallId', window: 'params.windowId' } },
    preHandler: admin,
    schema: { ...doc('Change a window: number, name, kind, categories in order of preference, A/B clerks'), params: Sub('windowId'), body: WindowBody, response: { 200: Window, ...errors(400, 401, 403, 404, 409) } },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => saveWindow(trx, app.ctx, req.actor, req.params.hallId, req.params.windowId, req.body)));

  app.post('/api/halls/:hallId/matters', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: admin,
    schema: { ...doc('Add a matter (事项) with its materials and promised working days'), params: HallParams, body: MatterBody, response: { 201: Id, ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => idempotent(app, req, reply, 201, (trx) => saveMatter(trx, app.ctx, req.actor, req.params.hallId, null, req.body)));

  app.patch('/api/halls/:hallId/matters/:matterId', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: admin,
    schema: { ...doc('Change a matter'), params: Sub('matterId'), body: MatterBody, response: { 200: Id, ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => saveMatter(trx, app.ctx, req.actor, req.params.hallId, req.params.matterId, req.body)));
};

export default hallConfig;
