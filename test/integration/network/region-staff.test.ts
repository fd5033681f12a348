import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, DEMO_PASSWORD, login, startServer, type TestServer } from '../../helpers/server.ts';
import { addStaff, hashPassword } from '../../../server/services/staff.ts';

/** GET /api/regions/:regionId/staff: a region's own accounts and those below it, never a sibling's or the halls' staff. */
describe("a region's accounts", () => {
  let s: TestServer;
  let root: Record<string, string>;
  let countyAdmin: Record<string, string>;
  let townAdmin: Record<string, string>;
  type Account = { id: string; username: string; name: string; staffNo: string; role: string; active: boolean; regionId: string };
  const list = async (regionId: string, auth?: Record<string, string>) => api(s.url, 'GET', `/api/regions/${regionId}/staff`, undefined, auth);

  beforeAll(async () => {
    s = await startServer();
    const hash = await hashPassword(DEMO_PASSWORD);
    await s.app.db.transaction().execute(async (trx) => {
      await addStaff(trx, s.app.ctx, { username: 'root', name: '系统管理员', staffNo: 'SYS', role: 'admin', password: '', hallId: null }, hash);
      await addStaff(trx, s.app.ctx, { username: 'county-admin', name: '县局管理员', staffNo: 'XA1', role: 'admin', password: '', hallId: null, regionId: 'qinghe' }, hash);
      await addStaff(trx, s.app.ctx, { username: 'dg-admin', name: '东关镇管理员', staffNo: 'DG9', role: 'admin', password: '', hallId: null, regionId: 'dongguan' }, hash);
      await addStaff(trx, s.app.ctx, { username: 'xy-mgr', name: '西园镇主任', staffNo: 'XY9', role: 'manager', password: '', hallId: null, regionId: 'xiyuan' }, hash);
    });
    root = bearer(await login(s.url, 'root'));
    countyAdmin = bearer(await login(s.url, 'county-admin'));
    townAdmin = bearer(await login(s.url, 'dg-admin'));
  });
  afterAll(async () => {
    await s.close();
  });

  it("lists the region's accounts and those of the regions below it, without the halls' staff or any password", async () => {
    const county = await list('qinghe', countyAdmin);
    expect(county.status).toBe(200);
    const rows = county.body as Account[];
    // The county's own first (the demo's bureau and this admin), then its towns'; no hall clerk (dongguan01…), no system account.
    expect(rows.map((a) => `${a.regionId}:${a.username}`)).toEqual(['qinghe:bureau', 'qinghe:county-admin', 'dongguan:dg-admin', 'xiyuan:xy-mgr']);
    expect(rows[0]).toEqual({ id: expect.any(String), username: 'bureau', name: '县行政审批服务局 刘局长', staffNo: 'XSP01', role: 'manager', active: true, regionId: 'qinghe' });
    expect(JSON.stringify(county.body)).not.toMatch(/hash|password|\$argon|\$scrypt/i);
    // The system administrator sees every region's, from the city down.
    expect(((await list('lincheng', root)).body as Account[]).map((a) => a.username)).toEqual(['bureau', 'county-admin', 'dg-admin', 'xy-mgr']);
    // A sub-region's accounts, asked for by the parent's admin.
    expect(((await list('xiyuan', countyAdmin)).body as Account[]).map((a) => a.username)).toEqual(['xy-mgr']);
  });

  it("a town's admin sees its own town only: not the county above, not the town beside; strangers are told to log in", async () => {
    expect(((await list('dongguan', townAdmin)).body as Account[]).map((a) => a.username)).toEqual(['dg-admin']);
    const above = await list('qinghe', townAdmin);
    expect([above.status, above.body.error.code]).toEqual([403, 'OTHER_HALL']);
    const sibling = await list('xiyuan', townAdmin);
    expect([sibling.status, sibling.body.error.code]).toEqual([403, 'OTHER_HALL']);
    const hallAdmin = await list('qinghe', bearer(await login(s.url, 'admin')));
    expect([hallAdmin.status, hallAdmin.body.error.code]).toEqual([403, 'OTHER_HALL']);
    const manager = await list('qinghe', bearer(await login(s.url, 'bureau')));
    expect(manager.status).toBe(403);
    const missing = await list('no-such-region', countyAdmin);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'REGION_NOT_FOUND']);
    const anonymous = await list('qinghe');
    expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'LOGIN_REQUIRED']);
  });

  it("POST /api/staff/:id/active: a county admin stops and restarts a town's account; a town admin cannot touch the county's", async () => {
    const xy = ((await list('xiyuan', countyAdmin)).body as Account[])[0];
    const off = await api(s.url, 'POST', `/api/staff/${xy.id}/active`, { active: false }, countyAdmin);
    expect([off.status, off.body.active]).toEqual([200, false]);
    expect(((await list('xiyuan', countyAdmin)).body as Account[])[0].active).toBe(false);
    expect((await api(s.url, 'POST', '/api/auth/login', { username: 'xy-mgr', password: DEMO_PASSWORD })).status).toBe(401);
    const on = await api(s.url, 'POST', `/api/staff/${xy.id}/active`, { active: true }, countyAdmin);
    expect([on.status, on.body.active]).toEqual([200, true]);
    const bureauId = ((await list('qinghe', countyAdmin)).body as Account[]).find((a) => a.username === 'bureau')!.id;
    const upward = await api(s.url, 'POST', `/api/staff/${bureauId}/active`, { active: false }, townAdmin);
    expect([upward.status, upward.body.error.code]).toEqual([403, 'OTHER_HALL']);
  });
});
