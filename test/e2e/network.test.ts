import { describe, expect, it } from 'vitest';
import { api, bearer, login, ManualClock } from '../helpers/server.ts';
import { shot, staffLogin, uiSuite, watchErrors } from './helpers.ts';

/** The county board (县域监管) for the bureau and the 代办 desk of a village station, in Chromium at the console's 1366x768. */
describe('county network pages', () => {
  // Near real time: the page keeps its session against the browser's own clock.
  const clock = new ManualClock(Date.now());
  const ui = uiSuite({ clock });

  async function lateProxyCase(): Promise<string> {
    const village = bearer(await login(ui.s.url, 'liuzhuang01'));
    const matter = ((await api(ui.s.url, 'GET', '/api/halls/liuzhuang/matters', undefined, village)).body as Array<{ id: string; name: string }>).find((m) => m.name === '残疾人证新办')!;
    const r = await api(ui.s.url, 'POST', '/api/halls/liuzhuang/proxy-cases', { matterId: matter.id, applicantName: '柳大山', materials: ['居民身份证原件'] }, village);
    expect(r.status).toBe(201);
    // Four days on, it has not been passed up: a late hand-over (at most 3 of them are weekend days).
    clock.advance(4 * 86_400_000);
    return r.body.proxyNo as string;
  }

  it('the bureau sees every hall of the county live, a late hand-over flagged, the ranking, and drills down to one hall', async () => {
    const proxyNo = await lateProxyCase();
    for (let i = 0; i < 2; i++) expect((await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A' })).status).toBe(201);
    expect((await api(ui.s.url, 'POST', '/api/halls/dongguan/tickets', { categoryId: 'cat_dongguan_A' })).status).toBe(201);
    const page = await (await ui.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const errors = watchErrors(page);
    await staffLogin(page, ui.s.url, 'bureau');
    await page.waitForSelector('[data-test=board-halls] tr[data-hall=nanwan]');
    const rows = await page.$$eval('[data-test=board-halls] tbody tr[data-hall]', (trs) => trs.map((tr) => tr.getAttribute('data-hall')));
    expect(rows).toEqual(['demo', 'dongguan', 'liuzhuang', 'zhaojia', 'xiyuan', 'nanwan']);
    expect(await page.textContent('tr[data-hall=liuzhuang] [data-test=overdue-handovers]')).toBe('1');
    expect(await page.textContent('tr[data-hall=demo] td:nth-child(3)')).toBe('2');
    expect(await page.textContent('tr[data-hall=dongguan] td:nth-child(3)')).toBe('1');
    await page.waitForSelector('[data-test=board-ranking] tr[data-rank=nanwan]');
    expect(await page.$$eval('[data-test=board-ranking] tbody tr', (trs) => trs.length)).toBe(6);
    await shot(page, 'e2e-county-board');

    await page.click('tr[data-hall=dongguan] [data-test=drill-down]');
    await page.waitForSelector('[data-test=window-table] tr[data-window=win_dongguan_1]');
    expect(await page.textContent('h2')).toContain('东关镇便民服务中心');
    await shot(page, 'e2e-county-drilldown');
    expect(errors).toEqual([]);
    expect(proxyNo).toMatch(/^LZ-DB\d{12}$/);
  });

  it('a village 代办员 records a proxy case against the materials list and passes it up; the late one is flagged', async () => {
    const page = await (await ui.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const errors = watchErrors(page);
    await staffLogin(page, ui.s.url, 'liuzhuang01');
    await page.click('[data-test=tab-proxy]');
    await page.waitForSelector('[data-test=proxy-ledger] tr[data-proxy]');
    expect(await page.textContent('[data-test=proxy-ledger] tr[data-proxy] [data-test=late-flag]')).toBe('超时');
    // Only the matters sent down to villages are offered here.
    const offered = await page.$$eval('select[name=matter] option:not([disabled])', (os) => os.map((o) => o.textContent));
    expect(offered.sort()).toEqual(['城乡居民养老保险参保登记', '残疾人证新办', '老年人优待证办理'].sort());
    await page.selectOption('select[name=matter]', { label: '老年人优待证办理' });
    await page.fill('input[name=applicant]', '赵桂芳');
    await page.check('fieldset label:first-of-type input');
    await page.click('[data-test=proxy-submit]');
    await page.waitForSelector('[data-test=proxy-notice]');
    const notice = await page.textContent('[data-test=proxy-notice]');
    const no = /LZ-DB\d{12}/.exec(notice ?? '')?.[0];
    expect(no).toBeTruthy();
    const row = `[data-test=proxy-ledger] tr[data-proxy="${no}"]`;
    await page.waitForSelector(row);
    expect(await page.textContent(row)).toContain('赵*芳');
    await page.click(`${row} [data-test=proxy-forward]`);
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('东关镇便民服务中心'), row);
    expect(await page.textContent(row)).toContain('已上报');
    // The slip shown to the citizen: its QR opens the follow page on a phone.
    expect(await page.textContent('[data-test=proxy-slip]')).toContain(no!);
    const followCode = (await page.textContent('[data-test=proxy-follow-code]'))?.trim() ?? '';
    expect(followCode).toMatch(/^[A-Z2-9]{8}$/);
    await shot(page, 'e2e-proxy-desk');
    expect(errors).toEqual([]);

    const phoneContext = await ui.browser.newContext({ viewport: { width: 390, height: 844 } });
    // The number alone opens nothing (they are sequential); the slip's QR carries the follow code too.
    const bare = await phoneContext.newPage();
    await bare.goto(`${ui.s.url}/kiosk-ui/case.html?no=${no}`);
    expect(await bare.isDisabled('form.search button[type=submit]')).toBe(true);
    expect(await bare.$('[data-test=proxy-follow]')).toBeNull();
    const phone = await phoneContext.newPage();
    const phoneErrors = watchErrors(phone);
    // The slip's QR: the short address, the code in the fragment.
    await phone.goto(`${ui.s.url}/c/${no}#code=${followCode}`);
    await phone.waitForSelector('[data-test=proxy-follow]');
    const follow = await phone.textContent('[data-test=proxy-follow]');
    expect(follow).toContain('老年人优待证办理');
    expect(follow).toContain('上报途中');
    expect(follow).toContain('东关镇便民服务中心');
    expect(await phone.$$eval('[data-test=proxy-trail] li', (li) => li.length)).toBe(2);
    await shot(phone, 'e2e-proxy-follow');
    expect(phoneErrors).toEqual([]);
  });

  it('下沉事项: the county admin sends a matter down to the villages; their 代办 desk then offers it', async () => {
    const page = await (await ui.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const errors = watchErrors(page);
    await staffLogin(page, ui.s.url, 'admin');
    await page.click('[data-test=tab-admin]');
    await page.click('[data-test=admin-tab-business]');
    const row = '[data-test=matter-table] tr[data-name=二手房转移登记]';
    await page.waitForSelector(row);
    await page.click(`${row} [data-test=matter-edit]`);
    await page.waitForSelector('[data-test=matter-sink]');
    expect(await page.isChecked('input[name=sink-village]')).toBe(false);
    await page.check('input[name=sink-village]');
    await page.evaluate(() => document.querySelector('[data-test=matter-sink]')?.scrollIntoView({ block: 'center' }));
    await shot(page, 'e2e-matter-sink');
    await page.click('[data-test=matter-submit]');
    await page.waitForSelector('[data-test=matter-notice]');
    const village = (await api(ui.s.url, 'GET', '/api/halls/nanwan/matters')).body as Array<{ name: string }>;
    expect(village.map((m) => m.name)).toContain('二手房转移登记');
    const town = (await api(ui.s.url, 'GET', '/api/halls/xiyuan/matters')).body as Array<{ name: string }>;
    expect(town.map((m) => m.name)).not.toContain('二手房转移登记');
    expect(errors).toEqual([]);
  });
});
