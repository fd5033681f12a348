import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { HallAlert } from '../../protocol/oversight.ts';
import { requireHallRole, requireRole } from '../plugins/auth.ts';
import { openAlerts } from '../services/oversight.ts';
import { parseRules } from '../domain/rules.ts';
import { notFound } from '../domain/errors.ts';
import { loadWindow } from '../services/window-view.ts';
import { errors } from './errors.ts';

const OversightRules = Type.Object({
  hallHours: Type.Array(Type.Object({ start: Type.String(), end: Type.String() })),
  idleAlertMinutes: Type.Integer(),
  absentGraceMinutes: Type.Integer(),
  pauseLimits: Type.Array(Type.Object({ reason: Type.String(), minutes: Type.Integer() })),
  defaultPauseMinutes: Type.Integer(),
});

/** 进厅不办事 / 效能监察 alerts: the manager board's list, and a clerk's own case warnings. */
const oversight: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/halls/:hallId/alerts', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('manager'),
    schema: {
      tags: ['oversight'],
      summary: "进厅不办事 / 效能监察: the hall's open alerts, oldest first (idle_window, absent_window, pause_overrun, case_due, case_overdue); live as the `alert` and `alert:cleared` socket events for managers",
      params: Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }) }),
      response: { 200: Type.Array(HallAlert), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => openAlerts(app.db, req.params.hallId));

  app.get('/api/halls/:hallId/oversight-rules', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('manager'),
    schema: {
      tags: ['oversight'],
      summary: '进厅不办事 thresholds as the hall has them (hall hours, idle minutes, grace, pause limits); change them with PUT /api/halls/:hallId/rules',
      params: Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }) }),
      response: { 200: OversightRules, ...errors(400, 401, 403, 404) },
    },
  }, async (req) => {
    const h = await app.db.selectFrom('halls').select('rules').where('id', '=', req.params.hallId).executeTakeFirst();
    if (!h) throw notFound('HALL_NOT_FOUND', `没有这个大厅：${req.params.hallId}`);
    const r = parseRules(h.rules);
    return { hallHours: r.hallHours, idleAlertMinutes: r.idleAlertMinutes, absentGraceMinutes: r.absentGraceMinutes, pauseLimits: r.pauseLimits, defaultPauseMinutes: r.defaultPauseMinutes };
  });

  app.get('/api/windows/:windowId/case-alerts', {
    config: { scope: { window: 'params.windowId' } },
    preHandler: requireRole('clerk'),
    schema: {
      tags: ['oversight', 'case'],
      summary: "效能监察 on the clerk's console: the open case_due / case_overdue alerts of the cases the signed-in clerk accepted",
      params: Type.Object({ windowId: Type.String({ minLength: 1, maxLength: 64 }) }),
      response: { 200: Type.Array(HallAlert), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => openAlerts(app.db, (await loadWindow(app.db, req.params.windowId)).hall_id, { staffId: req.actor.staffId!, cases: true }));
};

export default oversight;
