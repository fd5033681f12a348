import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { decode } from '../../printers/decoder.ts';
import { tempDataDir } from '../helpers/server.ts';
import { texts } from '../helpers/wait.ts';

const run = promisify(execFile);
const hallq = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, [path.resolve('bin/hallq.mjs'), ...args], { env: { ...process.env, ...env } }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe('npx hallq', () => {
  it('print-test writes a sample ticket and pickup slip that decode back; decode shows them', async () => {
    const file = path.join(tempDataDir(), 'sample.bin');
    for (const width of ['80', '58']) {
      fs.rmSync(file, { force: true });
      const r = await hallq(['print-test', '--printer', `file:${file}`, '--width', width]);
      expect(r.code, r.stderr).toBe(0);
      const items = decode(new Uint8Array(fs.readFileSync(file)));
      expect(items.filter((i) => i.type === 'cut')).toHaveLength(2);
      expect(texts(items)).toContain('您前面还有');
      expect(texts(items)).toContain('受理回执');
      expect(Math.max(...items.flatMap((i) => (i.type === 'text' ? [i.columns] : [0])))).toBeLessThanOrEqual(width === '80' ? 48 : 32);
    }
    const shown = await hallq(['decode', file, '--width', '58']);
    expect(shown.stdout).toContain('受理回执');
    expect(shown.stdout).toContain('[QR');
    expect((await hallq(['print-test', '--printer', 'lpt1:'])).code).toBe(1);
  }, 120_000);

  it('migrate, user add and backup work on a data folder; bad commands exit 2', async () => {
    const data = tempDataDir();
    expect((await hallq(['migrate'], { HALLQ_DATA: data })).stdout).toContain('001_init');
    const added = await hallq(['user', 'add', '--username', 'li.si', '--name', '李四', '--role', 'manager', '--password', 'secret-123'], { HALLQ_DATA: data });
    expect(added.code, added.stderr).toBe(0);
    const out = path.join(data, 'copy.sqlite');
    expect((await hallq(['backup', '--out', out], { HALLQ_DATA: data })).code).toBe(0);
    const copy = new Database(out, { readonly: true });
    expect(copy.prepare('select role from staff where username = ?').get('li.si')).toEqual({ role: 'manager' });
    copy.close();
    expect((await hallq(['user', 'add', '--username', 'x'], { HALLQ_DATA: data })).code).toBe(2);
    expect((await hallq(['frobnicate'])).code).toBe(2);
  }, 120_000);

  it('user add refuses a name with a control character, as the API does', async () => {
    const bell = await hallq(['user', 'add', '--username', 'wang.wu', '--name', '王\u0007五', '--role', 'clerk', '--password', 'secret-123'], { HALLQ_DATA: tempDataDir() });
    expect([bell.code, bell.stderr]).toEqual([2, '--name contains the control character U+0007\n']);
  });

  it('user add --region adds a region-scoped account (a county bureau manager); an unknown region exits 1', async () => {
    const data = tempDataDir();
    const args = ['user', 'add', '--username', 'bureau2', '--name', '刘局长', '--role', 'manager', '--password', 'secret-123'];
    const unknown = await hallq([...args, '--region', 'qinghe'], { HALLQ_DATA: data });
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining('REGION_NOT_FOUND')]);
    const db = new Database(path.join(data, 'hallq.sqlite'));
    db.prepare("insert into regions (id, name, level, parent_id, created_at) values ('qinghe', '清河县', 'county', null, 0)").run();
    db.close();
    const added = await hallq([...args, '--region', 'qinghe'], { HALLQ_DATA: data });
    expect(added.code, added.stderr).toBe(0);
    const check = new Database(path.join(data, 'hallq.sqlite'), { readonly: true });
    expect(check.prepare('select hall_id, region_id from staff where username = ?').get('bureau2')).toEqual({ hall_id: null, region_id: 'qinghe' });
    check.close();
  });
});
