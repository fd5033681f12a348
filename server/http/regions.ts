import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { StaffInfo } from '../../protocol/services.ts';
import { Line } from '../../protocol/text.ts';
import { HALL_LEVELS, REGION_LEVELS, type RegionLevel } from '../domain/regions.ts';
import { requireHallRole, requireRole } from '../plugins/auth.ts';
import { regionOverview } from '../services/overview.ts';
import { createRegion, createRegionStaff, regionStaff, regionTree } from '../services/regions.ts';
import { hashPassword } from '../services/staff.ts';
import type { Role } from '../domain/rules.ts';
import { setMatterOffer } from '../services/sinking.ts';
import { errors } from './errors.ts';
import { idempotent } from './idempotency.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const HallRef = Type.Object({ id: Type.String(), name: Type.String(), level: Type.String() });
// children: nodes of the same shape (documented, not expanded: the tree is four levels deep).
const RegionNode = Type.Object({
  id: Type.String(), name: Type.String(), level: Type.String(), parentId: Type.Union([Type.String(), Type.Null()]), halls: Type.Array(HallRef),
  children: Type.Array(Type.Unknown(), { description: 'regions below, each of this same shape' }),
});
const HallOverview = Type.Object({
  hallId: Type.String(), name: Type.String(), level: Type.String(), waiting: Type.Integer(), longestWaitMinutes: Type.Integer(), openWindows: Type.Integer(),
  idleWindows: Type.Integer(), overdueCases: Type.Integer(), overdueHandovers: Type.Integer(), devicesDown: Type.Integer(),
});

/** Halls as a network: the region tree, the county board's overview, 下沉事项. */
const regions: FastifyPluginAsyncTypebox = async (app) => {
  const secured = { tags: ['network'] };

  app.get('/api/regions', {
    config: { scope: { self: true } },
    preHandler: requireRole('clerk'),
    schema: { ...secured, summary: 'The region tree (市 > 县 > 乡镇 > 村) with its halls, as far as the caller sees', response: { 200: Type.Array(RegionNode), ...errors(401, 403) } },
  }, async (req) => regionTree(app.db, req.actor));

  app.post('/api/regions', {
    config: { scope: { region: 'body.parentId' } },
    preHandler: requireRole('admin'),
    schema: {
      ...secured,
      summary: 'Add a region below a parent (system administrators, or an admin of the parent region)',
      body: Type.Object(
        { id: Type.Optional(Type.String({ pattern: '^[a-z0-9_-]{2,32}$' })), name: Line({ minLength: 1, maxLength: 60 }), level: Type.Union(REGION_LEVELS.map((l) => Type.Literal(l))), parentId: Type.Optional(Type.Union([Id, Type.Null()])) },
        { additionalProperties: false },
      ),
      response: { 201: Type.Object({ id: Type.String() }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 201, (trx) => createRegion(trx, app.ctx, req.actor, { ...req.body, level: req.body.level as RegionLevel })));

  app.get('/api/regions/:regionId/overview', {
    config: { scope: { region: 'params.regionId' } },
    preHandler: requireRole('manager'),
    schema: {
      ...secured,
      summary: 'County board: every hall below the region live (waiting, longest wait, windows, overdue cases and hand-overs, devices down)',
      params: Type.Object({ regionId: Id }),
      response: { 200: Type.Object({ regionId: Type.String(), halls: Type.Array(HallOverview) }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => regionOverview(app.db, app.ctx, req.params.regionId));

  app.get('/api/regions/:regionId/staff', {
    config: { scope: { region: 'params.regionId' } },
    preHandler: requireRole('admin'),
    schema: {
      ...secured,
      summary: "Region-scoped accounts of the region and of every region below it (not the halls' own staff)",
      params: Type.Object({ regionId: Id }),
      response: { 200: Type.Array(Type.Object({ ...StaffInfo.properties, regionId: Type.String() })), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => regionStaff(app.db, req.params.regionId));

  app.post('/api/regions/:regionId/staff', {
    config: { scope: { region: 'params.regionId' } },
    preHandler: requireRole('admin'),
    schema: {
      ...secured,
      summary: 'Add a region-scoped account (a county bureau manager sees and manages every hall below)',
      params: Type.Object({ regionId: Id }),
      body: Type.Object(
        {
          username: Type.String({ pattern: '^[A-Za-z0-9_.-]{2,32}$' }), name: Line({ minLength: 1, maxLength: 32 }), staffNo: Line({ minLength: 1, maxLength: 16 }),
          role: Type.Union([Type.Literal('manager'), Type.Literal('admin')]), password: Type.String({ minLength: 8, maxLength: 128 }),
        },
        { additionalProperties: false },
      ),
      response: { 201: Type.Object({ id: Type.String(), username: Type.String(), name: Type.String(), staffNo: Type.String(), role: Type.String(), regionId: Type.String() }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => {
    const hash = await hashPassword(req.body.password);
    return idempotent(app, req, reply, 201, (trx) => createRegionStaff(trx, app.ctx, req.actor, req.params.regionId, { ...req.body, role: req.body.role as Role }, hash));
  });

  app.put('/api/halls/:hallId/matters/:matterId/offered', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('admin'),
    schema: {
      ...secured,
      summary: '下沉事项: the levels (town, village) and single halls below that also handle this matter',
      params: Type.Object({ hallId: Id, matterId: Id }),
      body: Type.Object({ levels: Type.Array(Type.Union(HALL_LEVELS.map((l) => Type.Literal(l))), { maxItems: 3 }), hallIds: Type.Array(Id, { maxItems: 2000 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ id: Type.String(), levels: Type.Array(Type.String()), hallIds: Type.Array(Type.String()) }), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => setMatterOffer(trx, app.ctx, req.actor, req.params.hallId, req.params.matterId, req.body)));
};

export default regions;
