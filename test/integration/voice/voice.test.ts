import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, startServer, type TestServer } from '../../helpers/server.ts';
import { CLIP_NAMES } from '../../../protocol/voice.ts';
import { connectRecorder } from '../../helpers/queue.ts';

const DEFAULT_DIR = path.resolve(import.meta.dirname, '../../../assets/voice/default');

/** A tiny valid WAV (16 kHz mono silence): what a hall's own recording looks like to the server. */
function wav(samples = 1600): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + samples * 2, 4);
  h.write('WAVEfmt ', 8, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(16000, 24);
  h.writeUInt32LE(32000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(samples * 2, 40);
  return Buffer.concat([h, Buffer.alloc(samples * 2)]);
}

describe("the hall's voice: settings, its own recorded clips (checked, stored in the data folder), the default set as fallback", () => {
  let s: TestServer;
  let admin: Record<string, string>;
  let manager: Record<string, string>;
  beforeAll(async () => {
    s = await startServer();
    admin = bearer(await login(s.url, 'admin'));
    manager = bearer(await login(s.url, 'manager'));
  });
  afterAll(() => s.close());

  const clip = (name: string) => fetch(`${s.url}/api/halls/demo/voice/clips/${name}`);
  const upload = (name: string, body: Buffer, type = 'audio/wav', headers = admin) =>
    fetch(`${s.url}/api/halls/demo/voice/clips/${name}`, { method: 'PUT', headers: { 'content-type': type, ...headers }, body: new Uint8Array(body) });

  it('ships every clip of the phrase in the default set and serves it to anyone', async () => {
    expect(fs.readdirSync(DEFAULT_DIR).filter((f) => f.endsWith('.wav')).map((f) => f.slice(0, -4)).sort()).toEqual([...CLIP_NAMES].sort());
    const r = await clip('haochuangkou');
    expect([r.status, r.headers.get('content-type'), r.headers.get('x-hallq-clip')]).toEqual([200, 'audio/wav', 'default']);
    expect(Buffer.from(await r.arrayBuffer()).equals(fs.readFileSync(path.join(DEFAULT_DIR, 'haochuangkou.wav')))).toBe(true);
    expect((await clip('nope')).status).toBe(404);
    expect((await fetch(`${s.url}/api/halls/nowhere/voice/clips/qing`)).status).toBe(404);
  });

  it('settings: defaults, admin changes them, bad values are 400, a manager may not', async () => {
    expect((await api(s.url, 'GET', '/api/halls/demo/voice')).body).toEqual({ volume: 1, repeat: 1, chime: true, preferClips: false, customClips: [] });
    const put = await api(s.url, 'PUT', '/api/halls/demo/voice', { volume: 0.6, repeat: 2, preferClips: true }, admin);
    expect(put.body).toEqual({ volume: 0.6, repeat: 2, chime: true, preferClips: true });
    for (const bad of [{ volume: 2 }, { repeat: 0 }, { repeat: 4 }, { loud: true }]) {
      expect((await api(s.url, 'PUT', '/api/halls/demo/voice', bad, admin)).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await api(s.url, 'PUT', '/api/halls/demo/voice', { repeat: 3 }, manager)).status).toBe(403);
    expect((await api(s.url, 'GET', '/api/halls/demo/voice')).body).toMatchObject({ volume: 0.6, repeat: 2 });
  });

  it("a hall's own clip replaces the default one; removed, the default plays again; bad uploads are refused and change nothing", async () => {
    const own = wav();
    const r = await upload('qing', own);
    expect(r.status).toBe(200);
    expect(fs.readFileSync(path.join(s.dataDir, 'voice', 'demo', 'qing.wav')).equals(own)).toBe(true);
    const served = await clip('qing');
    expect(served.headers.get('x-hallq-clip')).toBe('hall');
    expect(Buffer.from(await served.arrayBuffer()).equals(own)).toBe(true);
    expect((await clip('hao')).headers.get('x-hallq-clip')).toBe('default'); // the rest still from the default set
    expect((await api(s.url, 'GET', '/api/halls/demo/voice')).body.customClips).toEqual(['qing']);

    const refusals: Array<[string, Buffer, string, number, string | undefined]> = [
      ['hao', Buffer.from('just text pretending to be audio'), 'audio/wav', 400, 'BAD_CLIP_FORMAT'],
      ['hao', wav(300_000), 'audio/wav', 413, undefined],
      ['hao', own, 'text/plain', 400, 'BAD_CLIP_FORMAT'],
      ['hao', own, 'application/octet-stream', 415, undefined],
      ['nonsense', own, 'audio/wav', 404, 'CLIP_NOT_FOUND'],
    ];
    for (const [name, body, type, status, code] of refusals) {
      const res = await upload(name, body, type);
      expect(res.status, `${name} ${type} ${body.length}`).toBe(status);
      if (code) expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    expect((await upload('hao', own, 'audio/wav', manager)).status).toBe(403);
    expect((await upload('hao', own, 'audio/wav', {})).status).toBe(401);
    expect((await clip('hao')).headers.get('x-hallq-clip')).toBe('default');

    expect((await api(s.url, 'DELETE', '/api/halls/demo/voice/clips/qing', undefined, admin)).status).toBe(200);
    expect((await clip('qing')).headers.get('x-hallq-clip')).toBe('default');
    expect((await api(s.url, 'GET', '/api/halls/demo/voice')).body.customClips).toEqual([]);
  });

  it('a display reports its sound with its device token; the manager reads it; anything else is refused', async () => {
    const dev = (await api(s.url, 'POST', '/api/devices', { kind: 'display', name: '大厅主屏' }, admin)).body;
    const put = (body: unknown, headers: Record<string, string>) => api(s.url, 'PUT', '/api/devices/me/sound', body, headers);
    expect((await put({ state: 'blocked' }, { 'x-device-token': dev.token })).status).toBe(200);
    expect((await put({ state: 'loud' }, { 'x-device-token': dev.token })).status).toBe(400);
    expect((await put({ state: 'clips' }, {})).status).toBe(401);
    const list = await api(s.url, 'GET', '/api/halls/demo/displays/sound', undefined, manager);
    expect(list.body.find((d: { id: string }) => d.id === dev.id)).toMatchObject({ name: '大厅主屏', soundState: 'blocked' });
    expect((await api(s.url, 'GET', '/api/halls/demo/displays/sound')).status).toBe(401);
  });

  it("a display's report reaches the hall's managers at once (display:sound), and no public screen", async () => {
    const dev = (await api(s.url, 'POST', '/api/devices', { kind: 'display', name: '二楼屏' }, admin)).body;
    const managerToken = manager.authorization.slice('Bearer '.length);
    const mgr = await connectRecorder(s.url, { hallId: 'demo', role: 'manager', token: managerToken });
    const wall = await connectRecorder(s.url, { hallId: 'demo', role: 'display' });
    try {
      await mgr.waitFor((e) => e.event === 'snapshot');
      await wall.waitFor((e) => e.event === 'snapshot');
      expect((await api(s.url, 'PUT', '/api/devices/me/sound', { state: 'none' }, { 'x-device-token': dev.token })).status).toBe(200);
      const got = await mgr.waitFor((e) => e.event === 'display:sound');
      expect(got.msg).toMatchObject({ deviceId: dev.id, soundState: 'none' });
      expect(typeof (got.msg as { reportedAt: unknown }).reportedAt).toBe('number');
      // A call after the report: once the wall has it, it would have had the report before it.
      await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' });
      await wall.waitFor((e) => e.event === 'queue');
      expect(wall.events.some((e) => e.event === 'display:sound')).toBe(false);
    } finally {
      mgr.socket.disconnect();
      wall.socket.disconnect();
    }
  });
});
