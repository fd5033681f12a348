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
});
