import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { HallAlert } from '../../protocol/oversight.ts';
import { requireHallRole, requireRole } from '../plugins/auth.ts';
import { openAlerts } from '../services/oversight.ts';
import { loadWindow } from '../services/window-view.ts';
import { errors } from './errors.ts';

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
