import crypto from 'node:crypto';
import type { Queryable, Trx } from '../db/index.ts';
import { conflict, forbidden, invalid, notFound } from '../domain/errors.ts';
import { fitsBelow, type RegionLevel } from '../domain/regions.ts';
import type { Role } from '../domain/rules.ts';
import { addStaff } from './staff.ts';
import type { Actor, ServiceContext } from './context.ts';
import { outcome } from './events.ts';
import { isSystemWide, reaches } from './scope.ts';
import { audit } from './window-view.ts';

export interface RegionNode {
  id: string;
  name: string;
  level: string;
  parentId: string | null;
  halls: Array<{ id: string; name: string; level: string }>;
  children: RegionNode[];
}

/**
 * The region tree as far as the caller sees it: all of it for a system administrator, the
 * subtree of a region-scoped account, the region of one's own hall (with only that hall) for hall staff.
 */
export async function regionTree(db: Queryable, actor: Actor): Promise<RegionNode[]> {
  const regions = await db.selectFrom('regions').selectAll().orderBy('level').orderBy('id').execute();
  const halls = await db.selectFrom('halls').select(['id', 'name', 'level', 'region_id']).orderBy('created_at').execute();
  const nodes = new Map<string, RegionNode>(regions.map((r) => [r.id, { id: r.id, name: r.name, level: r.level, parentId: r.parent_id, halls: [], children: [] }]));
  const ownHall = actor.hallId ?? null;
  for (const h of halls) {
    if (ownHall && h.id !== ownHall) continue;
    if (h.region_id) nodes.get(h.region_id)?.halls.push({ id: h.id, name: h.name, level: h.level });
  }
  for (const n of nodes.values()) if (n.parentId) nodes.get(n.parentId)?.children.push(n);
  if (isSystemWide(actor)) return [...nodes.values()].filter((n) => !n.parentId || !nodes.has(n.parentId));
  if (actor.regionId) return nodes.has(actor.regionId) ? [nodes.get(actor.regionId)!] : [];
  const region = halls.find((h) => h.id === ownHall)?.region_id;
  const node = region ? nodes.get(region) : undefined;
  return node ? [{ ...node, children: [] }] : [];
}

/** A new region below a parent (a system administrator may also start a new tree). */
export async function createRegion(trx: Trx, ctx: ServiceContext, actor: Actor, input: { id?: string; name: string; level: RegionLevel; parentId?: string | null }) {
  const id = input.id ?? `reg_${crypto.randomBytes(6).toString('base64url')}`;
  if (await trx.selectFrom('regions').select('id').where('id', '=', id).executeTakeFirst()) throw conflict('REGION_EXISTS', `区域 ${id} 已存在`);
  if (input.parentId) {
    const parent = await trx.selectFrom('regions').select(['id', 'level']).where('id', '=', input.parentId).executeTakeFirst();
    if (!parent) throw notFound('REGION_NOT_FOUND', `没有这个区域：${input.parentId}`);
    if (!(await reaches(trx, actor, { regionId: parent.id }))) throw forbidden('OTHER_HALL', '您无权管理这个区域');
    if (!fitsBelow(parent.level, input.level)) throw invalid('BAD_REGION_LEVEL', `${input.level} 不能设在 ${parent.level} 之下`);
  } else if (!isSystemWide(actor)) {
    throw forbidden('SYSTEM_ADMIN_ONLY', '只有系统管理员可以新建顶级区域');
  }
  const now = ctx.clock.now();
  await trx.insertInto('regions').values({ id, name: input.name, level: input.level, parent_id: input.parentId ?? null, created_at: now }).execute();
  await audit(trx, actor, null, 'region.create', id, { name: input.name, level: input.level, parentId: input.parentId ?? null }, now);
  return outcome({ id });
}

/** The region and every region below it, in tree order (a town, then its villages). */
async function regionsBelow(db: Queryable, regionId: string): Promise<string[]> {
  const regions = await db.selectFrom('regions').select(['id', 'parent_id']).orderBy('created_at').orderBy('id').execute();
  const order: string[] = [];
  const visit = (id: string) => {
    if (order.includes(id)) return;
    order.push(id);
    for (const r of regions) if (r.parent_id === id) visit(r.id);
  };
  visit(regionId);
  return order;
}

/** The halls of a region and every region below it, in tree order (a town, then its villages). */
export async function hallsBelow(db: Queryable, regionId: string) {
  const order = await regionsBelow(db, regionId);
  const halls = await db.selectFrom('halls').select(['id', 'name', 'level', 'region_id', 'time_zone', 'created_at']).where('region_id', 'in', order).orderBy('created_at').orderBy('id').execute();
  const at = (h: { region_id: string | null }) => order.indexOf(h.region_id!);
  return halls.sort((a, b) => at(a) - at(b) || a.level.localeCompare(b.level));
}

/**
 * The region-scoped accounts of a region and of every region below it (whoever may manage the
 * region manages those below too), in tree order; hall staff are the halls' own (人员管理).
 */
export async function regionStaff(db: Queryable, regionId: string) {
  if (!(await db.selectFrom('regions').select('id').where('id', '=', regionId).executeTakeFirst())) throw notFound('REGION_NOT_FOUND', `没有这个区域：${regionId}`);
  const order = await regionsBelow(db, regionId);
  const rows = await db.selectFrom('staff').select(['id', 'username', 'name', 'staff_no', 'role', 'active', 'region_id'])
    .where('region_id', 'in', order).where('hall_id', 'is', null).orderBy('username').execute();
  const at = (s: { region_id: string | null }) => order.indexOf(s.region_id!);
  return rows.sort((a, b) => at(a) - at(b))
    .map((s) => ({ id: s.id, username: s.username, name: s.name, staffNo: s.staff_no, role: s.role, active: s.active === 1, regionId: s.region_id! }));
}

/** A region-scoped account (a county bureau's manager or admin): it sees every hall below the region. */
export async function createRegionStaff(
  trx: Trx, ctx: ServiceContext, actor: Actor, regionId: string,
  input: { username: string; name: string; staffNo: string; role: Role; password: string }, passwordHash: string,
) {
  if (!(await trx.selectFrom('regions').select('id').where('id', '=', regionId).executeTakeFirst())) throw notFound('REGION_NOT_FOUND', `没有这个区域：${regionId}`);
  const { id } = await addStaff(trx, ctx, { ...input, hallId: null, regionId }, passwordHash);
  await audit(trx, actor, null, 'staff.create', id, { username: input.username, role: input.role, regionId }, ctx.clock.now());
  return outcome({ id, username: input.username, name: input.name, staffNo: input.staffNo, role: input.role, regionId });
}
