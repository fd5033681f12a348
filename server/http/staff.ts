import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Line } from '../../protocol/text.ts';
import { DeviceBody, DeviceCreated, DeviceEnrolBody, DeviceEnrolled, LoginBody, LoginResult } from '../../protocol/schemas.ts';
import { DeviceSelf } from '../../protocol/services.ts';
import { isoInZone } from '../domain/time.ts';
import { requireDevice, requireRole } from '../plugins/auth.ts';
import { Limiter, LoginLimits, rateLimited } from '../limits.ts';
import { createDevice, deviceSelf, enrolDevice, setWindowPrinter, type DeviceKind } from '../services/devices.ts';
import { defaultPrinterUri } from '../services/printing.ts';
import { changePassword, login, logout } from '../services/staff.ts';
import { errors } from './errors.ts';
import { idempotent } from './idempotency.ts';
import { invalid } from '../domain/errors.ts';

const staff: FastifyPluginAsyncTypebox = async (app) => {
  const logins = new LoginLimits(app.config.rateLimit > 0);
  // Guessing the old password with a stolen session: 10 tries per 5 minutes.
  const passwordChanges = new Limiter(app.config.rateLimit > 0, { name: 'password-change', points: 10, perSeconds: 5 * 60 });

  app.post('/api/auth/login', {
    config: { scope: { public: true } },
    schema: { tags: ['auth'], summary: 'Staff login: an expiring bearer token', body: LoginBody, response: { 200: LoginResult, ...errors(400, 401, 429) } },
  }, async (req) => {
    const r = await logins.attempt(req.ip, req.body.username, () => login(app.db, app.ctx, req.body.username, req.body.password));
    return { ...r, expiresAt: isoInZone(r.expiresAt, 'Asia/Shanghai') };
  });

  app.post('/api/auth/password', {
    config: { scope: { self: true } },
    preHandler: requireRole('clerk'),
    schema: {
      tags: ['auth'],
      summary: 'Change my password (the demo password first of all); my other sessions end',
      body: Type.Object({ oldPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 8, maxLength: 256 }) }, { additionalProperties: false }),
      response: { 204: Type.Null(), ...errors(400, 401, 403, 429) },
    },
  }, async (req, reply) => {
    const refused = await passwordChanges.take(`${req.ip}|${req.actor.staffId ?? ''}`);
    if (refused) throw rateLimited(refused, '尝试过多，请5分钟后再试');
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    await changePassword(app.db, app.ctx, req.actor, token, req.body.oldPassword, req.body.newPassword);
    return reply.status(204).send(null);
  });

  app.post('/api/auth/logout', {
    config: { scope: { self: true } },
    schema: { tags: ['auth'], summary: 'End this session', response: { 204: Type.Null(), ...errors(401) } },
  }, async (req, reply) => {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (m) await logout(app.db, m[1]);
    return reply.status(204).send(null);
  });

  app.get('/api/devices/me', {
    config: { scope: { self: true } },
    preHandler: requireDevice,
    schema: {
      tags: ['device'],
      summary: 'The calling device (X-Device-Token) and its printer state',
      response: {
        200: DeviceSelf,
        ...errors(401),
      },
    },
  }, async (req) => deviceSelf(app.db, app.ctx, req.actor.deviceId!, (name) => defaultPrinterUri(app.ctx, name)));

  app.post('/api/devices/session', {
    // The link's token names the device; whoever holds it is that device.
    config: { scope: { public: true } },
    schema: {
      tags: ['device'],
      summary: "A kiosk, display or evaluator page trades its link's `?deviceToken=` (one-time) for a credential it keeps (X-Device-Token)",
      body: DeviceEnrolBody,
      response: { 200: DeviceEnrolled, ...errors(400, 401, 429) },
    },
  }, async (req) => app.run(async (trx) => ({ result: await enrolDevice(trx, app.ctx, req.body.token), events: [] })));

  app.post('/api/windows/:windowId/printer', {
    config: { scope: { window: 'params.windowId' } },
    preHandler: requireRole('admin'),
    schema: {
      tags: ['device', 'printing'],
      summary: "Set a window's printer: a URI, `agent:` (the window PC's device agent), or null for the spool file",
      params: Type.Object({ windowId: Type.String({ minLength: 1, maxLength: 64 }) }),
      body: Type.Object(
        { printerUri: Type.Union([Line({ minLength: 1, maxLength: 256 }), Type.Null()]), paperWidth: Type.Optional(Type.Union([Type.Literal(58), Type.Literal(80)])) },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ windowId: Type.String(), printerUri: Type.Union([Type.String(), Type.Null()]), paperWidth: Type.Integer() }), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => setWindowPrinter(trx, app.ctx, req.actor, req.params.windowId, req.body.printerUri, req.body.paperWidth)));

  app.post('/api/devices', {
    config: { scope: { hall: 'body.hallId' } },
    preHandler: requireRole('admin'),
    schema: { tags: ['device'], summary: 'Register a kiosk, display or agent; the token is shown once', body: DeviceBody, response: { 201: DeviceCreated, ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => {
    const hallId = req.body.hallId ?? req.actor.hallId;
    if (!hallId) throw invalid('HALL_REQUIRED', '请指定大厅 hallId');
    return idempotent(app, req, reply, 201, async (trx) => ({
      result: await createDevice(trx, app.ctx, req.actor, { hallId, kind: req.body.kind as DeviceKind, name: req.body.name, windowId: req.body.windowId, printerUri: req.body.printerUri, paperWidth: req.body.paperWidth }),
      events: [],
    }));
  });
};

export default staff;
