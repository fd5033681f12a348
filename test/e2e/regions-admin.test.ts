import { beforeAll, describe, expect, it } from 'vitest';
import { addStaff, hashPassword } from '../../server/services/staff.ts';
import { api, bearer, DEMO_PASSWORD, login } from '../helpers/server.ts';
import { shot, staffLogin, uiSuite, watchErrors } from './helpers.ts';

/** 系统管理 · 区域管理: a county's admin adds a village and a town manager; the manager's board shows that town only. 1366x768. */
describe('区域管理 in the staff console', () => {
  const ui = uiSuite();

  beforeAll(async () => {
    // The demo has no region admin: one of 清河县, as `npx hallq user add --region qinghe --role admin` makes it.
    const hash = await hashPassword(DEMO_PASSWORD);
    await ui.s.app.db.transaction().execute((trx) => addStaff(trx, ui.s.app.ctx, { username: 'qinghe-adm', name: '县局系统管理员', staffNo: 'XSP09', role: 'admin', password: '', hallId: null, regionId: 'qinghe' }, hash));
    await ui.s.app.db.transaction().execute((trx) => addStaff(trx, ui.s.app.ctx, { username: 'xiyuan-adm', name: '西园镇管理员', staffNo: 'XY09', role: 'admin', password: '', hallId: null, regionId: 'xiyuan' }, hash));
  });

  it('a county admin adds a village under a town and a manager of the town, who then sees only its halls', async () => {
    const page = await (await ui.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const errors = watchErrors(page);
    await staffLogin(page, ui.s.url, 'qinghe-adm');
    await page.click('[data-test=tab-admin]');
    // The section comes first for an admin of no hall; the tree is its own region's, the city above it not.
    await page.waitForSelector('[data-test=region-table] tr[data-region=nanwan]');
    const rows = await page.$$eval('[data-test=region-table] tbody tr[data-region]', (trs) => trs.map((tr) => tr.getAttribute('data-region')));
    expect(rows.sort()).toEqual(['dongguan', 'liuzhuang', 'nanwan', 'qinghe', 'xiyuan', 'zhaojia']);
    expect(await page.textContent('tr[data-region=dongguan]')).toContain('东关镇便民服务中心');

    // A village below 东关镇: below a town only a village may hang.
    await page.click('tr[data-region=dongguan] [data-test=region-add-child]');
    expect(await page.$$eval('select[name=region-level] option', (os) => os.map((o) => o.getAttribute('value')))).toEqual(['village']);
    await page.click('[data-test=region-submit]');
    expect(await page.textContent('[data-test=region-form] .field-error')).toBe('请填写区域名称');
    await page.fill('input[name=region-name]', '北坡村');
    await page.click('[data-test=region-submit]');
    await page.waitForFunction(() => document.querySelector('[data-test=region-notice]')?.textContent?.includes('北坡村'));
    const tree = (await api(ui.s.url, 'GET', '/api/regions', undefined, bearer(await login(ui.s.url, 'qinghe-adm')))).body as Array<{ children: Array<{ id: string; children: Array<{ id: string; name: string; level: string; parentId: string }> }> }>;
    const beipo = tree[0].children.find((c) => c.id === 'dongguan')!.children.find((c) => c.name === '北坡村')!;
    expect(beipo).toMatchObject({ level: 'village', parentId: 'dongguan' });
    await page.waitForSelector(`[data-test=region-table] tr[data-region="${beipo.id}"]`);

    // A manager of 东关镇: a taken username is refused in words, then the account is made.
    await page.click('tr[data-region=dongguan] [data-test=region-add-staff]');
    expect(await page.$$eval('select[name=new-role] option', (os) => os.map((o) => o.getAttribute('value')))).toEqual(['manager', 'admin']);
    expect(await page.textContent('select[name=new-role] option[value=manager]')).toContain('区域负责人');
    await page.fill('input[name=new-username]', 'bureau');
    await page.fill('input[name=new-name]', '东关镇主任');
    await page.fill('input[name=new-staff-no]', 'DG001');
    await page.fill('input[name=new-password]', DEMO_PASSWORD);
    await page.click('[data-test=staff-submit]');
    await page.waitForSelector('[data-test=staff-form-error]');
    expect(await page.textContent('[data-test=staff-form-error]')).toBe('该用户名已被使用，请换一个');
    await shot(page, 'e2e-regions-staff-form');
    await page.fill('input[name=new-username]', 'dg-boss');
    await page.click('[data-test=staff-submit]');
    await page.waitForSelector('[data-test=region-notice]');
    expect(await page.textContent('[data-test=region-notice]')).toContain('dg-boss');
    await shot(page, 'e2e-regions-admin');
    expect(errors).toEqual([]);

    const manager = await (await ui.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const managerErrors = watchErrors(manager);
    await staffLogin(manager, ui.s.url, 'dg-boss');
    await manager.waitForSelector('[data-test=board-halls] tr[data-hall=zhaojia]');
    const halls = await manager.$$eval('[data-test=board-halls] tbody tr[data-hall]', (trs) => trs.map((tr) => tr.getAttribute('data-hall')));
    expect(halls).toEqual(['dongguan', 'liuzhuang', 'zhaojia']);
    // A manager administers nothing: no 系统管理 tab.
    expect(await manager.$('[data-test=tab-admin]')).toBeNull();
    await shot(manager, 'e2e-regions-town-manager');
    expect(managerErrors).toEqual([]);
  });

  it("a county admin sees the county's and a town's accounts, adds a village hall, stops an account; a town admin sees its own only", async () => {
    const page = await (await ui.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const errors = watchErrors(page);
    await staffLogin(page, ui.s.url, 'qinghe-adm');
    await page.click('[data-test=tab-admin]');
    // Each region's own accounts under its row: the county's bureau and admin, the town's admin; no hall clerk.
    await page.waitForSelector('tr[data-region-accounts=xiyuan] tr[data-username=xiyuan-adm]');
    const usernames = (region: string) => page.$$eval(`tr[data-region-accounts=${region}] tr[data-username]`, (trs) => trs.map((tr) => tr.getAttribute('data-username')));
    expect((await usernames('qinghe')).sort()).toEqual(['bureau', 'qinghe-adm']);
    expect(await usernames('xiyuan')).toEqual(['xiyuan-adm']);
    expect(await page.textContent('tr[data-region-accounts=qinghe] tr[data-username=bureau]')).toContain('区域负责人（监管）');
    expect(await page.$('[data-test=region-table] tr[data-username=xiyuan01]')).toBeNull();
    expect(await page.$('tr[data-region-accounts=nanwan]')).toBeNull();

    // A village hall in 南湾村: a village region holds village stations only; a missing name is said in words.
    await page.click('tr[data-region=nanwan] [data-test=region-add-hall]');
    expect(await page.$$eval('select[name=hall-level] option', (os) => os.map((o) => [o.getAttribute('value'), o.textContent]))).toEqual([['village', '村级站点']]);
    await page.click('[data-test=region-hall-submit]');
    expect(await page.textContent('[data-test=region-hall-form] .field-error')).toBe('请填写大厅名称');
    await page.fill('input[name=hall-name]', '南湾村二组代办点');
    await page.click('[data-test=region-hall-submit]');
    await page.waitForFunction(() => document.querySelector('tr[data-region=nanwan] .halls')?.textContent?.includes('南湾村二组代办点'));
    expect(await page.textContent('[data-test=region-notice]')).toBe('已在南湾村添加大厅：南湾村二组代办点');
    const made = await ui.s.app.db.selectFrom('halls').select(['region_id', 'level']).where('name', '=', '南湾村二组代办点').executeTakeFirstOrThrow();
    expect(made).toEqual({ region_id: 'nanwan', level: 'village' });
    // A town offers its own centre first, then a village station.
    await page.click('tr[data-region=dongguan] [data-test=region-add-hall]');
    expect(await page.$$eval('select[name=hall-level] option', (os) => os.map((o) => o.getAttribute('value')))).toEqual(['town', 'village']);
    await page.click('[data-test=region-hall-form] .btn.ghost');

    // Stopping the town's admin, then starting it again.
    await page.click('tr[data-region-accounts=xiyuan] tr[data-username=xiyuan-adm] [data-test=account-deactivate]');
    await page.click('[data-test=confirm-ok]');
    await page.waitForFunction(() => document.querySelector('tr[data-region-accounts=xiyuan] tr[data-username=xiyuan-adm] [data-test=account-state]')?.textContent === '已停用');
    await page.click('tr[data-region-accounts=xiyuan] tr[data-username=xiyuan-adm] [data-test=account-activate]');
    await page.waitForFunction(() => document.querySelector('tr[data-region-accounts=xiyuan] tr[data-username=xiyuan-adm] [data-test=account-state]')?.textContent === '在用');
    // Its own account cannot be stopped from here.
    expect(await page.isDisabled('tr[data-region-accounts=qinghe] tr[data-username=qinghe-adm] [data-test=account-deactivate]')).toBe(true);
    await shot(page, 'e2e-regions-accounts');
    expect(errors).toEqual([]);

    const town = await (await ui.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const townErrors = watchErrors(town);
    await staffLogin(town, ui.s.url, 'xiyuan-adm');
    await town.click('[data-test=tab-admin]');
    await town.waitForSelector('tr[data-region-accounts=xiyuan] tr[data-username=xiyuan-adm]');
    expect(await town.$$eval('[data-test=region-table] tbody tr[data-region]', (trs) => trs.map((tr) => tr.getAttribute('data-region')))).toEqual(['xiyuan', 'nanwan']);
    expect(await town.$$eval('[data-test=region-table] tr[data-username]', (trs) => trs.map((tr) => tr.getAttribute('data-username')))).toEqual(['xiyuan-adm']);
    expect(await town.$('tr[data-username=bureau]')).toBeNull();
    await shot(town, 'e2e-regions-town-admin');
    expect(townErrors).toEqual([]);
  });
});
