import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode, type PrintItem } from '../../printers/decoder.ts';
import { Type } from 'typebox';
import { Line, TEXT_KEYWORD, Text, isHallText } from '../../protocol/text.ts';
import { validatorCompiler } from '../../server/http/validation.ts';
import { dbDigest } from '../helpers/digest.ts';
import { addStaff, hashPassword } from '../../server/services/staff.ts';
import { api, bearer, login, startServer, type TestServer } from '../helpers/server.ts';
import { until } from '../helpers/wait.ts';

/**
 * 问题 6 "Text that reaches a printer": a control character in an applicant name answered 500,
 * and one in the receipt header made every kiosk ticket of the hall answer 500. Now hall text
 * refuses them at the door (400 CONTROL_CHARACTER, nothing stored), and what is already stored
 * prints with replacements.
 */
const HOSTILE = ['\u0000', '\u001b', '\u0007', '\u007f', '\u009b'];
const CODE_POINT = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  [TEXT_KEYWORD]?: string;
}
/** A property path through a body: property names, "[]" for an array's items. */
type Path = string[];
interface StringProp {
  method: string;
  route: string;
  path: Path;
  schema: Schema;
  body: Schema;
}

const branches = (s: Schema): Schema[] => [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])];

/** Every free-form string in a body schema (enums and constants are not free text). */
function stringProps(s: Schema, at: Path = []): Array<{ path: Path; schema: Schema }> {
  if (s.type === 'string' && s.enum === undefined && s.const === undefined) return [{ path: at, schema: s }];
  const own = [
    ...Object.entries(s.properties ?? {}).flatMap(([k, v]) => stringProps(v, [...at, k])),
    ...(s.items ? stringProps(s.items, [...at, '[]']) : []),
  ];
  const seen = new Set(own.map((p) => p.path.join('.')));
  return [...own, ...branches(s).flatMap((b) => stringProps(b, at)).filter((p) => !seen.has(p.path.join('.')))];
}

/** Identifiers and secrets: never printed or shown as typed, and refused or unknown (404) when odd. */
const IDENTIFIER = /^(id|key|token|username|password|oldPassword|newPassword)$|(Id|Ids|Code|Key|Token)$/;
const propName = (p: Path) => [...p].reverse().find((seg) => seg !== '[]') ?? '';

// Values for strings constrained by a pattern, the first that matches is used.
const CANDIDATES = ['x', 'A', 'ab_1', '12:00', '2026-12-01', '13800138000', '110105194912310020'];

/** A value that passes `s`, so only the property under test can fail validation. */
function sample(s: Schema): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  const b = branches(s);
  if (b.length && !s.type) return sample(b[0] as Schema);
  switch (s.type) {
    case 'string': {
      if (s.pattern) {
        const re = new RegExp(s.pattern);
        const c = CANDIDATES.find((v) => re.test(v));
        if (!c) throw new Error(`no sample for pattern ${s.pattern}`);
        return c;
      }
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
    }
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      // A body naming a window names a real one (the wall checks it before the text is validated).
      return Object.fromEntries((s.required ?? []).map((k) => [k, k === 'windowId' ? 'win_1' : sample(s.properties?.[k] ?? {})]));
    default:
      return null;
  }
}

/** A valid body with `value` put at `at` (creating the objects and arrays on the way). */
function bodyWith(s: Schema, at: Path, value: unknown): unknown {
  if (at.length === 0) return value;
  const [seg, ...rest] = at as [string, ...string[]];
  if (seg === '[]') {
    const list = s.items ? s : branches(s).find((b) => b.items);
    return [bodyWith(list?.items ?? {}, rest, value)];
  }
  const owner = s.properties?.[seg] ? s : branches(s).find((b) => b.properties?.[seg]);
  if (!owner) throw new Error(`no property ${seg}`);
  const base = sample(owner) as Record<string, unknown>;
  return { ...base, [seg]: bodyWith(owner.properties?.[seg] as Schema, rest, value) };
}

/** Every row of every table: what "changes nothing" is checked against. */
const fingerprint = async (s: TestServer) => JSON.stringify(await dbDigest(s.app.db));

const PARAMS: Record<string, string> = { hallId: 'demo', windowId: 'win_1', categoryId: 'cat_A', matterId: 'm_1', id: 'some-id', caseNo: 'SL202601010001', regionId: 'qinghe' };

