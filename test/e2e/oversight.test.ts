import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock.ts';
import { decode, renderText } from '../../printers/decoder.ts';
import { api, bearer, login } from '../helpers/server.ts';
import { shot, staffLogin, uiSuite, watchErrors } from './helpers.ts';

const at = (hhmm: string) => Date.parse(`2026-11-23T${hhmm}:00+08:00`);
const MINUTE = 60_000;

describe('一件事 at the kiosk, 进厅不办事 on the manager board, case warnings on the console', () => {
  const clock = new ManualClock(at('09:00'));
  const ui = uiSuite({ clock });

  it('the kiosk offers each 一件事 as one choice and issues one ticket for it (1080x1920 and 1920x1080)', async () => {
    for (const [w, h] of [[1080, 1920], [1920, 1080]] as const) {
      const page = await (await ui.browser.newContext({ viewport: { width: w, height: h } })).newPage();
      const errors = watchErrors(page);
      await page.goto(`${ui.s.url}/kiosk-ui/`);
      await page.waitForSelector('[data-bundle=bun_1]');
      expect(await page.locator('[data-test=bundles] [data-bundle]').allTextContents()).toEqual([
        expect.stringContaining('残疾人服务'), expect.stringContaining('企业开办'), expect.stringContaining('信用修复'),
      ]);
      await shot(page, `e2e-kiosk-bundles-${w}x${h}`);
      if (w === 1080) {
        await page.click('[data-bundle=bun_1]');
        await page.waitForSelector('[data-test=bundle-sheet]');
        expect(await page.textContent('[data-test=bundle-sheet]')).toContain('城乡居民养老保险参保登记');
        await shot(page, 'e2e-kiosk-bundle-sheet-1080x1920');
        await page.click('[data-test=take]');
        await page.waitForSelector('[data-test=ticket-number]');
        expect(await page.textContent('[data-test=ticket-number]')).toBe('A001');
      }
      expect(errors).toEqual([]);
      await page.context().close();
    }
    const tickets = await ui.s.app.db.selectFrom('tickets').select(['id', 'number', 'bundle_id']).execute();
    expect(tickets).toMatchObject([{ number: 'A001', bundle_id: 'bun_1' }]);
    // One ticket names the bundle and every material of its matters (一次性告知).
    const staff = await login(ui.s.url, 'manager');
    const receipt = await fetch(`${ui.s.url}/api/tickets/${tickets[0].id}/receipt`, { headers: bearer(staff) });
    expect(receipt.status).toBe(200);
    const printed = renderText(decode(new Uint8Array(await receipt.arrayBuffer())));
    for (const x of ['一件事：残疾人服务', '二级以上医院诊断证明', '家庭收入情况声明']) expect(printed).toContain(x);
  }, 180_000);

  it('the manager board lists the open alerts and follows them live (1366x768)', async () => {
    const clerk = await login(ui.s.url, 'clerk01');
    expect((await api(ui.s.url, 'POST', '/api/windows/win_1/open', undefined, bearer(clerk))).status).toBe(200);
    clock.set(at('09:16'));
    await ui.s.app.evaluateAlerts();
    const page = await (await ui.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const errors = watchErrors(page);
    await staffLogin(page, ui.s.url, 'manager');
    const idle = page.locator('[data-test=oversight-alert][data-kind=idle_window]');
    await idle.waitFor();
    expect(await idle.textContent()).toContain('1号窗口空闲');
    expect(await idle.textContent()).toContain('李晓梅');
    expect(await page.locator('[data-test=oversight-alert][data-kind=absent_window]').count()).toBe(3);

    // The clerk calls: the idle alert leaves the board without a reload.
    expect((await api(ui.s.url, 'POST', '/api/windows/win_1/call-next', undefined, bearer(clerk))).status).toBe(200);
    await ui.s.app.evaluateAlerts();
    await idle.waitFor({ state: 'detached' });
    // A pause past its limit arrives live.
    await api(ui.s.url, 'POST', '/api/windows/win_1/complete', undefined, bearer(clerk));
    expect((await api(ui.s.url, 'POST', '/api/windows/win_1/pause', { reason: '临时离开' }, bearer(clerk))).status).toBe(200);
    clock.advance(16 * MINUTE);
    await ui.s.app.evaluateAlerts();
    const pause = page.locator('[data-test=oversight-alert][data-kind=pause_overrun]');
    await pause.waitFor();
    expect(await pause.textContent()).toContain('临时离开');
    await shot(page, 'e2e-manager-oversight-1366x768');
    expect(errors).toEqual([]);
    await page.context().close();
    await api(ui.s.url, 'POST', '/api/windows/win_1/resume', undefined, bearer(clerk));
  }, 180_000);

  it("the clerk's console warns of the clerk's own case due tomorrow (1366x768)", async () => {
    const clerk = await login(ui.s.url, 'clerk01');
    const matter = ((await api(ui.s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string; name: string }>).find((m) => m.name === '有限责任公司设立登记')!; // 1 working day
    const c = await api(ui.s.url, 'POST', '/api/windows/win_1/cases', { matterId: matter.id, applicantName: '赵四' }, bearer(clerk));
    expect(c.status).toBe(201);
    await ui.s.app.evaluateAlerts();
    const page = await (await ui.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const errors = watchErrors(page);
    await staffLogin(page, ui.s.url, 'clerk01'); // bound to 1号窗口 already: the console goes straight to it
    const warning = page.locator('[data-test=case-alert][data-kind=case_due]');
    await warning.waitFor();
    expect(await warning.textContent()).toContain(c.body.caseNo);
    await page.locator('[data-test=case-alerts]').scrollIntoViewIfNeeded();
    await shot(page, 'e2e-console-case-warning-1366x768');

    // 一件事 at the window: one acceptance, one case with a part per matter.
    await page.click('[data-test=accept-open]');
    await page.selectOption('[data-test=accept-matter]', 'bundle:bun_2');
    await page.waitForSelector('[data-test=accept-bundle-parts]');
    await page.fill('input[name=applicant]', '钱五');
    await page.click('[data-test=accept-submit]');
    await page.waitForSelector('[data-test=accept-another]');
    const made = await ui.s.app.db.selectFrom('cases').select(['id', 'bundle_id']).where('bundle_id', '=', 'bun_2').execute();
    expect(made).toHaveLength(1);
    expect(await ui.s.app.db.selectFrom('case_parts').select('department').where('case_id', '=', made[0].id).orderBy('seq').execute()).toEqual([
      { department: '县市场监督管理局' }, { department: '县税务局' }, { department: '县人社局 / 县医保局' },
    ]);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('admin: a new 一件事 from the hall\'s matters, and the 进厅不办事 thresholds saved (1366x768)', async () => {
    const page = await (await ui.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const errors = watchErrors(page);
    await staffLogin(page, ui.s.url, 'admin');
    await page.click('[data-test=tab-admin]');
    await page.click('[data-test=admin-tab-business]');
    await page.waitForSelector('[data-test=admin-bundles] [data-bundle=bun_3]');
    await page.click('[data-test=bundle-add]');
    await page.fill('input[name=bundle-name]', '二手房交易');
    const ids = (await ui.s.app.db.selectFrom('matters').select(['id', 'name']).where('name', 'in', ['二手房转移登记', '房产交易契税申报']).execute()).map((m) => m.id);
    for (const id of ids) await page.check(`[data-test=bundle-form] [data-matter="${id}"]`);
    await page.selectOption('select[name=bundle-category]', 'cat_B');
    await page.click('[data-test=bundle-save]');
    await page.waitForSelector('[data-test=bundle-notice]');
    const made = await ui.s.app.db.selectFrom('bundles').selectAll().where('name', '=', '二手房交易').executeTakeFirstOrThrow();
    expect(made).toMatchObject({ category_id: 'cat_B', active: 1 });
    expect(JSON.parse(made.matter_ids).sort()).toEqual([...ids].sort());
    await page.locator('[data-test=admin-bundles]').scrollIntoViewIfNeeded();
    await shot(page, 'e2e-admin-bundles-1366x768');

    await page.click('[data-test=admin-tab-queue]');
    await page.waitForSelector('[data-test=admin-thresholds] input[name=oversight-idleAlertMinutes]');
    await page.fill('input[name=oversight-idleAlertMinutes]', '8');
    await page.fill('input[name=oversight-pauseLimits]', '午休=120,临时离开=10');
    await page.click('[data-test=thresholds-save]');
    await page.waitForSelector('[data-test=thresholds-notice]');
    const rules = JSON.parse((await ui.s.app.db.selectFrom('halls').select('rules').where('id', '=', 'demo').executeTakeFirstOrThrow()).rules);
    expect(rules).toMatchObject({ idleAlertMinutes: 8, pauseLimits: [{ reason: '午休', minutes: 120 }, { reason: '临时离开', minutes: 10 }] });
    await page.locator('[data-test=admin-thresholds]').scrollIntoViewIfNeeded();
    await shot(page, 'e2e-admin-thresholds-1366x768');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);
});
