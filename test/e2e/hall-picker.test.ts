import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addStaff, hashPassword } from '../../server/services/staff.ts';
import { api, bearer, DEMO_PASSWORD, login } from '../helpers/server.ts';
import { shot, staffLogin, uiSuite, watchErrors } from './helpers.ts';

/**
 * The hall a staff page works on is one the account manages: a town's admin opens its town's
 * hall (not the first hall of the system), is offered its town's and villages' halls only, and
 * the sections load them; an admin of a region without a hall is told so. 1366x768.
 */
describe('the hall picker of 系统管理 and the dashboard', () => {
  const ui = uiSuite();
  const post = async (url: string, body: unknown, auth: Record<string, string>) => {
    const r = await api(ui.s.url, 'POST', url, body, auth);
    expect([url, r.status]).toEqual([url, 201]);
    return r.body;
  };

  beforeAll(async () => {
    // The system administrator, as `npx hallq user add --role admin` makes it; the rest through the HTTP API.
    const hash = await hashPassword(DEMO_PASSWORD);
    await ui.s.app.db.transaction().execute((trx) => addStaff(trx, ui.s.app.ctx, { username: 'root', name: '系统管理员', staffNo: 'SYS', role: 'admin', password: '', hallId: null }, hash));
    const root = bearer(await login(ui.s.url, 'root'));
    await post('/api/regions', { id: 'beishan', name: '北山镇', level: 'town', parentId: 'qinghe' }, root);
    await post('/api/halls', { id: 'beishan', name: '北山镇便民服务中心', regionId: 'beishan' }, root);
    await post('/api/regions', { id: 'beipo', name: '北坡村', level: 'village', parentId: 'beishan' }, root);
    await post('/api/halls', { id: 'beipo', name: '北坡村便民服务站', regionId: 'beipo' }, root);
    await post('/api/regions/beishan/staff', { username: 'bs-admin', name: '北山镇管理员', staffNo: 'BS01', role: 'admin', password: DEMO_PASSWORD }, root);
    await post('/api/regions', { id: 'nanshan', name: '南山镇', level: 'town', parentId: 'qinghe' }, root);
    await post('/api/regions/nanshan/staff', { username: 'ns-admin', name: '南山镇管理员', staffNo: 'NS01', role: 'admin', password: DEMO_PASSWORD }, root);
    // Each hall's own clerk, added by the town's admin: what its staff section lists.
    const town = bearer(await login(ui.s.url, 'bs-admin'));
    await post('/api/halls/beishan/staff', { username: 'bs-clerk', name: '北山窗口', staffNo: 'BS02', role: 'clerk', password: DEMO_PASSWORD }, town);
    await post('/api/halls/beipo/staff', { username: 'bp-clerk', name: '北坡代办员', staffNo: 'BP01', role: 'clerk', password: DEMO_PASSWORD }, town);
  });

  async function open(username: string): Promise<{ page: Page; errors: string[]; refused: string[] }> {
    const page = await (await ui.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    // A wait that fails says which element never came, before the test's own timeout.
    page.setDefaultTimeout(10_000);
    const errors = watchErrors(page);
    const refused: string[] = [];
    page.on('response', (r) => {
      if (r.status() === 403) refused.push(r.url());
    });
    await staffLogin(page, ui.s.url, username);
    return { page, errors, refused };
  }
  const offered = (page: Page) => page.$$eval('[data-test=hall-picker] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
  const picked = (page: Page) => page.$eval('[data-test=hall-picker]', (s) => (s as HTMLSelectElement).value);
  const staffRows = (page: Page) => page.$$eval('[data-test=staff-table] tr[data-username]', (trs) => trs.map((tr) => tr.getAttribute('data-username')));

  it('a town admin works on its own halls only, the town hall first, though the system lists another hall first', async () => {
    const halls = (await api(ui.s.url, 'GET', '/api/halls')).body as Array<{ id: string }>;
    expect(halls[0].id).not.toBe('beishan');
    expect(halls.map((h) => h.id)).toContain('beishan');

    const { page, errors, refused } = await open('bs-admin');
    await page.click('[data-test=tab-admin]');
    await page.click('[data-test=admin-tab-staff]');
    await page.waitForSelector('[data-test=staff-table] tr[data-username=bs-clerk]');
    expect(await offered(page)).toEqual(['beishan', 'beipo']);
    expect(await picked(page)).toBe('beishan');
    expect(await page.textContent('[data-test=admin-hall]')).toContain('北山镇便民服务中心');
    expect(await staffRows(page)).toEqual(['bs-clerk']);
    expect(await page.$$('[role=alert]')).toHaveLength(0);
    await shot(page, 'e2e-hall-picker-town-admin');

    // The village's hall: its own staff, and the choice kept across sections and a reload.
    await page.selectOption('[data-test=hall-picker]', 'beipo');
    await page.waitForSelector('[data-test=staff-table] tr[data-username=bp-clerk]');
    expect(await staffRows(page)).toEqual(['bp-clerk']);
    expect(new URL(page.url()).searchParams.get('hall')).toBe('beipo');
    await page.click('[data-test=admin-tab-business]');
    await page.waitForSelector('.hall-sections[data-hall=beipo] [data-test=admin-categories]');
    await page.reload();
    await page.waitForSelector('.hall-sections [data-test=admin-categories]');
    expect(await page.getAttribute('.hall-sections', 'data-hall')).toBe('beipo');
    expect(await picked(page)).toBe('beipo');
    expect(await page.textContent('[data-test=admin-hall]')).toContain('北坡村便民服务站');

    // The dashboard through the same choice: a hall asked for that the account may not manage is not opened.
    await page.goto(`${ui.s.url}/staff-ui/?hall=demo#dashboard`);
    await page.waitForSelector('[data-test=window-table]');
    await page.waitForFunction(() => document.querySelector('.dash h2 small')?.textContent?.includes('北山镇便民服务中心'));
    expect(await offered(page)).toEqual(['beishan', 'beipo']);
    expect(await picked(page)).toBe('beishan');
    await page.selectOption('[data-test=hall-picker]', 'beipo');
    await page.waitForFunction(() => document.querySelector('.dash h2 small')?.textContent?.includes('北坡村便民服务站'));
    await page.waitForSelector('[data-test=totals]');
    expect(await page.$$('.dash [role=alert]')).toHaveLength(0);
    await shot(page, 'e2e-hall-picker-town-dashboard');
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('an admin of a region with no hall is told so in the hall sections and on the dashboard', async () => {
    const { page, errors, refused } = await open('ns-admin');
    await page.click('[data-test=tab-admin]');
    await page.waitForSelector('[data-test=admin-tab-devices]');
    await page.click('[data-test=admin-tab-devices]');
    await page.waitForSelector('[data-test=admin-panel] [data-test=no-hall]');
    expect(await page.textContent('[data-test=no-hall]')).toContain('还没有大厅');
    expect(await page.$('[data-test=hall-picker]')).toBeNull();
    expect(await page.$$('[role=alert]')).toHaveLength(0);
    await shot(page, 'e2e-hall-picker-no-hall');
    await page.click('[data-test=tab-dashboard]');
    await page.waitForSelector('[data-test=no-hall]');
    expect(await page.$('[data-test=window-table]')).toBeNull();
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the system administrator is offered every hall, the first one first', async () => {
    const all = ((await api(ui.s.url, 'GET', '/api/halls')).body as Array<{ id: string }>).map((h) => h.id);
    const { page, errors, refused } = await open('root');
    await page.click('[data-test=tab-admin]');
    await page.click('[data-test=admin-tab-staff]');
    await page.waitForSelector('[data-test=staff-table] tr[data-username]');
    expect(await offered(page)).toEqual(all);
    expect(await picked(page)).toBe(all[0]);
    await page.selectOption('[data-test=hall-picker]', 'beishan');
    await page.waitForSelector('.hall-sections[data-hall=beishan] [data-test=staff-table] tr[data-username=bs-clerk]');
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
  });
});
