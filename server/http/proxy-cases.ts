import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Line } from '../../protocol/text.ts';
import { requireHallRole, requireOneOf, requireRole } from '../plugins/auth.ts';
import { actOnProxyCase, followProxyCase, getProxyCase, listProxyCases, recordProxyCase } from '../services/proxy-cases.ts';
import { errors } from './errors.ts';
import { idempotent } from './idempotency.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Step = Type.Object({ action: Type.String(), hallId: Type.String(), at: Type.String(), by: Type.Union([Type.String(), Type.Null()]), dueAt: Type.Union([Type.String(), Type.Null()]), late: Type.Boolean() });
const ProxyCase = Type.Object({
  id: Type.String(), proxyNo: Type.String(), status: Type.String({ description: 'received, forwarded, accepted, returned, delivered' }), hallId: Type.String({ description: 'the hall holding it' }), hallName: Type.String(),
  originHallId: Type.String(), matterId: Type.String(), matterName: Type.String(), applicantName: Type.String(), materials: Type.Array(Type.String()),
  missing: Type.Array(Type.String(), { description: "the matter's materials not received (一次性告知)" }), caseNo: Type.Union([Type.String(), Type.Null()]),
  promisedDate: Type.Union([Type.String(), Type.Null()]), dueAt: Type.Union([Type.String(), Type.Null()]), overdue: Type.Boolean(), steps: Type.Array(Step),
  followCode: Type.Union([Type.String(), Type.Null()], { description: "printed on the citizen's slip and carried in its QR; the follow page needs it (X-Pickup-Code)" }),
});

/** 三级代办: record at a village or town, forward up, accept at the county, return down, deliver. */
const proxyCases: FastifyPluginAsyncTypebox = async (app) => {
  const secured = { tags: ['proxy'] };

  app.post('/api/halls/:hallId/proxy-cases', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('clerk'),
    schema: {
      ...secured,
      summary: '代办: record a citizen’s matter with the materials received; due up within 1 working day',
      params: Type.Object({ hallId: Id }),
      body: Type.Object(
        {
          matterId: Id, applicantName: Line({ minLength: 1, maxLength: 32 }), phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9][0-9 -]{5,19}$', description: '11-digit mobile or a landline with area code (0531-12345678); else 400 INVALID_PHONE' })),
          idNumber: Type.Optional(Type.String({ pattern: '^\\s*[0-9]{17}[0-9Xx]\\s*$' })), materials: Type.Array(Line({ minLength: 1, maxLength: 100 }), { maxItems: 40 }),
          consent: Type.Optional(Type.Boolean({ description: "the citizen's consent to 代办 (false is refused)" })),
        },
        { additionalProperties: false },
      ),
      response: { 201: ProxyCase, ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 201, (trx) => recordProxyCase(trx, app.ctx, req.actor, req.params.hallId, req.body)));

  for (const action of ['forward', 'accept', 'return', 'deliver'] as const) {
    app.post(`/api/proxy-cases/:id/${action}`, {
      config: { scope: { proxyCase: 'params.id' } },
      preHandler: requireRole('clerk'),
      schema: {
        ...secured,
        summary: { forward: 'Pass it one hall up', accept: '受理 at a county hall: a case with its number and promised date', return: 'Pass the result one hall down', deliver: 'Deliver the result where it began' }[action],
        params: Type.Object({ id: Id }),
        response: { 200: ProxyCase, ...errors(400, 401, 403, 404, 409) },
      },
    }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => actOnProxyCase(trx, app.ctx, req.actor, (req.params as { id: string }).id, action)));
  }

  app.get('/api/proxy-cases/:id', {
    config: { scope: { proxyTrail: 'params.id' } },
    preHandler: requireRole('clerk'),
    schema: { ...secured, summary: 'A proxy case with every hand-over (who, when, due, late), for staff along its way', params: Type.Object({ id: Id }), response: { 200: ProxyCase, ...errors(400, 401, 403, 404) } },
  }, async (req) => getProxyCase(app.db, app.ctx, req.params.id));

  app.get('/api/proxy/:proxyNo', {
    config: { scope: { proxyNo: 'params.proxyNo' } },
    preHandler: requireOneOf('pickupCode'),
    schema: {
      tags: ['proxy'],
      summary: "Follow a proxy case by the number on the citizen's slip (its QR): status, where it is, the case once accepted",
      params: Type.Object({ proxyNo: Type.String({ minLength: 1, maxLength: 32 }) }),
      headers: Type.Object({ 'x-pickup-code': Type.Optional(Type.String({ maxLength: 64 })) }),
      response: {
        200: Type.Object({
          proxyNo: Type.String(), status: Type.String(), matterName: Type.String(), hallName: Type.String(), dueAt: Type.Union([Type.String(), Type.Null()]),
          caseNo: Type.Union([Type.String(), Type.Null()]), promisedDate: Type.Union([Type.String(), Type.Null()]), missing: Type.Array(Type.String()),
          steps: Type.Array(Type.Object({ action: Type.String(), hallName: Type.String(), at: Type.String() })),
        }),
        ...errors(400, 401, 404),
      },
    },
  }, async (req) => followProxyCase(app.db, app.ctx, req.params.proxyNo, req.headers['x-pickup-code']));

  app.get('/api/halls/:hallId/proxy-cases', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('clerk'),
    schema: {
      ...secured,
      summary: "The hall's proxy-case ledger (held here or begun here), overdue hand-overs first",
      params: Type.Object({ hallId: Id }),
      querystring: Type.Object({ overdue: Type.Optional(Type.Boolean()) }),
      response: { 200: Type.Array(ProxyCase), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => listProxyCases(app.db, app.ctx, req.params.hallId, req.query));
};

export default proxyCases;