describe('control characters in every text field that reaches paper or a screen', () => {
  let s: TestServer;
  let admin: Record<string, string>;
  let clerk: Record<string, string>;
  let agent: Record<string, string>;
  let props: StringProp[];
  const real: Record<string, string> = {};
  let root: Record<string, string>;

  beforeAll(async () => {
    s = await startServer();
    admin = bearer(await login(s.url, 'admin'));
    clerk = bearer(await login(s.url, 'clerk01'));
    const a = await api(s.url, 'POST', '/api/devices', { kind: 'agent', name: '窗口代理', windowId: 'win_2' }, admin);
    expect(a.status).toBe(201);
    agent = { 'x-device-token': a.body.token };
    expect((await api(s.url, 'POST', '/api/windows/win_1/open', undefined, clerk)).status).toBe(200);
    // Regions belong to the county above the hall: a system administrator sets them up.
    await s.app.db.transaction().execute(async (trx) => addStaff(trx, s.app.ctx, { username: 'root', name: '系统管理员', staffNo: 'R001', role: 'admin', password: '', hallId: null, regionId: null }, await hashPassword('root-password-123')));
    root = bearer(await login(s.url, 'root', 'root-password-123'));
    // Real things for the routes that name one: the wall between halls (server/plugins/scope.ts)
    // answers 404 for a made-up one before the body is read.
    const t = await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' });
    expect((await api(s.url, 'POST', '/api/windows/win_1/call-next', undefined, clerk)).status).toBe(200);
    expect((await api(s.url, 'POST', '/api/windows/win_1/complete', undefined, clerk)).status).toBe(200);
    const rating = await api(s.url, 'POST', `/api/tickets/${t.body.id}/rating`, { score: 1 }, { 'x-ticket-key': t.body.key });
    expect(rating.status).toBe(201);
    real['/api/ratings/{id}'] = rating.body.id;
    // A 回访 is named by its served ticket.
    real['/api/callbacks/{id}'] = t.body.id;
    expect((await api(s.url, 'POST', '/api/windows/win_2/printer', { printerUri: 'agent:' }, admin)).status).toBe(200);
    const clerk2 = bearer(await login(s.url, 'clerk02'));
    expect((await api(s.url, 'POST', '/api/windows/win_2/open', undefined, clerk2)).status).toBe(200);
    const matter = ((await api(s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string; categoryId: string }>).find((m) => m.categoryId === 'cat_A')!;
    expect((await api(s.url, 'POST', '/api/windows/win_2/cases', { matterId: matter.id, applicantName: '张三' }, clerk2)).status).toBe(201);
    const claimed = await api(s.url, 'POST', '/api/agent/claim', {}, agent);
    real['/api/agent/jobs/{id}'] = (claimed.body as Array<{ id: string }>)[0]!.id;
    const proxy = await api(s.url, 'POST', '/api/halls/demo/proxy-cases', { matterId: matter.id, applicantName: '李四', materials: [] }, clerk);
    real['/api/proxy-cases/{id}'] = proxy.body.id;
    const complaint = await api(s.url, 'POST', '/api/halls/demo/complaints', { text: '窗口无人办理' });
    expect(complaint.status).toBe(201);
    real['/api/complaints/{id}'] = complaint.body.id;
    const doc = (await api(s.url, 'GET', '/docs/json')).body as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema: Schema }> } }>> };
    props = Object.entries(doc.paths).flatMap(([route, ops]) =>
      Object.entries(ops).flatMap(([method, op]) => {
        const body = op.requestBody?.content?.['application/json']?.schema;
        return body ? stringProps(body).map((p) => ({ method: method.toUpperCase(), route, body, ...p })) : [];
      }));
  });
  afterAll(() => s.close());

  const send = (p: StringProp, value: string) => {
    const url = p.route.replace(/\{(\w+)\}/g, (_m, k: string) => real[`${p.route.split('/{')[0]}/{${k}}`] ?? PARAMS[k] ?? 'x');
    const who = url.startsWith('/api/agent/') ? agent : url.startsWith('/api/regions/') ? root : admin;
    // A rating is the ticket holder's: it carries a (made-up) ticket key and nothing else, so the
    // text is what is judged (staff would meet the wall first: the ticket is made up).
    if (url.startsWith('/api/tickets/')) return api(s.url, p.method, url, bodyWith(p.body, p.path, value), { 'x-ticket-key': 'K'.repeat(24) });
    return api(s.url, p.method, url, bodyWith(p.body, p.path, value), who);
  };
  const label = (p: StringProp) => `${p.method} ${p.route} ${p.path.join('.')}`;

  it('every string a body takes is marked as hall text, unless it is an identifier or a secret', () => {
    const marked = props.filter((p) => isHallText(p.schema));
    // The fields the issue names, by route, so a rename cannot silently drop one.
    for (const want of [
      'POST /api/windows/{windowId}/cases applicantName', 'POST /api/windows/{windowId}/cases missing.[]',
      'PUT /api/halls/{hallId}/print-settings header.[]', 'PUT /api/halls/{hallId}/print-settings footer.[]',
      'PUT /api/halls/{hallId}/print-settings logoText', 'POST /api/halls/{hallId}/categories name',
      'PATCH /api/halls/{hallId}/categories/{categoryId} periods.[].name', 'PATCH /api/halls/{hallId}/windows/{windowId} name',
      'PATCH /api/halls/{hallId}/matters/{matterId} materials.[]', 'POST /api/halls name', 'POST /api/windows/{windowId}/pause reason',
      'POST /api/tickets/{id}/rating comment', 'POST /api/tickets/{id}/rating tags.[]', 'POST /api/ratings/{id}/follow-up result',
      'POST /api/halls/{hallId}/staff name', 'POST /api/halls/{hallId}/staff staffNo', 'POST /api/devices name',
    ]) expect(marked.map(label), want).toContain(want);
    const unmarked = props.filter((p) => !isHallText(p.schema) && !p.schema.pattern && !IDENTIFIER.test(propName(p.path)));
    expect(unmarked.map(label)).toEqual([]);
  });

  it('each hall-text field answers 400 CONTROL_CHARACTER naming the field, and nothing changes', async () => {
    const marked = props.filter((p) => isHallText(p.schema));
    expect(marked.length).toBeGreaterThan(20);
    const before = await fingerprint(s);
    for (const p of marked) {
      for (const c of HOSTILE) {
        for (const value of [c, `张${c}三`, `${c}[2J`]) {
          const r = await send(p, value);
          expect({ at: label(p), value, status: r.status, code: r.body?.error?.code }).toEqual({ at: label(p), value, status: 400, code: 'CONTROL_CHARACTER' });
          const field = `body.${p.path.map((seg) => (seg === '[]' ? '0' : seg)).join('.')}`;
          expect(r.body.error.details).toEqual({ field, codePoint: CODE_POINT(c) });
          expect(r.body.error.message).toContain(field);
        }
      }
      expect(await fingerprint(s), label(p)).toBe(before);
    }
  }, 60_000);

  it('bidi overrides, lone surrogates and noncharacters are refused too; emoji and 生僻字 are not', async () => {
    const name = props.find((p) => label(p) === 'POST /api/halls/{hallId}/categories name') as StringProp;
    for (const c of ['\u202e', '\u2066', '\ud800', '\ufffe', '\u2028', '\t']) {
      const r = await send(name, `业务${c}`);
      expect({ c: CODE_POINT(c), code: r.body?.error?.code }).toEqual({ c: CODE_POINT(c), code: 'CONTROL_CHARACTER' });
    }
    const ok = await api(s.url, 'POST', '/api/halls/demo/categories', { prefix: 'Y', name: '𠮷祥😀业务' }, admin);
    expect(ok.status).toBe(201);
  });

  it('identifiers and secrets with a control character are refused or unknown, never stored', async () => {
    const ids = props.filter((p) => !isHallText(p.schema));
    expect(ids.length).toBeGreaterThan(10);
    const before = await fingerprint(s);
    for (const p of ids) {
      for (const c of HOSTILE) {
        const r = await send(p, `a${c}b`);
        expect({ at: label(p), status: r.status >= 400 && r.status < 500 }).toEqual({ at: label(p), status: true });
      }
    }
    expect(await fingerprint(s)).toBe(before);
  }, 60_000);
});

