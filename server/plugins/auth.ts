import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { forbidden, notFound, unauthorized } from '../domain/errors.ts';
import type { Role } from '../domain/rules.ts';
import type { Actor } from '../services/context.ts';
import { authenticateDevice } from '../services/devices.ts';
import { authenticateStaff } from '../services/staff.ts';
import { TICKET_KEY_HEADER } from '../services/ticket-keys.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
}

/** OpenAPI security requirements: alternatives, each naming a scheme of the document (server/app.ts). */
export type Credential = 'bearer' | 'device' | 'ticketKey' | 'pickupCode';
export type SecurityRequirement = Record<Credential, []>;
export type Guard = (req: FastifyRequest) => Promise<void>;
export interface GuardInfo {
  security: Partial<SecurityRequirement>[];
  /** Who may call, in words (the document's `x-access`). */
  access: string;
}

// What each guard asks for is known where the guard is made, so the OpenAPI document is derived
// from the guards a route declares, never written beside them (where it could say otherwise). A
// new kind of check is a new guard made with guard(), so the document names it too.
const GUARDS = new WeakMap<Guard, GuardInfo>();
export function guard(info: GuardInfo, check: Guard): Guard {
  GUARDS.set(check, info);
  return check;
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
    app.addHook('onRoute', declareSecurity);
  },
  { name: 'auth', dependencies: ['core'] },
);

/**
 * Every route's OpenAPI `security` and `x-access` come from the guards in its `preHandler`; a
 * route without one is open to anyone (`security: []`). The guards are moved to `preValidation`,
 * so a caller without credentials gets 401 before the body is looked at (and learns nothing of it).
 */
const DECLARED = new WeakSet<object>();

export function declareSecurity(route: RouteOptions): void {
  const schema = (route.schema ??= {}) as Record<string, unknown>;
  // A GET's automatic HEAD route shares its schema, already filled in.
  if (schema.security !== undefined && !DECLARED.has(schema)) {
    throw new Error(`${route.method} ${route.url}: do not write schema.security by hand; it comes from the route's guards (server/plugins/auth.ts)`);
  }
  const pre = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
  const guards = pre.filter((h) => GUARDS.has(h as Guard)) as Guard[];
  const rest = pre.filter((h) => !GUARDS.has(h as Guard));
  const infos = guards.map((g) => GUARDS.get(g)!);
  // Several guards all have to pass: the last (the narrowest) describes the route.
  const info = infos.at(-1);
  schema.security = info ? info.security : [];
  schema['x-access'] = info ? info.access : 'anyone';
  DECLARED.add(schema);
  if (guards.length === 0) return;
  const validation = route.preValidation === undefined ? [] : Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation];
  route.preValidation = [...guards, ...validation] as RouteOptions['preValidation'];
  route.preHandler = rest.length > 0 ? (rest as RouteOptions['preHandler']) : undefined;
}

const RANK: Record<Role, number> = { clerk: 1, manager: 2, admin: 3 };
const atLeast = (min: Role) => (min === 'admin' ? 'admin' : `${min} or above`);

function checkRole(req: FastifyRequest, min: Role): void {
  const role = req.actor.role;
  if (!role) throw unauthorized('LOGIN_REQUIRED', '请先登录');
  if (RANK[role] < RANK[min]) throw forbidden('ROLE_NOT_ALLOWED', '您的角色无权执行此操作');
}

/** Guard: staff of at least this role. A failed check stops the request (the handler never runs). */
export function requireRole(min: Role): Guard {
  return guard({ security: [{ bearer: [] }], access: `staff: ${atLeast(min)}` }, async (req) => checkRole(req, min));
}

/**
 * Guard: staff of at least this role, of the hall in the `:hallId` of the URL (an admin
 * without a hall may see every hall).
 */
export function requireHallRole(min: Role): Guard {
  return guard({ security: [{ bearer: [] }], access: `staff of the hall: ${atLeast(min)}` }, async (req) => {
    checkRole(req, min);
    const hallId = (req.params as { hallId?: string }).hallId;
    if (req.actor.hallId && hallId && req.actor.hallId !== hallId) {
      const exists = await req.server.db.selectFrom('halls').select('id').where('id', '=', hallId).executeTakeFirst();
      if (!exists) throw notFound('HALL_NOT_FOUND', `没有这个大厅：${hallId}`);
      throw forbidden('OTHER_HALL', '您无权查看其他大厅的数据');
    }
  });
}

/** Guard: staff, or a device of a window (a keypad or agent acts for its window). */
export const requireStaffOrDevice: Guard = guard({ security: [{ bearer: [] }, { device: [] }], access: 'staff, or a device' }, async (req) => {
  if (!req.actor.staffId && !req.actor.deviceId) throw unauthorized('LOGIN_REQUIRED', '请先登录');
});

/** Guard: a device (kiosk, display, agent, evaluator) by its `X-Device-Token`. */
export const requireDevice: Guard = guard({ security: [{ device: [] }], access: 'a device' }, async (req) => {
  if (!req.actor.deviceId) throw unauthorized('DEVICE_TOKEN_REQUIRED', '需要设备凭证 X-Device-Token');
});

const header = (req: FastifyRequest, name: string) => {
  const v = req.headers[name];
  return typeof v === 'string' && v.length > 0;
};
/** Whether a request carries each kind of credential; whether it is the right one is the service's to say. */
const CARRIES: Record<Credential, (req: FastifyRequest) => boolean> = {
  bearer: (req) => Boolean(req.actor.staffId),
  device: (req) => Boolean(req.actor.deviceId),
  ticketKey: (req) => header(req, TICKET_KEY_HEADER),
  pickupCode: (req) => header(req, 'x-pickup-code'),
};
const WORDS: Record<Credential, string> = { bearer: 'staff', device: 'a device', ticketKey: "the ticket's holder (X-Ticket-Key)", pickupCode: "the slip's pickup code (X-Pickup-Code)" };

/**
 * Guard: one of these credentials. A ticket's secret or a slip's pickup code is checked against
 * the thing itself by the service (a wrong one is 403 or 404); this guard only refuses a call that
 * carries none of them (401), so the document says truly what each route takes.
 */
export function requireOneOf(...creds: Credential[]): Guard {
  const [code, message] = creds.includes('ticketKey')
    ? ['TICKET_KEY_REQUIRED', '请扫描号票上的二维码查看这张号票']
    : creds.includes('pickupCode')
      ? ['PICKUP_CODE_REQUIRED', '请输入回执上的取件码']
      : ['LOGIN_REQUIRED', '请先登录'];
  return guard({ security: creds.map((c) => ({ [c]: [] })), access: creds.map((c) => WORDS[c]).join(', or ') }, async (req) => {
    if (!creds.some((c) => CARRIES[c](req))) throw unauthorized(code, message);
  });
}
