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
  /** A ticket holder's secret (from the ticket's QR): X-Ticket-Key. */
  ticketKey?: string | null;
  /** A pickup slip's code, to look its case up: X-Pickup-Code. */
  pickupCode?: string | null;
}

const DEVICE_TOKEN_KEY = 'hallq.deviceToken';

/** A kiosk or display may be registered with `?deviceToken=`; it is kept so prints go to its printer. */
export function deviceToken(): string | null {
  const fromUrl = new URLSearchParams(location.search).get('deviceToken');
  if (fromUrl) localStorage.setItem(DEVICE_TOKEN_KEY, fromUrl);
  return fromUrl ?? localStorage.getItem(DEVICE_TOKEN_KEY);
}

async function send(url: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  else {
    const device = deviceToken();
    if (device) headers['x-device-token'] = device;
  }
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
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
