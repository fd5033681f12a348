import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Line } from '../../protocol/text.ts';
import { DeviceInfo, StaffInfo, WindowPrinter } from '../../protocol/services.ts';
import type { Role } from '../domain/rules.ts';
import { requireHallRole, requireRole } from '../plugins/auth.ts';
import { createStaff, listDevices, listStaff, listWindowPrinters, revokeDevice, setStaffActive } from '../services/admin.ts';
import { hashPassword } from '../services/staff.ts';
import { errors } from './errors.ts';
import { idempotent } from './idempotency.ts';

const HallParams = Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }) });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** Administration of a hall: devices, window printers, staff accounts (admin only). */
const admin: FastifyPluginAsyncTypebox = async (app) => {
  const tagged = { tags: ['admin'] };

  app.get('/api/halls/:hallId/devices', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('admin'),
    schema: { ...tagged, summary: 'Registered kiosks, displays, agents, keypads and evaluators, with their printer state', params: HallParams, response: { 200: Type.Array(DeviceInfo), ...errors(400, 401, 403, 404) } },
  }, async (req) => listDevices(app.db, app.ctx, req.params.hallId));

  app.delete('/api/devices/:id', {
    config: { scope: { device: 'params.id' } },
    preHandler: requireRole('admin'),
    schema: { ...tagged, summary: 'Revoke a device credential (a lost or replaced kiosk)', params: IdParams, response: { 200: Type.Object({ id: Type.String() }), ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => revokeDevice(trx, app.ctx, req.actor, req.params.id)));

  app.get('/api/halls/:hallId/window-printers', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('admin'),
    schema: { ...tagged, summary: "Each window's slip printer and its state", params: HallParams, response: { 200: Type.Array(WindowPrinter), ...errors(400, 401, 403, 404) } },
  }, async (req) => listWindowPrinters(app.db, app.ctx, req.params.hallId));

  app.get('/api/halls/:hallId/staff', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('admin'),
    schema: { ...tagged, summary: 'Staff accounts of the hall', params: HallParams, response: { 200: Type.Array(StaffInfo), ...errors(400, 401, 403, 404) } },
  }, async (req) => listStaff(app.db, req.params.hallId));

  app.post('/api/halls/:hallId/staff', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('admin'),
    schema: {
      ...tagged,
      summary: 'Add a staff account',
      params: HallParams,
      body: Type.Object(
        {
          username: Type.String({ pattern: '^[A-Za-z0-9_.-]{2,32}$' }),
          name: Line({ minLength: 1, maxLength: 32 }),
          staffNo: Line({ minLength: 1, maxLength: 16 }),
          role: Type.Union([Type.Literal('clerk'), Type.Literal('manager'), Type.Literal('admin')]),
          password: Type.String({ minLength: 8, maxLength: 128 }),
        },
        { additionalProperties: false },
      ),
      response: { 201: StaffInfo, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => {
    const hash = await hashPassword(req.body.password);
    return idempotent(app, req, reply, 201, (trx) => createStaff(trx, app.ctx, req.actor, req.params.hallId, { ...req.body, role: req.body.role as Role }, hash));
  });

  app.post('/api/staff/:id/active', {
    config: { scope: { staff: 'params.id' } },
    preHandler: requireRole('admin'),
    schema: {
      ...tagged,
      summary: 'Activate or deactivate a staff account (deactivation ends its sessions)',
      params: IdParams,
      body: Type.Object({ active: Type.Boolean() }, { additionalProperties: false }),
      response: { 200: StaffInfo, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => setStaffActive(trx, app.ctx, req.actor, req.params.id, req.body.active)));
};

export default admin;
