import { api } from './api.ts';

/** The hall this page shows: `?hall=`, else the first hall the server knows. */
export async function resolveHallId(): Promise<string> {
  const q = new URLSearchParams(location.search).get('hall');
  if (q) return q;
  const halls = await api<Array<{ id: string; name: string }>>('/api/halls');
  if (!halls.length) throw new Error('no hall configured');
  return halls[0].id;
}

export const queryParam = (name: string): string | null => new URLSearchParams(location.search).get(name);
