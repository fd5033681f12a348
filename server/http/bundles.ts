import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Bundle, BundleBody } from '../../protocol/oversight.ts';
import { requireHallRole } from '../plugins/auth.ts';
import { deleteBundle, listBundles, saveBundle } from '../services/bundles.ts';
import { errors } from './errors.ts';
import { idempotent } from './idempotency.ts';

const HallParams = Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }) });
const BundleParams = Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }), bundleId: Type.String({ minLength: 1, maxLength: 64 }) });

/** 高效办成一件事: the hall's bundles (anyone: the kiosk offers them) and their setup (admin). */
const bundles: FastifyPluginAsyncTypebox = async (app) => {
  const admin = requireHallRole('admin');
  const tags = ['bundle'];

  app.get('/api/halls/:hallId/bundles', {
    config: { scope: { hall: 'params.hallId' } },
    schema: { tags, summary: '一件事: the bundles of matters across departments a citizen can take as one ticket and one case', params: HallParams, response: { 200: Type.Array(Bundle), ...errors(400, 404) } },
  }, async (req) => listBundles(app.db, req.params.hallId));

  app.get('/api/halls/:hallId/bundles/all', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: admin,
    schema: { tags, summary: 'Every bundle, withdrawn ones too (admin)', params: HallParams, response: { 200: Type.Array(Type.Intersect([Bundle, Type.Object({ active: Type.Boolean() })])), ...errors(400, 401, 403, 404) } },
  }, async (req) => {
    const active = new Set((await listBundles(app.db, req.params.hallId)).map((b) => b.id));
    return (await listBundles(app.db, req.params.hallId, { all: true })).map((b) => ({ ...b, active: active.has(b.id) }));
  });

  app.post('/api/halls/:hallId/bundles', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: admin,
    schema: { tags, summary: 'New 一件事: a name, two or more matters of the hall, optionally the category whose queue its tickets join', params: HallParams, body: BundleBody, response: { 201: Bundle, ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => idempotent(app, req, reply, 201, (trx) => saveBundle(trx, app.ctx, req.actor, req.params.hallId, null, req.body)));

  app.put('/api/halls/:hallId/bundles/:bundleId', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: admin,
    schema: { tags, summary: 'Change a bundle (name, matters, category, active)', params: BundleParams, body: BundleBody, response: { 200: Bundle, ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => saveBundle(trx, app.ctx, req.actor, req.params.hallId, req.params.bundleId, req.body)));

  app.delete('/api/halls/:hallId/bundles/:bundleId', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: admin,
    schema: { tags, summary: 'Delete a bundle never used; one already taken is withdrawn instead (deleted: false)', params: BundleParams, response: { 200: Type.Object({ id: Type.String(), deleted: Type.Boolean() }), ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => deleteBundle(trx, app.ctx, req.actor, req.params.hallId, req.params.bundleId)));
};

export default bundles;
