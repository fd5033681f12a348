import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AcceptCaseBody, Case } from '../../protocol/services.ts';
import { requireOneOf, requireRole, requireStaffOrDevice } from '../plugins/auth.ts';
import { acceptCase, CASE_STATUSES, casesAtWindow, caseView, findCase, lookUpCase, reprintSlip, setCaseStatus, slipData, type CaseStatus } from '../services/cases.ts';
import { hallPrintSettings } from '../services/printing.ts';
import { renderPickupSlip } from '../../printers/templates/pickup-slip.ts';
import { errors } from './errors.ts';
import { ctxFor } from './public-url.ts';
import { idempotent } from './idempotency.ts';

const CaseNo = Type.Object({ caseNo: Type.String({ minLength: 1, maxLength: 32 }) });


const cases: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/windows/:windowId/cases', {
    config: { scope: { window: 'params.windowId' } },
    preHandler: requireStaffOrDevice,
    schema: {
      tags: ['case'],
      summary: '受理: accept a matter; prints the pickup slip (受理回执) on the window printer',
      params: Type.Object({ windowId: Type.String({ minLength: 1, maxLength: 64 }) }),
      body: AcceptCaseBody,
      response: { 201: Case, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 201, (trx) => acceptCase(trx, ctxFor(app, req), req.actor, req.params.windowId, req.body)));

  app.get('/api/windows/:windowId/cases', {
    config: { scope: { window: 'params.windowId' } },
    preHandler: requireStaffOrDevice,
    schema: {
      tags: ['case'],
      summary: "Today's cases accepted at this window",
      params: Type.Object({ windowId: Type.String({ minLength: 1, maxLength: 64 }) }),
      response: { 200: Type.Array(Case), ...errors(400, 401, 404) },
    },
  }, async (req) => casesAtWindow(app.db, app.ctx, req.params.windowId));

  app.get('/api/cases/:caseNo', {
    config: { scope: { case: 'params.caseNo' } },
    preHandler: requireOneOf('pickupCode', 'bearer'),
    schema: {
      tags: ['case'],
      summary: "Progress of a case, for whoever holds its slip (X-Pickup-Code: the slip's pickup code, also in its QR) or staff of its hall; 404 otherwise",
      params: CaseNo,
      headers: Type.Object({ 'x-pickup-code': Type.Optional(Type.String({ maxLength: 64 })) }),
      response: { 200: Type.Object({ caseNo: Type.String(), matterName: Type.String(), status: Type.String(), acceptedAt: Type.String(), promisedDate: Type.String(), overdue: Type.Boolean() }), ...errors(400, 404) },
    },
  }, async (req) => caseView(app.db, app.ctx, await lookUpCase(app.db, req.actor, req.params.caseNo, req.headers['x-pickup-code'])));

  app.post('/api/cases/:caseNo/status', {
    config: { scope: { case: 'params.caseNo' } },
    preHandler: requireRole('clerk'),
    schema: {
      tags: ['case'],
      summary: '受理 → 审核 → 办结 → 已取件',
      params: CaseNo,
      body: Type.Object({ status: Type.Union(CASE_STATUSES.map((s) => Type.Literal(s))) }, { additionalProperties: false }),
      response: { 200: Case, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => setCaseStatus(trx, app.ctx, req.actor, req.params.caseNo, req.body.status as CaseStatus)));

  app.post('/api/cases/:caseNo/reprint', {
    config: { scope: { case: 'params.caseNo' } },
    preHandler: requireRole('clerk'),
    schema: {
      tags: ['case', 'printing'],
      summary: 'Print the pickup slip again on the accepting window printer',
      params: CaseNo,
      response: { 201: Type.Object({ caseNo: Type.String(), jobId: Type.String() }), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 201, (trx) => reprintSlip(trx, ctxFor(app, req), req.actor, req.params.caseNo)));

  app.get('/api/cases/:caseNo/slip', {
    config: { scope: { case: 'params.caseNo' } },
    preHandler: requireRole('clerk'),
    schema: {
      tags: ['case', 'printing'],
      summary: 'The pickup slip as raw ESC/POS bytes (preview in the clerk console)',
      params: CaseNo,
      querystring: Type.Object({ width: Type.Optional(Type.Union([Type.Literal(58), Type.Literal(80)])) }),
      response: { ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    const c = await findCase(app.db, req.params.caseNo);
    const bytes = renderPickupSlip(await slipData(app.db, ctxFor(app, req), c), { width: req.query.width ?? 80, hall: await hallPrintSettings(app.db, c.hall_id) });
    return reply.type('application/octet-stream').send(Buffer.from(bytes) as never);
  });
};

export default cases;
