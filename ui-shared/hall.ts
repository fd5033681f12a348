import { api, deviceToken } from './api.ts';

/** The hall this page shows: `?hall=`, else a device's own hall, else the first hall the server knows. */
export async function resolveHallId(): Promise<string> {
  const q = new URLSearchParams(location.search).get('hall');
  if (q) return q;
  // A kiosk, display or evaluator belongs to one hall: it never shows another (the wall would refuse it).
  if (deviceToken()) return (await api<{ hallId: string }>('/api/devices/me')).hallId;
  const halls = await api<Array<{ id: string; name: string }>>('/api/halls');
  if (!halls.length) throw new Error('no hall configured');
  return halls[0].id;
}

export const queryParam = (name: string): string | null => new URLSearchParams(location.search).get(name);

/**
 * A page's id from its short address (/display/window/<id>, /t/<id>, /c/<no>) or, on its built
 * address, from the query (`?window=`, `?id=`, `?no=`).
 */
export function pageParam(name: string, shortPrefix: string): string | null {
  const q = queryParam(name);
  if (q) return q;
  if (!location.pathname.startsWith(shortPrefix)) return null;
  const seg = location.pathname.slice(shortPrefix.length).split('/')[0];
  return seg ? decodeURIComponent(seg) : null;
}
