import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, startServer, type TestServer } from '../../helpers/server.ts';
import { hallSeq, ticketCount } from '../../helpers/queue.ts';

type Who = 'anon' | 'clerk01' | 'clerk02' | 'clerk03' | 'clerk04' | 'manager';
interface Row {
  name: string;
  method: string;
  url: string;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  as?: Who;
  status: number | number[];
  code?: string;
}

const T = '/api/halls/demo/tickets';
const JSON_CT = { 'content-type': 'application/json' };
const W = (win: string, action: string) => `/api/windows/${win}/${action}`;

/** Every row is a caller's mistake: 4xx with {error:{code,message}}, and nothing changes. */
const ROWS: Row[] = [
  // Body encoding
  { name: 'malformed JSON', method: 'POST', url: T, body: '{"categoryId":', headers: JSON_CT, status: 400, code: 'INVALID_JSON' },
  { name: 'JSON with trailing garbage', method: 'POST', url: T, body: '{"categoryId":"cat_A"}x', headers: JSON_CT, status: 400, code: 'INVALID_JSON' },
  { name: '__proto__ in the body', method: 'POST', url: T, body: '{"__proto__":{"admin":true},"categoryId":"cat_A"}', headers: JSON_CT, status: 400 },
  { name: 'content-type application/xml', method: 'POST', url: T, body: '<categoryId>cat_A</categoryId>', headers: { 'content-type': 'application/xml' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'a form instead of JSON', method: 'POST', url: T, body: 'categoryId=cat_A', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415 },
  { name: 'text/plain', method: 'POST', url: T, body: 'cat_A', headers: { 'content-type': 'text/plain' }, status: 400 },
  { name: 'empty JSON body', method: 'POST', url: T, body: '', headers: JSON_CT, status: 400, code: 'EMPTY_BODY' },
  { name: 'no body at all', method: 'POST', url: T, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'body null', method: 'POST', url: T, body: 'null', headers: JSON_CT, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'body an array', method: 'POST', url: T, body: '[{"categoryId":"cat_A"}]', headers: JSON_CT, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'body a string', method: 'POST', url: T, body: '"cat_A"', headers: JSON_CT, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'body over 64 KiB', method: 'POST', url: T, body: { categoryId: 'cat_A', pad: 'x'.repeat(70 * 1024) }, status: 413, code: 'BODY_TOO_LARGE' },
  { name: 'deeply nested body', method: 'POST', url: T, body: `{"categoryId":"cat_A","x":${'['.repeat(10000)}${']'.repeat(10000)}}`, headers: JSON_CT, status: 400 },
  // Fields
  { name: 'an extra field', method: 'POST', url: T, body: { categoryId: 'cat_A', vip: true }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'categoryId missing', method: 'POST', url: T, body: { priority: 'elderly' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'categoryId an object', method: 'POST', url: T, body: { categoryId: { $ne: null } }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'categoryId an array', method: 'POST', url: T, body: { categoryId: ['cat_A'] }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'categoryId a number', method: 'POST', url: T, body: { categoryId: 123 }, status: [400, 404] },
  { name: 'categoryId null', method: 'POST', url: T, body: { categoryId: null }, status: 400 },
  { name: 'categoryId 65 characters', method: 'POST', url: T, body: { categoryId: 'c'.repeat(65) }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'categoryId 20000 characters', method: 'POST', url: T, body: { categoryId: '号'.repeat(20000) }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'invalid priority', method: 'POST', url: T, body: { categoryId: 'cat_A', priority: 'vip' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'priority a number', method: 'POST', url: T, body: { categoryId: 'cat_A', priority: 1 }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'green channel without staff', method: 'POST', url: T, body: { categoryId: 'cat_A', priority: 'green' }, status: 403, code: 'GREEN_CHANNEL_STAFF_ONLY' },
  { name: 'ID number: wrong check digit', method: 'POST', url: T, body: { categoryId: 'cat_A', idNumber: '110105194912310020' }, status: 400, code: 'INVALID_ID_NUMBER' },
  { name: 'ID number: 30 February', method: 'POST', url: T, body: { categoryId: 'cat_A', idNumber: '110105194902300020' }, status: 400, code: 'INVALID_ID_NUMBER' },
  { name: 'ID number: 17 digits', method: 'POST', url: T, body: { categoryId: 'cat_A', idNumber: '11010519491231002' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'ID number: letters', method: 'POST', url: T, body: { categoryId: 'cat_A', idNumber: '1101051949123100AB' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'phone not a number', method: 'POST', url: T, body: { categoryId: 'cat_A', phone: 'call me' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'unknown appointment code', method: 'POST', url: T, body: { categoryId: 'cat_A', appointmentCode: 'NOPE1234' }, status: 404, code: 'APPOINTMENT_NOT_FOUND' },
  // Unknown ids, odd characters
  { name: 'unknown hall', method: 'POST', url: '/api/halls/nowhere/tickets', body: { categoryId: 'cat_A' }, status: 404, code: 'HALL_NOT_FOUND' },
  { name: 'hall id in Chinese', method: 'GET', url: `/api/halls/${encodeURIComponent('清河大厅')}`, status: 404, code: 'HALL_NOT_FOUND' },
  { name: 'hall id 100 characters', method: 'GET', url: `/api/halls/${'h'.repeat(100)}`, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'unknown category', method: 'POST', url: T, body: { categoryId: 'cat_Z' }, status: 404, code: 'CATEGORY_NOT_FOUND' },
  { name: 'category id with a NUL byte', method: 'POST', url: T, body: { categoryId: 'cat_A\u0000' }, status: 404, code: 'CATEGORY_NOT_FOUND' },
  { name: 'category id a lone surrogate', method: 'POST', url: T, body: '{"categoryId":"\\ud800"}', headers: JSON_CT, status: 404, code: 'CATEGORY_NOT_FOUND' },
  { name: 'category id with emoji and RTL marks', method: 'POST', url: T, body: { categoryId: 'cat_A😀\u202e' }, status: 404, code: 'CATEGORY_NOT_FOUND' },
  { name: 'a ticket without its key', method: 'GET', url: '/api/tickets/00000000-0000-0000-0000-000000000000', status: 401, code: 'TICKET_KEY_REQUIRED' },
  { name: 'unknown ticket', method: 'GET', url: '/api/tickets/00000000-0000-0000-0000-000000000000', as: 'clerk01', status: 404, code: 'TICKET_NOT_FOUND' },
  { name: 'ticket id NUL', method: 'GET', url: '/api/tickets/%00', as: 'clerk01', status: 404, code: 'TICKET_NOT_FOUND' },
  { name: 'ticket id emoji', method: 'GET', url: `/api/tickets/${encodeURIComponent('🎫')}`, as: 'clerk01', status: 404, code: 'TICKET_NOT_FOUND' },
  { name: 'ticket id 5000 characters', method: 'GET', url: `/api/tickets/${'t'.repeat(5000)}`, status: [400, 414] },
  { name: 'ticket id broken percent-encoding', method: 'GET', url: '/api/tickets/%E0%A4%A', status: 400 },
  { name: 'unknown window', method: 'POST', url: W('win_99', 'call-next'), as: 'clerk01', status: 404, code: 'WINDOW_NOT_FOUND' },
  { name: 'window id with a NUL byte', method: 'POST', url: W('win_1%00', 'call-next'), as: 'clerk01', status: 404, code: 'WINDOW_NOT_FOUND' },
  { name: 'requeue an unknown ticket', method: 'POST', url: '/api/tickets/nope/requeue', as: 'clerk01', status: 404, code: 'TICKET_NOT_FOUND' },
  // Idempotency-Key
  { name: 'Idempotency-Key with a space', method: 'POST', url: T, body: { categoryId: 'cat_A' }, headers: { 'idempotency-key': 'tap 1' }, status: 400, code: 'BAD_IDEMPOTENCY_KEY' },
  { name: 'Idempotency-Key empty', method: 'POST', url: T, body: { categoryId: 'cat_A' }, headers: { 'idempotency-key': '' }, status: 400, code: 'BAD_IDEMPOTENCY_KEY' },
  { name: 'Idempotency-Key 129 characters', method: 'POST', url: T, body: { categoryId: 'cat_A' }, headers: { 'idempotency-key': 'k'.repeat(129) }, status: 400 },
  { name: 'Idempotency-Key not ASCII', method: 'POST', url: T, body: { categoryId: 'cat_A' }, headers: { 'idempotency-key': 'cl\u00e9' }, status: 400, code: 'BAD_IDEMPOTENCY_KEY' },
  { name: 'Idempotency-Key on a window action, bad', method: 'POST', url: W('win_2', 'call-next'), as: 'clerk02', headers: { 'idempotency-key': 'a\tb' }, status: 400, code: 'BAD_IDEMPOTENCY_KEY' },
  // Credentials and roles
  { name: 'call-next without a token', method: 'POST', url: W('win_1', 'call-next'), status: 401, code: 'LOGIN_REQUIRED' },
  { name: 'call-next with an unknown token', method: 'POST', url: W('win_1', 'call-next'), headers: { authorization: 'Bearer not-a-token' }, status: 401, code: 'INVALID_TOKEN' },
  { name: 'Basic instead of Bearer', method: 'POST', url: W('win_1', 'call-next'), headers: { authorization: 'Basic Y2xlcmswMTpwdw==' }, status: 401, code: 'INVALID_TOKEN' },
  { name: 'an empty Bearer', method: 'POST', url: W('win_1', 'call-next'), headers: { authorization: 'Bearer ' }, status: 401, code: 'INVALID_TOKEN' },
  { name: 'an unknown device token', method: 'POST', url: W('win_1', 'call-next'), headers: { 'x-device-token': 'dev_forged' }, status: 401, code: 'INVALID_DEVICE_TOKEN' },
  { name: 'requeue without a token', method: 'POST', url: '/api/tickets/nope/requeue', status: 401, code: 'LOGIN_REQUIRED' },
  { name: 'clerk calling on another clerk’s window', method: 'POST', url: W('win_1', 'call-next'), as: 'clerk02', status: 403, code: 'NOT_WINDOW_CLERK' },
  { name: 'clerk completing on another clerk’s window', method: 'POST', url: W('win_1', 'complete'), as: 'clerk02', status: 403, code: 'NOT_WINDOW_CLERK' },
  { name: 'opening a window in use', method: 'POST', url: W('win_1', 'open'), as: 'clerk02', status: 409, code: 'WINDOW_IN_USE' },
  { name: 'stats as a clerk', method: 'GET', url: '/api/halls/demo/stats/today', as: 'clerk01', status: 403, code: 'ROLE_NOT_ALLOWED' },
  { name: 'stats anonymously', method: 'GET', url: '/api/halls/demo/stats/today', status: 401, code: 'LOGIN_REQUIRED' },
  { name: 'devices as a manager', method: 'POST', url: '/api/devices', as: 'manager', body: { kind: 'kiosk', name: 'K1' }, status: 403, code: 'ROLE_NOT_ALLOWED' },
  { name: 'login with a wrong password', method: 'POST', url: '/api/auth/login', body: { username: 'clerk01', password: 'wrong-password' }, status: 401, code: 'BAD_CREDENTIALS' },
  { name: 'login of an unknown user', method: 'POST', url: '/api/auth/login', body: { username: 'nobody', password: 'whatever1' }, status: 401, code: 'BAD_CREDENTIALS' },
  { name: 'login without a password', method: 'POST', url: '/api/auth/login', body: { username: 'clerk01' }, status: 400, code: 'VALIDATION_FAILED' },
  // Window and ticket states
  { name: 'call-next on a paused window', method: 'POST', url: W('win_3', 'call-next'), as: 'clerk03', status: 409, code: 'WINDOW_NOT_OPEN' },
  { name: 'call-next on a window its clerk just closed', method: 'POST', url: W('win_4', 'call-next'), as: 'clerk04', status: 409, code: 'WINDOW_NOT_OPEN' },
  { name: 'start a ticket already serving', method: 'POST', url: W('win_1', 'start'), as: 'clerk01', status: 409, code: 'INVALID_STATE' },
  { name: 'recall a ticket being served', method: 'POST', url: W('win_1', 'recall'), as: 'clerk01', status: 409, code: 'INVALID_STATE' },
  { name: 'no-show of a ticket being served', method: 'POST', url: W('win_1', 'no-show'), as: 'clerk01', status: 409, code: 'INVALID_STATE' },
  { name: 'start with no current ticket', method: 'POST', url: W('win_2', 'start'), as: 'clerk02', status: 409, code: 'NO_CURRENT_TICKET' },
  { name: 'complete with no current ticket', method: 'POST', url: W('win_2', 'complete'), as: 'clerk02', status: 409, code: 'NO_CURRENT_TICKET' },
  { name: 'transfer to both a category and a window', method: 'POST', url: W('win_1', 'transfer'), as: 'clerk01', body: { categoryId: 'cat_B', windowId: 'win_4' }, status: 400, code: 'TRANSFER_TARGET_REQUIRED' },
  { name: 'transfer to an unknown category', method: 'POST', url: W('win_1', 'transfer'), as: 'clerk01', body: { categoryId: 'cat_Z' }, status: 404, code: 'CATEGORY_NOT_FOUND' },
  { name: 'transfer with an extra field', method: 'POST', url: W('win_1', 'transfer'), as: 'clerk01', body: { categoryId: 'cat_B', note: 'x' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: '指定叫号 of an unknown ticket', method: 'POST', url: W('win_2', 'call'), as: 'clerk02', body: { ticketId: 'nope' }, status: 404, code: 'TICKET_NOT_FOUND' },
  { name: '指定叫号 without a ticket id', method: 'POST', url: W('win_2', 'call'), as: 'clerk02', body: {}, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'pause reason over 100 characters', method: 'POST', url: W('win_2', 'pause'), as: 'clerk02', body: { reason: '午'.repeat(101) }, status: 400, code: 'VALIDATION_FAILED' },
  // Routes
  { name: 'unknown route', method: 'GET', url: '/api/nothing-here', status: 404, code: 'NOT_FOUND' },
  { name: 'wrong method', method: 'PUT', url: T, body: { categoryId: 'cat_A' }, status: 404, code: 'NOT_FOUND' },
  { name: 'POST to health', method: 'POST', url: '/api/health', status: 404, code: 'NOT_FOUND' },
  { name: 'DELETE a ticket', method: 'DELETE', url: '/api/tickets/nope', status: 404, code: 'NOT_FOUND' },
];

describe('bad inputs are 4xx with {error:{code,message}}, never 5xx, and change nothing', () => {
  let s: TestServer;
  const tokens = new Map<Who, string>();
  let serving = '';
  let waiting = '';
  let before = { tickets: 0, seq: 0 };

  beforeAll(async () => {
    s = await startServer();
    for (const u of ['clerk01', 'clerk02', 'clerk03', 'clerk04', 'manager'] as const) tokens.set(u, await login(s.url, u));
    const as = (u: Who) => bearer(tokens.get(u)!);
    for (const [u, w] of [['clerk01', 'win_1'], ['clerk02', 'win_2'], ['clerk03', 'win_3'], ['clerk04', 'win_4']] as const) {
      expect((await api(s.url, 'POST', W(w, 'open'), undefined, as(u))).status).toBe(200);
    }
    expect((await api(s.url, 'POST', W('win_3', 'pause'), { reason: '午休' }, as('clerk03'))).status).toBe(200);
    expect((await api(s.url, 'POST', W('win_4', 'close'), undefined, as('clerk04'))).status).toBe(200);
    serving = (await api(s.url, 'POST', T, { categoryId: 'cat_A' })).body.id;
    waiting = (await api(s.url, 'POST', T, { categoryId: 'cat_B' })).body.id;
    expect((await api(s.url, 'POST', W('win_1', 'call-next'), undefined, as('clerk01'))).body.ticket.id).toBe(serving);
    expect((await api(s.url, 'POST', W('win_1', 'start'), undefined, as('clerk01'))).body.ticket.status).toBe('serving');
    before = { tickets: await ticketCount(s), seq: await hallSeq(s) };
  });
  afterAll(() => s.close());

  it.each(ROWS.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    const headers = { ...(row.as && row.as !== 'anon' ? bearer(tokens.get(row.as)!) : {}), ...row.headers };
    const r = await api(s.url, row.method, row.url, row.body, headers);
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
    expect([row.status].flat()).toContain(r.status);
    expect(r.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    if (row.code) expect(r.body.error.code).toBe(row.code);
    const text = JSON.stringify(r.body);
    expect(text).not.toMatch(/SQLITE|sqlite|at .*\.ts:\d+|stack/);
  });

  it('the server still answers, and the failed calls changed nothing', async () => {
    expect(await api(s.url, 'GET', '/api/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await ticketCount(s)).toBe(before.tickets);
    expect(await hallSeq(s)).toBe(before.seq);
    const staff = bearer(tokens.get('manager')!);
    expect((await api(s.url, 'GET', `/api/tickets/${serving}`, undefined, staff)).body).toMatchObject({ status: 'serving', windowNo: 1 });
    expect((await api(s.url, 'GET', `/api/tickets/${waiting}`, undefined, staff)).body).toMatchObject({ status: 'waiting' });
    const hall = (await api(s.url, 'GET', '/api/halls/demo')).body;
    expect(hall.windows.filter((w: { status: string }) => w.status !== 'closed').map((w: { id: string; status: string }) => [w.id, w.status])).toEqual([['win_1', 'open'], ['win_2', 'open'], ['win_3', 'paused']]);
  });
});
