import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden, notFound, unauthorized } from '../domain/errors.ts';
import type { Role } from '../domain/rules.ts';
import type { Actor } from '../services/context.ts';
import { authenticateDevice } from '../services/devices.ts';
import { authenticateStaff } from '../services/staff.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
}

/** Reads `Authorization: Bearer` (staff) or `X-Device-Token` (kiosk, display, agent) once per request. */
export default fp(
  async function auth(app: FastifyInstance) {
    app.decorateRequest('actor', null as unknown as Actor);
    app.addHook('onRequest', async (req) => {
      req.actor = {};
      const header = req.headers.authorization;
      if (header) {
        const m = /^Bearer\s+(\S+)$/i.exec(header);
        const actor = m ? await authenticateStaff(app.db, app.ctx, m[1]) : null;
        if (!actor) throw unauthorized('INVALID_TOKEN', '登录已失效，请重新登录');
        req.actor = actor;
        return;
      }
      const device = req.headers['x-device-token'];
      if (typeof device === 'string' && device.length > 0) {
        const actor = await authenticateDevice(app.db, device);
        if (!actor) throw unauthorized('INVALID_DEVICE_TOKEN', '设备凭证无效');
        req.actor = actor;
      }
    });
  },
  { name: 'auth', dependencies: ['core'] },
);

const RANK: Record<Role, number> = { clerk: 1, manager: 2, admin: 3 };

/** preHandler: staff of at least this role. A failed check stops the request (the handler never runs). */
export function requireRole(min: Role) {
  return async (req: FastifyRequest) => {
    const role = req.actor.role;
    if (!role) throw unauthorized('LOGIN_REQUIRED', '请先登录');
    if (RANK[role] < RANK[min]) throw forbidden('ROLE_NOT_ALLOWED', '您的角色无权执行此操作');
  };
}

/**
 * preHandler: staff of at least this role, of the hall in the `:hallId` of the URL (an admin
 * without a hall may see every hall).
 */
export function requireHallRole(min: Role) {
  const role = requireRole(min);
  return async (req: FastifyRequest) => {
    await role(req);
    const hallId = (req.params as { hallId?: string }).hallId;
    if (req.actor.hallId && hallId && req.actor.hallId !== hallId) {
      const exists = await req.server.db.selectFrom('halls').select('id').where('id', '=', hallId).executeTakeFirst();
      if (!exists) throw notFound('HALL_NOT_FOUND', `没有这个大厅：${hallId}`);
      throw forbidden('OTHER_HALL', '您无权查看其他大厅的数据');
    }
  };
}

/** preHandler: staff, or a device of a window (a keypad or agent acts for its window). */
export async function requireStaffOrDevice(req: FastifyRequest): Promise<void> {
  if (!req.actor.staffId && !req.actor.deviceId) throw unauthorized('LOGIN_REQUIRED', '请先登录');
}
