import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden, notFound, unauthorized } from '../domain/errors.ts';
import { isSystemWide, ownerOf, reaches, THING_KINDS, type ThingKind } from '../services/scope.ts';

/**
 * What a route touches, declared once on the route (`config: { scope: … }`):
 * - `{ hall: 'params.hallId' }`, `{ window: 'params.windowId' }`, `{ case: 'params.caseNo' }` … :
 *   where in the request the id of the thing is (`params.x`, `body.x` or `query.x`); several may be named;
 * - `{ public: true }`: touches nothing of any hall (health, login, the list of halls);
 * - `{ self: true }`: acts only on the caller's own things or answers within the caller's scope
 *   (my device, my password, my agent's jobs, the regions I see);
 * - `{ system: true }`: system administrators only (staff of no hall and no region).
 */
export type ScopeDecl = { public: true } | { self: true } | { system: true } | Partial<Record<ThingKind, string>>;

declare module 'fastify' {
  interface FastifyContextConfig {
    scope?: ScopeDecl;
  }
}

const KIND: Record<ThingKind, [code: string, label: string]> = {
  hall: ['HALL', '大厅'], window: ['WINDOW', '窗口'], case: ['CASE', '办件'], ticket: ['TICKET', '号票'], device: ['DEVICE', '设备'], rating: ['RATING', '评价'],
  staff: ['STAFF', '工作人员'], printJob: ['PRINT_JOB', '打印任务'], region: ['REGION', '区域'], proxyCase: ['PROXY_CASE', '代办件'], proxyTrail: ['PROXY_CASE', '代办件'], proxyNo: ['PROXY_CASE', '代办件'], complaint: ['COMPLAINT', '投诉'],
};
const MARKERS = new Set(['public', 'self', 'system']);

/** Reads `params.hallId` / `body.regionId` / `query.x` out of the request. */
function valueAt(req: FastifyRequest, path: string): unknown {
  const [where, key] = path.split('.', 2) as ['params' | 'body' | 'query', string];
  const source = (where === 'params' ? req.params : where === 'body' ? req.body : req.query) as Record<string, unknown> | undefined;
  return source && typeof source === 'object' ? source[key] : undefined;
}

function assertDecl(url: string, decl: unknown): asserts decl is ScopeDecl {
  if (!decl || typeof decl !== 'object') throw new Error(`route ${url} declares no scope (config.scope): every /api route must say what it touches`);
  const keys = Object.keys(decl);
  const ok = keys.length > 0 && (keys.length === 1 && MARKERS.has(keys[0])
    ? (decl as Record<string, unknown>)[keys[0]] === true
    : keys.every((k) => (THING_KINDS as readonly string[]).includes(k) && /^(params|body|query)\.[A-Za-z]+$/.test(String((decl as Record<string, unknown>)[k]))));
  if (!ok) throw new Error(`route ${url} has a bad scope declaration: ${JSON.stringify(decl)}`);
}

/**
 * The one wall between halls: before validation (so a bad body from another hall still learns
 * nothing) it resolves the declared thing's hall and checks it against the caller's scope; the
 * handler never runs for another hall's thing. Routes that declare nothing stop the app starting.
 */
export default fp(
  async function scope(app: FastifyInstance) {
    // Runs after the route's guards (server/plugins/auth.ts puts them first in preValidation):
    // a caller without credentials is told so (401) before the wall says whose thing it is.
    const wall = async (req: FastifyRequest) => {
      const decl = req.routeOptions.config.scope;
      if (!decl || 'public' in decl || 'self' in decl) return;
      const actor = req.actor;
      if ('system' in decl) {
        if (!actor.staffId) throw unauthorized('LOGIN_REQUIRED', '请先登录');
        if (!isSystemWide(actor)) throw forbidden('SYSTEM_ADMIN_ONLY', '只有系统管理员可以执行此操作');
        return;
      }
      const anonymous = !actor.staffId && !actor.deviceId;
      for (const [kind, path] of Object.entries(decl) as Array<[ThingKind, string]>) {
        const id = valueAt(req, path);
        if (typeof id !== 'string') continue; // absent: the handler uses the caller's own hall or refuses
        const owner = await ownerOf(app.db, kind, id);
        // Anonymous callers get the handler's own answer (a public 404 says the same).
        if (anonymous) continue;
        if (!owner) throw notFound(`${KIND[kind][0]}_NOT_FOUND`, `没有这个${KIND[kind][1]}：${id}`);
        if (!(await reaches(app.db, actor, owner))) throw forbidden('OTHER_HALL', '您无权查看或操作其他大厅的数据');
      }
    };

    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api/')) return;
      const decl = route.config?.scope;
      assertDecl(`${String(route.method)} ${route.url}`, decl);
      // The isolation test reads the declaration from the OpenAPI document.
      if (route.schema) (route.schema as Record<string, unknown>)['x-hallq-scope'] = decl;
      const before = route.preValidation === undefined ? [] : Array.isArray(route.preValidation) ? route.preValidation : [route.preValidation];
      route.preValidation = [...before, wall] as typeof route.preValidation;
    });
  },
  { name: 'scope', dependencies: ['core', 'auth'] },
);
