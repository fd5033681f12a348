import type { Queryable } from '../db/index.ts';
import type { Actor } from './context.ts';

/**
 * Walls between halls: which hall (or region) a thing belongs to, and whether a caller's scope
 * reaches it. A device acts only in its own hall; staff in their hall, or in every hall below
 * their region; staff with neither (the system administrator) everywhere.
 */

export const THING_KINDS = ['hall', 'window', 'case', 'ticket', 'device', 'rating', 'staff', 'printJob', 'region', 'proxyCase', 'proxyTrail', 'proxyNo', 'complaint'] as const;
export type ThingKind = (typeof THING_KINDS)[number];

/** The owner of a thing: a hall, a region (regions, region-scoped staff), or the whole system. */
export type Owner = { hallId: string } | { regionId: string } | { system: true } | { anyOf: Owner[] };

export async function ownerOf(db: Queryable, kind: ThingKind, id: string): Promise<Owner | null> {
  const hall = (row: { hall_id: string } | undefined) => (row ? { hallId: row.hall_id } : null);
  switch (kind) {
    case 'hall': {
      const h = await db.selectFrom('halls').select('id').where('id', '=', id).executeTakeFirst();
      return h ? { hallId: h.id } : null;
    }
    case 'window':
      return hall(await db.selectFrom('windows').select('hall_id').where('id', '=', id).executeTakeFirst());
    case 'case':
      return hall(await db.selectFrom('cases').select('hall_id').where('case_no', '=', id).executeTakeFirst());
    case 'ticket':
      return hall(await db.selectFrom('tickets').select('hall_id').where('id', '=', id).executeTakeFirst());
    case 'device':
      return hall(await db.selectFrom('devices').select('hall_id').where('id', '=', id).executeTakeFirst());
    case 'rating':
      return hall(await db.selectFrom('ratings').select('hall_id').where('id', '=', id).executeTakeFirst());
    case 'complaint':
      return hall(await db.selectFrom('complaints').select('hall_id').where('id', '=', id).executeTakeFirst());
    case 'printJob':
      return hall(await db.selectFrom('print_jobs').select('hall_id').where('id', '=', id).executeTakeFirst());
    // A proxy case is held by one hall at a time; the hall holding it acts on it.
    case 'proxyCase':
      return hall(await db.selectFrom('proxy_cases').select('hall_id').where('id', '=', id).executeTakeFirst());
    // Following a proxy case: every hall on its way (where it began, where it went, who holds it).
    case 'proxyTrail':
    case 'proxyNo': {
      const pc = await db.selectFrom('proxy_cases').select(['id', 'hall_id', 'origin_hall_id']).where(kind === 'proxyNo' ? 'proxy_no' : 'id', '=', id).executeTakeFirst();
      if (!pc) return null;
      const steps = await db.selectFrom('proxy_steps').select('hall_id').where('proxy_case_id', '=', pc.id).execute();
      return { anyOf: [...new Set([pc.hall_id, pc.origin_hall_id, ...steps.map((s) => s.hall_id)])].map((hallId) => ({ hallId })) };
    }
    case 'region': {
      const r = await db.selectFrom('regions').select('id').where('id', '=', id).executeTakeFirst();
      return r ? { regionId: r.id } : null;
    }
    case 'staff': {
      const s = await db.selectFrom('staff').select(['hall_id', 'region_id']).where('id', '=', id).executeTakeFirst();
      if (!s) return null;
      if (s.hall_id) return { hallId: s.hall_id };
      return s.region_id ? { regionId: s.region_id } : { system: true };
    }
  }
}

/** Staff with neither a hall nor a region reach every hall. */
export const isSystemWide = (actor: Actor) => !!actor.staffId && !actor.hallId && !actor.regionId;

/** The region and its ancestors, nearest first (a tree of four levels: a handful of reads). */
export async function regionPath(db: Queryable, regionId: string | null): Promise<string[]> {
  const path: string[] = [];
  for (let id = regionId; id && !path.includes(id); ) {
    path.push(id);
    const r = await db.selectFrom('regions').select('parent_id').where('id', '=', id).executeTakeFirst();
    id = r?.parent_id ?? null;
  }
  return path;
}

/** Whether the caller may touch a thing of this owner. Anonymous callers have no scope to check. */
export async function reaches(db: Queryable, actor: Actor, owner: Owner): Promise<boolean> {
  if ('anyOf' in owner) {
    for (const o of owner.anyOf) if (await reaches(db, actor, o)) return true;
    return false;
  }
  if (actor.deviceId) return 'hallId' in owner && owner.hallId === actor.hallId;
  if (!actor.staffId) return true;
  if (isSystemWide(actor)) return true;
  if (actor.hallId) return 'hallId' in owner && owner.hallId === actor.hallId;
  if ('system' in owner) return false;
  const regionId = 'regionId' in owner ? owner.regionId : ((await db.selectFrom('halls').select('region_id').where('id', '=', owner.hallId).executeTakeFirst())?.region_id ?? null);
  return (await regionPath(db, regionId)).includes(actor.regionId!);
}

/** The halls a caller reaches, or 'all'. */
export async function reachableHalls(db: Queryable, actor: Actor): Promise<Set<string> | 'all'> {
  if (!actor.staffId && !actor.deviceId) return new Set();
  if (isSystemWide(actor)) return 'all';
  if (actor.hallId) return new Set([actor.hallId]);
  const below = await regionsBelow(db, actor.regionId!);
  const halls = await db.selectFrom('halls').select('id').where('region_id', 'in', [...below]).execute();
  return new Set(halls.map((h) => h.id));
}

/** The region and every region below it. */
export async function regionsBelow(db: Queryable, regionId: string): Promise<Set<string>> {
  const all = await db.selectFrom('regions').select(['id', 'parent_id']).execute();
  const found = new Set([regionId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of all) {
      if (r.parent_id && found.has(r.parent_id) && !found.has(r.id)) {
        found.add(r.id);
        grew = true;
      }
    }
  }
  return found;
}
