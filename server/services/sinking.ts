import type { Queryable, Trx } from '../db/index.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { HALL_LEVELS } from '../domain/regions.ts';
import type { Actor, ServiceContext } from './context.ts';
import { outcome } from './events.ts';
import { regionPath } from './scope.ts';
import { audit } from './window-view.ts';
import { namesOf } from '../domain/names.ts';

/**
 * 下沉事项: the county keeps the matter catalogue and says which levels (or single halls) below
 * it also handle a matter; a town or village offers its own matters plus those sent down to it.
 */

export async function setMatterOffer(trx: Trx, ctx: ServiceContext, actor: Actor, hallId: string, matterId: string, input: { levels: string[]; hallIds: string[] }) {
  const m = await trx.selectFrom('matters').select(['id', 'hall_id']).where('id', '=', matterId).executeTakeFirst();
  if (!m || m.hall_id !== hallId) throw notFound('MATTER_NOT_FOUND', '没有这个事项');
  const hall = await trx.selectFrom('halls').select(['level', 'region_id']).where('id', '=', hallId).executeTakeFirstOrThrow();
  const below = (l: string) => HALL_LEVELS.indexOf(l as never) > HALL_LEVELS.indexOf(hall.level as never);
  const bad = input.levels.find((l) => !below(l));
  if (bad) throw invalid('BAD_LEVEL', `事项只能下沉到本级以下：${bad}`);
  for (const id of input.hallIds) {
    const h = await trx.selectFrom('halls').select(['id', 'region_id']).where('id', '=', id).executeTakeFirst();
    if (!h || h.id === hallId || !hall.region_id || !(await regionPath(trx, h.region_id)).includes(hall.region_id)) throw notFound('HALL_NOT_FOUND', `本辖区没有这个大厅：${id}`);
  }
  const levels = [...new Set(input.levels)];
  const hallIds = [...new Set(input.hallIds)];
  await trx.updateTable('matters').set({ offered_levels: JSON.stringify(levels), offered_halls: JSON.stringify(hallIds) }).where('id', '=', m.id).execute();
  await audit(trx, actor, hallId, 'matter.offer', m.id, { levels, hallIds }, ctx.clock.now());
  return outcome({ id: m.id, levels, hallIds });
}

export interface OfferedMatter {
  id: string;
  hallId: string;
  categoryId: string;
  name: string;
  materials: string[];
  promisedDays: number;
  /** 下沉: the levels and halls below that also offer it (as the owning hall set them). */
  offeredLevels: string[];
  offeredHalls: string[];
}

/** The matters a hall offers: its own, and those the halls above it sent down to its level or to it. */
export async function mattersOffered(db: Queryable, hallId: string): Promise<OfferedMatter[]> {
  const hall = await db.selectFrom('halls').select(['id', 'level', 'region_id']).where('id', '=', hallId).executeTakeFirst();
  if (!hall) throw notFound('HALL_NOT_FOUND', `没有这个大厅：${hallId}`);
  const above = await regionPath(db, hall.region_id);
  const rows = await db
    .selectFrom('matters')
    .innerJoin('halls', 'halls.id', 'matters.hall_id')
    .selectAll('matters')
    .where((eb) => eb.or([eb('matters.hall_id', '=', hallId), ...(above.length ? [eb('halls.region_id', 'in', above)] : [])]))
    .orderBy('matters.hall_id')
    .orderBy('matters.category_id')
    .orderBy('matters.sort_order')
    .execute();
  return rows
    .filter((m) => m.hall_id === hallId || (JSON.parse(m.offered_levels) as string[]).includes(hall.level) || (JSON.parse(m.offered_halls) as string[]).includes(hallId))
    .map((m) => ({
      id: m.id, hallId: m.hall_id, categoryId: m.category_id, name: m.name, materials: JSON.parse(m.materials) as string[], promisedDays: m.promised_days,
      offeredLevels: JSON.parse(m.offered_levels) as string[], offeredHalls: JSON.parse(m.offered_halls) as string[], names: namesOf(m),
    }));
}

/** A matter this hall may accept: its own, or one sent down to it (下沉). */
export async function offeredMatter(db: Queryable, hallId: string, matterId: string) {
  const m = await db.selectFrom('matters').selectAll().where('id', '=', matterId).executeTakeFirst();
  if (!m) return undefined;
  if (m.hall_id === hallId) return m;
  return (await mattersOffered(db, hallId)).some((x) => x.id === m.id) ? m : undefined;
}
