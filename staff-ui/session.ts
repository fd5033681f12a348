import { ref } from 'vue';
import { api, ApiError } from '../ui-shared/api.ts';
import type { LoginResult } from '../protocol/schemas.ts';

const KEY = 'hallq.session';

function restore(): LoginResult | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as LoginResult | null;
    return s && new Date(s.expiresAt).getTime() > Date.now() ? s : null;
  } catch {
    return null;
  }
}

/** The signed-in staff member; the token lives in sessionStorage (gone when the tab closes). */
export const session = ref<LoginResult | null>(restore());

export async function login(username: string, password: string): Promise<void> {
  const r = await api<LoginResult>('/api/auth/login', { body: { username, password } });
  sessionStorage.setItem(KEY, JSON.stringify(r));
  session.value = r;
}

export async function logout(): Promise<void> {
  const token = session.value?.token;
  sessionStorage.removeItem(KEY);
  session.value = null;
  if (token) await api('/api/auth/logout', { method: 'POST', token }).catch(() => undefined);
}

/** A staff call; an expired token ends the session. */
export async function staffApi<T>(url: string, body?: unknown, method = 'POST', idempotencyKey?: string): Promise<T> {
  try {
    return await api<T>(url, { method, body, token: session.value?.token, idempotencyKey });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) void logout();
    throw err;
  }
}
