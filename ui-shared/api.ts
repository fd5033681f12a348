/** Same-origin JSON client for the hallq API; every failure becomes an ApiError with a code. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The code used when the server cannot be reached at all. */
export const NETWORK = 'NETWORK';

export interface RequestOptions {
  method?: string;
  body?: unknown;
  token?: string | null;
  idempotencyKey?: string;
  timeoutMs?: number;
  /** false: send no device credential (the enrolment trade). */
  device?: boolean;
  /** A ticket holder's secret (from the ticket's QR): X-Ticket-Key. */
  ticketKey?: string | null;
  /** A pickup slip's code, to look its case up: X-Pickup-Code. */
  pickupCode?: string | null;
}

const DEVICE_TOKEN_KEY = 'hallq.deviceToken';
const CLIENT_ID_KEY = 'hallq.clientId';

/** This kiosk's or display's credential, kept since enrolDevice() traded the link's token for it. */
export function deviceToken(): string | null {
  return localStorage.getItem(DEVICE_TOKEN_KEY);
}

/**
 * A kiosk, display or evaluator link carries `?deviceToken=`: a one-time enrolment token. It is
 * traded once for a credential kept in localStorage and taken out of the address bar, so the link
 * (in the browser's history, a screenshot, a log) is worthless afterwards. Runs before the page
 * starts (ui-shared/mount.ts). A used or revoked link leaves a credential got earlier in place;
 * resolves to the refusal's code when the page is left without one.
 */
export async function enrolDevice(): Promise<string | null> {
  const url = new URL(location.href);
  const token = url.searchParams.get('deviceToken');
  if (!token) return null;
  let refused: string | null = null;
  try {
    const r = await api<{ token: string }>('/api/devices/session', { body: { token }, device: false });
    localStorage.setItem(DEVICE_TOKEN_KEY, r.token);
  } catch (err) {
    // The server was not reached: keep the link, a reload trades it.
    if (err instanceof ApiError && err.code === NETWORK) return null;
    refused = err instanceof ApiError ? err.code : 'ERROR';
  }
  url.searchParams.delete('deviceToken');
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return refused && !deviceToken() ? refused : null;
}

/**
 * A random id this browser keeps, naming it as the caller of its requests: an Idempotency-Key is
 * scoped to it, so another phone using the same key never gets this one's ticket.
 */
export function clientId(): string {
  let id = localStorage.getItem(CLIENT_ID_KEY);
  if (!id) {
    const b = crypto.getRandomValues(new Uint8Array(18));
    id = btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_');
    localStorage.setItem(CLIENT_ID_KEY, id);
  }
  return id;
}

async function send(url: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  else if (opts.device !== false) {
    const device = deviceToken();
    if (device) headers['x-device-token'] = device;
  }
  if (opts.idempotencyKey) {
    headers['idempotency-key'] = opts.idempotencyKey;
    headers['x-client-id'] = clientId();
  }
  if (opts.ticketKey) headers['x-ticket-key'] = opts.ticketKey;
  if (opts.pickupCode) headers['x-pickup-code'] = opts.pickupCode;
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), opts.timeoutMs ?? 10_000);
  try {
    return await fetch(url, {
      method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: ctrl.signal,
    });
  } catch {
    throw new ApiError(0, NETWORK, 'network unreachable');
  } finally {
    clearTimeout(timer);
  }
}

async function failure(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string; details?: Record<string, unknown> } };
    if (body.error?.code) return new ApiError(res.status, body.error.code, body.error.message ?? body.error.code, body.error.details ?? {});
  } catch {
    /* not JSON: fall through to the status */
  }
  return new ApiError(res.status, res.status >= 500 ? 'SERVER_ERROR' : `HTTP_${res.status}`, res.statusText);
}

/** JSON request; resolves to null on 204. */
export async function api<T>(url: string, opts: RequestOptions = {}): Promise<T> {
  const res = await send(url, opts);
  if (!res.ok) throw await failure(res);
  if (res.status === 204) return null as T;
  return (await res.json()) as T;
}

/** Raw bytes (the ESC/POS receipt); null when the server does not have it (404). A staff token for the pickup slip. */
export async function apiBytes(url: string, token?: string | null, ticketKey?: string | null): Promise<Uint8Array | null> {
  const res = await send(url, { token, ticketKey });
  if (res.status === 404) return null;
  if (!res.ok) throw await failure(res);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * A value the page's address carries in its fragment (`#key=…`: the ticket's QR) or, from older
 * links, its query. A fragment never reaches the server, so no access log holds the secret.
 */
export function urlSecret(name: string): string | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get(name);
  return fromHash || new URLSearchParams(location.search).get(name);
}

/** A fresh Idempotency-Key. */
export function newKey(): string {
  // randomUUID exists only in secure contexts; a kiosk on plain http in the hall LAN has getRandomValues.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