describe('the validator: Line keeps one line, Text keeps "\n" only', () => {
  const check = validatorCompiler({ schema: Type.Object({ line: Type.Optional(Line({ minLength: 3 })), text: Type.Optional(Text({ pattern: '^[^x]*$' })) }), httpPart: 'body', method: 'POST', url: '/' }) as ((b: unknown) => boolean) & { errors?: Array<{ keyword: string }> };
  it.each([
    [{ line: '张三' }, 'minLength'], [{ line: '张\u0007' }, TEXT_KEYWORD], [{ line: 'a\nb' }, TEXT_KEYWORD], [{ text: 'x\u001b' }, TEXT_KEYWORD],
    [{ text: 'a\tb' }, TEXT_KEYWORD], [{ text: 'a\r\nb' }, TEXT_KEYWORD], [{ text: '第一行\n第二行' }, null], [{ line: '𠮷祥😀' }, null],
  ])('%j: %s', (body, keyword) => {
    expect(check(body)).toBe(keyword === null);
    // Checked before length and pattern, so the control character is what gets reported.
    if (keyword) expect(check.errors?.[0]?.keyword).toBe(keyword);
  });
});

describe('the fields the issue measured', () => {
  let s: TestServer;
  let admin: Record<string, string>;
  let clerk: Record<string, string>;
  let kiosk: string;
  beforeAll(async () => {
    s = await startServer();
    admin = bearer(await login(s.url, 'admin'));
    clerk = bearer(await login(s.url, 'clerk01'));
    expect((await api(s.url, 'POST', '/api/windows/win_1/open', undefined, clerk)).status).toBe(200);
    kiosk = (await api(s.url, 'POST', '/api/devices', { kind: 'kiosk', name: '测试取号机' }, admin)).body.token;
  });
  afterAll(() => s.close());

  const matters = async () => (await api(s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string; name: string; categoryId: string; materials: string[] }>;
  const caseCount = async () => Number((await sql<{ n: number }>`select count(*) as n from cases`.execute(s.app.db)).rows[0]?.n);

  it.each(HOSTILE.map((c) => [CODE_POINT(c), c]))('applicant name with %s at 受理: 400, no case; the clean name is accepted', async (_n, c) => {
    const m = (await matters())[0]!;
    const before = await caseCount();
    const r = await api(s.url, 'POST', '/api/windows/win_1/cases', { matterId: m.id, applicantName: `张${c}晓明` }, clerk);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'CONTROL_CHARACTER', details: { field: 'body.applicantName', codePoint: CODE_POINT(c) } });
    expect(await caseCount()).toBe(before);
    const ok = await api(s.url, 'POST', '/api/windows/win_1/cases', { matterId: m.id, applicantName: '张晓明' }, clerk);
    expect(ok.status).toBe(201);
  });

  it.each(HOSTILE.map((c) => [CODE_POINT(c), c]))('receipt header with %s: 400, the header kept, kiosk tickets still issue', async (_n, c) => {
    expect((await api(s.url, 'PUT', '/api/halls/demo/print-settings', { header: ['欢迎光临'], footer: ['谢谢'] }, admin)).status).toBe(200);
    const r = await api(s.url, 'PUT', '/api/halls/demo/print-settings', { header: [`欢迎${c}光临`], footer: ['谢谢'] }, admin);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'CONTROL_CHARACTER', details: { field: 'body.header.0' } });
    const footer = await api(s.url, 'PUT', '/api/halls/demo/print-settings', { header: ['欢迎光临'], footer: ['谢谢', `再${c}见`] }, admin);
    expect(footer.body.error).toMatchObject({ code: 'CONTROL_CHARACTER', details: { field: 'body.footer.1' } });
    expect((await api(s.url, 'GET', '/api/halls/demo/print-settings')).body).toMatchObject({ header: ['欢迎光临'], footer: ['谢谢'] });
    expect((await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' }, { 'x-device-token': kiosk })).status).toBe(201);
  });

  it.each(HOSTILE.map((c) => [CODE_POINT(c), c]))('category name with %s: 400 and the old name stays', async (_n, c) => {
    const hall = async () => (await api(s.url, 'GET', '/api/halls/demo')).body as { categories: Array<{ id: string; name: string }> };
    const old = (await hall()).categories.find((x) => x.id === 'cat_A')!.name;
    const r = await api(s.url, 'PATCH', '/api/halls/demo/categories/cat_A', { name: `综合${c}受理` }, admin);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'CONTROL_CHARACTER', details: { field: 'body.name' } });
    expect((await hall()).categories.find((x) => x.id === 'cat_A')!.name).toBe(old);
  });
});

