import type { Category, Hall, Window } from '../protocol/schemas.ts';

/**
 * A display that covers part of a hall (one floor, one wing): `?windows=1-6,9` shows and
 * announces only those windows' calls, and the waiting counts of the categories they serve.
 * Without the parameter the display covers the whole hall.
 */
export function parseWindowNos(spec: string | null): Set<number> | null {
  if (!spec) return null;
  const nos = new Set<number>();
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d{1,3})(?:-(\d{1,3}))?$/.exec(part);
    if (!m) return null; // a malformed zone shows the whole hall rather than nothing
    const [a, b] = [Number(m[1]), Number(m[2] ?? m[1])];
    for (let n = Math.min(a, b); n <= Math.max(a, b); n++) nos.add(n);
  }
  return nos.size ? nos : null;
}

export function inZone(zone: Set<number> | null, windowNo: number): boolean {
  return zone === null || zone.has(windowNo);
}

export function zoneWindows(hall: Hall, zone: Set<number> | null): Window[] {
  return hall.windows.filter((w) => inZone(zone, w.no));
}

export function zoneCategories(hall: Hall, zone: Set<number> | null): Category[] {
  if (zone === null) return hall.categories;
  const served = new Set(zoneWindows(hall, zone).flatMap((w) => w.categoryIds));
  return hall.categories.filter((c) => served.has(c.id));
}
