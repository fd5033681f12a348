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