describe('text already stored with control characters still prints', () => {
  let s: TestServer;
  let admin: Record<string, string>;
  let clerk: Record<string, string>;
  beforeAll(async () => {
    s = await startServer();
    admin = bearer(await login(s.url, 'admin'));
    clerk = bearer(await login(s.url, 'clerk01'));
  });
  afterAll(() => s.close());

  const spooled = async (file: string): Promise<PrintItem[]> => {
    const p = path.join(s.dataDir, 'spool', file);
    let items: PrintItem[] = [];
    await until(() => fs.existsSync(p) && (items = decode(new Uint8Array(fs.readFileSync(p)))).some((i) => i.type === 'cut'));
    return items;
  };
  const textOf = (items: PrintItem[]) => items.flatMap((i) => (i.type === 'text' ? [i.text] : [])).join('\n');

  it('a hall whose stored header, names and materials hold ESC, NUL, BEL, C1, emoji and bad surrogates issues and prints kiosk tickets', async () => {
    const m = ((await api(s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string; categoryId: string }>)[0]!;
    // Straight into the database, past the API's checks: as text stored before them would be.
    const db = s.app.db;
    await db.updateTable('halls').set({
      name: '清河\u001b@县政务服务中心',
      print_settings: JSON.stringify({ header: ['欢迎\u001b@光临\u0007', '\u001dV\u0000'], footer: ['\u009b2J谢谢😀'], logoText: '\u0010\u0004政务', notices: ['\ud800请\ufffe保管'], rules: ['过号\u0000请重新取号'] }),
    }).where('id', '=', 'demo').execute();
    await db.updateTable('categories').set({ name: '综合\u0000受理\u202e' }).where('id', '=', m.categoryId).execute();
    await db.updateTable('matters').set({ name: '事项\u001bE\u0001名称', materials: JSON.stringify(['身份证\u0007原件', '\u007f' + 'x'.repeat(200)]) }).where('id', '=', m.id).execute();
    await db.updateTable('windows').set({ name: '综合\u0007窗口' }).where('hall_id', '=', 'demo').execute();

    const kiosk = await api(s.url, 'POST', '/api/devices', { kind: 'kiosk', name: '测试取号机' }, admin);
    const t = await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: m.categoryId, matterId: m.id }, { 'x-device-token': kiosk.body.token });
    expect(t.status).toBe(201);
    const items = await spooled(`kiosk-${kiosk.body.id}.bin`);
    expect(items.filter((i) => i.type === 'unknown')).toEqual([]);
    const text = textOf(items);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/u);
    expect(text).toContain(t.body.number);
    expect(text).toContain('清河?@县政务服务中心');
    expect(text).toContain('欢迎?@光临?');
    expect(text).toContain('综合?受理');
    expect(text).toContain('身份证?原件');
    expect(items.filter((i) => i.type === 'cut')).toHaveLength(1);
    expect(items.find((i) => i.type === 'qr')).toBeTruthy();
  });

  it('a kiosk reached through an over-long Host still prints (the QR address is too long for a small symbol)', async () => {
    const kiosk = await api(s.url, 'POST', '/api/devices', { kind: 'kiosk', name: '长地址取号机' }, admin);
    const issue = (host: string) => new Promise<{ status: number; body: { number: string } }>((resolve, reject) => {
      const u = new URL(s.url);
      const req = http.request({ host: u.hostname, port: u.port, path: '/api/halls/demo/tickets', method: 'POST', headers: { host, 'content-type': 'application/json', 'x-device-token': kiosk.body.token } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ categoryId: 'cat_A' }));
    });
    for (const host of [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}`, 'e'.repeat(9000)]) {
      const t = await issue(host);
      expect(t.status).toBe(201);
      await until(async () => textOf(await spooled(`kiosk-${kiosk.body.id}.bin`)).includes(t.body.number));
    }
    const qrs = (await spooled(`kiosk-${kiosk.body.id}.bin`)).filter((i) => i.type === 'qr');
    expect(qrs.map((q) => (q as { data: string }).data.length)).toEqual([expect.any(Number), expect.any(Number)]);
    expect((qrs[0] as { data: string }).data).toContain('d'.repeat(60));
  });

  it('a clerk whose stored name holds control characters still accepts a case and its pickup slip prints', async () => {
    await s.app.db.updateTable('staff').set({ name: '张\u001b@三\u0007' }).where('username', '=', 'clerk01').execute();
    expect((await api(s.url, 'POST', '/api/windows/win_1/open', undefined, clerk)).status).toBe(200);
    const m = ((await api(s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string }>)[0]!;
    const r = await api(s.url, 'POST', '/api/windows/win_1/cases', { matterId: m.id, applicantName: '李四' }, clerk);
    expect(r.status).toBe(201);
    const items = await spooled('window-1.bin');
    expect(items.filter((i) => i.type === 'unknown')).toEqual([]);
    expect(textOf(items)).toContain('张?@三?');
    expect(items.find((i) => i.type === 'barcode')).toMatchObject({ data: r.body.pickupCode });
  });
});
