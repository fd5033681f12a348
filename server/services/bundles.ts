import crypto from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Bundle, BundleBody } from '../../protocol/oversight.ts';
import type { Queryable, Trx } from '../db/index.ts';
import type { BundleTable } from '../db/schema/case.ts';
import { invalid, notFound } from '../domain/errors.ts';
import type { Actor, ServiceContext } from './context.ts';
import { outcome, type Outcome } from './events.ts';
import { audit } from './window-view.ts';

/**
 * 高效办成一件事: a named bundle of matters across departments. The citizen takes ONE ticket for
 * it (in the bundle's queue, a 综窗 category) and the clerk accepts ONE case with a part per
 * matter (services/cases.ts). Reports count the case once and per bundle.
 */

type BundleRow = Selectable<BundleTable>;

export interface BundleMatter {
  id: string;
  name: string;
  categoryId: string;
  department: string;
  promisedDays: number;
}

export interface LoadedBundle {
  row: BundleRow;
  categoryId: string;
  matters: BundleMatter[];
}

const matterIdsOf = (row: BundleRow) => JSON.parse(row.matter_ids) as string[];

/** The matters of the hall by id, with their department (the category's, or the category itself when it has none). */
async function hallMatters(db: Queryable, hallId: string, ids: string[]): Promise<Map<string, BundleMatter>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('matters')
    .innerJoin('categories', 'categories.id', 'matters.category_id')
    .leftJoin('departments', 'departments.id', 'categories.department_id')
    .select(['matters.id', 'matters.name', 'matters.category_id', 'matters.promised_days', 'categories.name as category_name', 'departments.name as department_name'])
    .where('matters.hall_id', '=', hallId)
    .where('matters.id', 'in', ids)
    .execute();
  return new Map(rows.map((m) => [m.id, { id: m.id, name: m.name, categoryId: m.category_id, department: m.department_name ?? m.category_name, promisedDays: m.promised_days }]));
}

async function loaded(db: Queryable, row: BundleRow): Promise<LoadedBundle> {
  const ids = matterIdsOf(row);
  const byId = await hallMatters(db, row.hall_id, ids);
  // A matter deleted since is left out rather than failing the whole bundle.
  const matters = ids.map((id) => byId.get(id)).filter((m): m is BundleMatter => !!m);
  return { row, categoryId: row.category_id ?? matters[0]?.categoryId ?? '', matters };
}

const view = (b: LoadedBundle): Bundle => ({
  id: b.row.id, name: b.row.name, matterIds: b.matters.map((m) => m.id), categoryId: b.categoryId,
  matters: b.matters.map((m) => ({ id: m.id, name: m.name, department: m.department })),
});

/** The hall's active bundles, for the kiosk and the console (`all`: the inactive ones too, for admin). */
export async function listBundles(db: Queryable, hallId: string, opts: { all?: boolean } = {}): Promise<Bundle[]> {
  let q = db.selectFrom('bundles').selectAll().where('hall_id', '=', hallId);
  if (!opts.all) q = q.where('active', '=', 1);
  const rows = await q.orderBy('sort_order').orderBy('created_at').orderBy('id').execute();
  return Promise.all(rows.map(async (r) => view(await loaded(db, r))));
}

/** An active bundle of the hall, or BUNDLE_NOT_FOUND. */
export async function loadBundle(db: Queryable, hallId: string, bundleId: string): Promise<LoadedBundle> {
  const row = await db.selectFrom('bundles').selectAll().where('id', '=', bundleId).where('hall_id', '=', hallId).where('active', '=', 1).executeTakeFirst();
  if (!row) throw notFound('BUNDLE_NOT_FOUND', '本大厅没有这个“一件事”');
  const b = await loaded(db, row);
  if (b.matters.length === 0) throw notFound('BUNDLE_NOT_FOUND', '这个“一件事”没有可办的事项');
  return b;
}

export async function saveBundle(trx: Trx, ctx: ServiceContext, actor: Actor, hallId: string, bundleId: string | null, input: BundleBody): Promise<Outcome<Bundle>> {
  const hall = await trx.selectFrom('halls').select('id').where('id', '=', hallId).executeTakeFirst();
  if (!hall) throw notFound('HALL_NOT_FOUND', `没有这个大厅：${hallId}`);
  if (input.matterIds) {
    if (new Set(input.matterIds).size !== input.matterIds.length) throw invalid('DUPLICATE_MATTER', '同一事项不能重复');
    const found = await hallMatters(trx, hallId, input.matterIds);
    if (found.size !== input.matterIds.length) throw notFound('MATTER_NOT_FOUND', '有事项不属于本大厅');
  }
  if (input.categoryId) {
    const c = await trx.selectFrom('categories').select('id').where('id', '=', input.categoryId).where('hall_id', '=', hallId).executeTakeFirst();
    if (!c) throw notFound('CATEGORY_NOT_FOUND', '没有这个业务类别');
  }
  const now = ctx.clock.now();
  const values = {
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.matterIds !== undefined ? { matter_ids: JSON.stringify(input.matterIds) } : {}),
    ...(input.categoryId !== undefined ? { category_id: input.categoryId } : {}),
    ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
  };
  let id = bundleId;
  if (id === null) {
    if (!input.name || !input.matterIds) throw invalid('BUNDLE_FIELDS_REQUIRED', '新“一件事”须有名称和至少两个事项');
    id = `bun_${crypto.randomBytes(6).toString('base64url')}`;
    const order = await trx.selectFrom('bundles').select((eb) => eb.fn.countAll<number>().as('n')).where('hall_id', '=', hallId).executeTakeFirstOrThrow();
    await trx.insertInto('bundles').values({ id, hall_id: hallId, name: '', matter_ids: '[]', category_id: null, sort_order: Number(order.n), active: 1, created_at: now, ...values }).execute();
  } else {
    const b = await trx.selectFrom('bundles').select('hall_id').where('id', '=', id).executeTakeFirst();
    if (!b || b.hall_id !== hallId) throw notFound('BUNDLE_NOT_FOUND', '本大厅没有这个“一件事”');
    if (Object.keys(values).length) await trx.updateTable('bundles').set(values).where('id', '=', id).execute();
  }
  await audit(trx, actor, hallId, bundleId ? 'bundle.update' : 'bundle.create', id, { ...input }, now);
  const row = await trx.selectFrom('bundles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return outcome(view(await loaded(trx, row)));
}

/** Deleted when nothing was taken for it yet; otherwise withdrawn (inactive), so past cases keep their bundle. */
export async function deleteBundle(trx: Trx, ctx: ServiceContext, actor: Actor, hallId: string, bundleId: string): Promise<Outcome<{ id: string; deleted: boolean }>> {
  const b = await trx.selectFrom('bundles').select('hall_id').where('id', '=', bundleId).executeTakeFirst();
  if (!b || b.hall_id !== hallId) throw notFound('BUNDLE_NOT_FOUND', '本大厅没有这个“一件事”');
  const used =
    (await trx.selectFrom('cases').select('id').where('bundle_id', '=', bundleId).limit(1).executeTakeFirst()) ??
    (await trx.selectFrom('tickets').select('id').where('bundle_id', '=', bundleId).limit(1).executeTakeFirst());
  if (used) await trx.updateTable('bundles').set({ active: 0 }).where('id', '=', bundleId).execute();
  else await trx.deleteFrom('bundles').where('id', '=', bundleId).execute();
  await audit(trx, actor, hallId, 'bundle.delete', bundleId, { deleted: !used }, ctx.clock.now());
  return outcome({ id: bundleId, deleted: !used });
}
