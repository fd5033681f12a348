import { ref } from 'vue';
import { api } from '../ui-shared/api.ts';
import { queryParam } from '../ui-shared/hall.ts';
import { errorText } from '../ui-shared/i18n/index.ts';
import type { RegionNode } from './admin.ts';
import { session, staffApi } from './session.ts';

/**
 * Which hall a staff page works on: one of the halls the signed-in account may manage, never
 * another (its calls would answer 403). The server says which: staff of a hall manage that hall;
 * staff of a region, the halls of GET /api/regions (the server's tree is cut to the caller's
 * region, as its scope checks are); staff of neither (the system administrator), every hall.
 */

export interface HallChoice { id: string; name: string }

const treeHalls = (ns: RegionNode[]): HallChoice[] => ns.flatMap((n) => [...n.halls.map((h) => ({ id: h.id, name: h.name })), ...treeHalls(n.children)]);

/** The halls this account may manage, in the server's order (the region tree's for a region). */
export async function manageableHalls(): Promise<HallChoice[]> {
  const user = session.value?.user;
  if (user?.regionId && !user.hallId) return treeHalls(await staffApi<RegionNode[]>('/api/regions', undefined, 'GET'));
  const all = await api<HallChoice[]>('/api/halls');
  if (!user?.hallId) return all;
  return [all.find((h) => h.id === user.hallId) ?? { id: user.hallId, name: user.hallId }];
}

/** The hall to open: the one asked for (`?hall=`, as the county board links) if it is one of these, else the first; null when there is none. */
export function preselect(halls: HallChoice[], wanted = queryParam('hall')): string | null {
  return halls.find((h) => h.id === wanted)?.id ?? halls[0]?.id ?? null;
}

/** The hall a page opens on: the preselected one of the halls this account manages, or an error saying it manages none. */
export async function staffHallId(): Promise<string> {
  const id = preselect(await manageableHalls());
  if (!id) throw new Error('NO_MANAGED_HALL');
  return id;
}

/**
 * The hall picker's state for a page: the halls offered, the one chosen (kept in `?hall=`, so a
 * reload or another tab of the console opens the same hall), and whether there are none.
 */
export function useStaffHall() {
  const halls = ref<HallChoice[]>([]);
  const hallId = ref<string | null>(null);
  const state = ref<'loading' | 'ready' | 'none' | 'error'>('loading');
  const error = ref('');
  async function load(): Promise<void> {
    try {
      halls.value = await manageableHalls();
      hallId.value = preselect(halls.value);
      state.value = hallId.value ? 'ready' : 'none';
    } catch (err) {
      error.value = errorText(err);
      state.value = 'error';
    }
  }
  function choose(id: string): void {
    if (!halls.value.some((h) => h.id === id)) return;
    hallId.value = id;
    const url = new URL(location.href);
    url.searchParams.set('hall', id);
    history.replaceState(null, '', url);
  }
  void load();
  return { halls, hallId, state, error, choose };
}
