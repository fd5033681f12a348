import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { api, bearer, login, type TestServer } from '../helpers/server.ts';
import { ensureUiBuilt, launchBrowser, shot, watchErrors } from './helpers.ts';
import { hallTodayAt, ManualClock, startUiServerAt } from './clock-server.ts';

/** The page the pickup slip's QR opens on a phone: the case's stage, its promised date, and 超时 when late. */
describe('办件查询: the pickup slip QR on a phone', () => {
  const clock = new ManualClock(hallTodayAt('10:00').getTime());
  let s: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    await ensureUiBuilt();
    s = await startUiServerAt(clock);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('shows 受理→审核→办结→已取件 with the current step, and the overdue warning past the promised date', async () => {
    const clerk = await login(s.url, 'clerk04');
    expect((await api(s.url, 'POST', '/api/windows/win_4/open', undefined, bearer(clerk))).status).toBe(200);
    const hall = (await api(s.url, 'GET', '/api/halls/demo')).body as { windows: Array<{ id: string; categoryIds: string[] }> };
    const served = hall.windows.find((w) => w.id === 'win_4')!.categoryIds;
    const matters = (await api(s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string; categoryId: string; name: string; promisedDays: number }>;
    const matter = matters.find((m) => served.includes(m.categoryId) && m.promisedDays > 0)!;
    const accepted = await api(s.url, 'POST', '/api/windows/win_4/cases', { matterId: matter.id, applicantName: '李四' }, bearer(clerk));
    expect(accepted.status).toBe(201);
    const { caseNo, pickupCode, promisedDate } = accepted.body as { caseNo: string; pickupCode: string; promisedDate: string };
    expect((await api(s.url, 'POST', `/api/cases/${caseNo}/status`, { status: 'in_review' }, bearer(clerk))).status).toBe(200);

    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    const errors = watchErrors(page);
    // The bare number (a guess, a typed number) shows nothing until the slip's code is given.
    await page.goto(`${s.url}/kiosk-ui/case.html?no=${caseNo}`);
    await page.waitForSelector('input[name=pickupCode]');
    expect(await page.$('[data-test=case]')).toBeNull();
    await page.fill('input[name=pickupCode]', 'ABCDEFGH');
    await page.click('form.search button[type=submit]');
    await page.waitForSelector('[data-test=case-error]');
    expect(await page.$('[data-test=case]')).toBeNull();
    await shot(page, 'e2e-case-lookup-code-needed');
    // The slip's QR (printed slips carry ?no=…&code=…) opens the case.
    await page.goto(`${s.url}/kiosk-ui/case.html?no=${caseNo}&code=${pickupCode}`);
    await page.waitForSelector('[data-test=case]');
    // The code moves to the fragment: it is not sent again in the address of a reload.
    expect(new URL(page.url()).search).toBe(`?no=${caseNo}`);
    expect(await page.textContent('[data-test=case-no]')).toBe(caseNo);
    expect(await page.textContent('[data-test=case-matter]')).toBe(matter.name);
    expect(await page.getAttribute('[data-test=case]', 'data-status')).toBe('in_review');
    expect(await page.textContent('[data-test=case-steps] li.now')).toContain('审核');
    expect(await page.textContent('[data-test=case-steps] li.done')).toContain('受理');
    expect(await page.textContent('[data-test=case-pickup-code]')).toBe(pickupCode);
    expect(await page.$('[data-test=case-overdue]')).toBeNull();
    await shot(page, 'e2e-case-lookup');

    // Three days past the promised date, still in review: 超时.
    clock.set(new Date(`${promisedDate}T10:00:00+08:00`).getTime() + 3 * 86_400_000);
    await page.reload();
    await page.waitForSelector('[data-test=case-overdue]');
    expect(await page.textContent('[data-test=case-overdue]')).toContain('超过承诺办结日期');
    await shot(page, 'e2e-case-lookup-overdue');

    await page.goto(`${s.url}/kiosk-ui/case.html?no=SL000000000000#code=ABCDEFGH`);
    await page.waitForSelector('[data-test=case-error]');
    expect(await page.textContent('[data-test=case-error]')).toContain('没有找到这个办件');
    expect(errors).toEqual([]);
  });
});
