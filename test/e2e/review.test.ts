import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { api, bearer, login } from '../helpers/server.ts';
import { shot, staffLogin, uiSuite, watchErrors } from './helpers.ts';

/** The manager's 四位一体考核, 办不成事, 电话回访 and 日常巡查, and the kiosk's 办不成事 form. */
describe('what the hall is judged by: review, complaints, call-backs, inspections, downloads', () => {
  const ui = uiSuite();

  it('a visitor files 办不成事 at the kiosk; the manager assigns and answers it, calls back, inspects, and downloads the review', async () => {
    const clerk = bearer(await login(ui.s.url, 'clerk01'));
    await api(ui.s.url, 'POST', '/api/windows/win_1/open', undefined, clerk);
    const t = await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_A', phone: '13700001111' });
    expect(t.status).toBe(201);
    await api(ui.s.url, 'POST', '/api/windows/win_1/call-next', undefined, clerk);
    await api(ui.s.url, 'POST', '/api/windows/win_1/complete', undefined, clerk);

    const kiosk = await (await ui.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const kioskErrors = watchErrors(kiosk);
    await kiosk.goto(`${ui.s.url}/kiosk-ui/`);
    await kiosk.click('[data-test=complaint-open]');
    await kiosk.fill('[data-test=complaint-text]', '材料都带齐了，窗口说系统不通办不了');
    await kiosk.selectOption('[data-test=complaint-window]', 'win_1');
    await kiosk.fill('[data-test=complaint-phone]', '13912340000');
    await shot(kiosk, 'e2e-kiosk-complaint');
    await kiosk.click('[data-test=complaint-send]');
    await kiosk.waitForSelector('[data-test=complaint-thanks]');
    expect(await kiosk.textContent('[data-test=complaint-thanks]')).toMatch(/\d{4}-\d{2}-\d{2} 前答复/);
    expect(kioskErrors).toEqual([]);

    const ctx = await ui.browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await staffLogin(page, ui.s.url, 'manager');
    await page.waitForSelector('[data-test=complaint-table] [data-complaint]');
    const row = page.locator('[data-test=complaint-table] [data-complaint]').first();
    expect(await row.textContent()).toContain('系统不通');
    expect(await row.textContent()).toContain('139****0000');
    await row.locator('[data-test=complaint-assign]').selectOption({ label: '李晓梅' });
    await page.waitForFunction(() => document.querySelector<HTMLSelectElement>('[data-test=complaint-assign]')?.selectedOptions[0]?.textContent === '李晓梅');
    await page.locator('[data-test=complaints-panel]').scrollIntoViewIfNeeded();
    await shot(page, 'e2e-manager-complaints');
    await row.locator('[data-test=complaint-outcome]').fill('已联系群众，次日当场办结');
    await row.locator('[data-test=complaint-answer]').click();
    await page.waitForSelector('[data-test=complaint-table]', { state: 'detached' });

    // 回访: the one served visitor with a phone is today's list (at least one is called).
    await page.waitForSelector('[data-test=callback-table] [data-callback]');
    expect(await page.textContent('[data-test=callback-table]')).toContain('13700001111');
    await page.click('[data-test=callback-satisfied]');
    await page.waitForSelector('[data-test=callback-outcome]');
    expect(await page.textContent('[data-test=callback-outcome]')).toBe('满意');

    await page.selectOption('[data-test=inspection-window]', 'win_1');
    await page.selectOption('[data-test=inspection-result]', 'minor');
    await page.fill('[data-test=inspection-findings]', '未佩戴工作牌');
    await page.click('[data-test=inspection-submit]');
    await page.waitForSelector('[data-test=inspection-table]');
    await page.locator('[data-test=callbacks-panel]').scrollIntoViewIfNeeded();
    await shot(page, 'e2e-manager-callbacks-inspection');

    // The review counts all of it for 李晓梅: one complaint, one inspection with a finding.
    const li = page.locator('[data-test=review-table] tr', { hasText: '李晓梅' });
    await li.filter({ hasText: '属实1/1' }).filter({ hasText: '问题1/1次' }).waitFor();
    await page.locator('[data-test=review-panel]').scrollIntoViewIfNeeded();
    await shot(page, 'e2e-manager-review');
    await page.click('[data-test=review-by-window]');
    await page.waitForSelector('[data-test=review-table] [data-row=win_1]');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=review-panel] [data-test=export-xlsx]').click()]);
    expect(download.suggestedFilename()).toMatch(/_四位一体考核_\d{4}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync((await download.path())!) as never);
    const people = wb.getWorksheet('人员')!;
    expect(people.getRow(1).getCell(2).value).toBe('姓名');
    expect(people.getColumn(2).values).toContain('李晓梅');
    expect(errors).toEqual([]);

    // The 办不成事 window: the clerk records a visitor's matter from the desk; it counts as source window.
    const desk = await (await ui.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    const deskErrors = watchErrors(desk);
    await staffLogin(desk, ui.s.url, 'clerk01');
    await desk.click('[data-test=desk-complaint]');
    await desk.fill('[data-test=complaint-sheet] [data-test=complaint-text]', '窗口前群众反映：营业执照变更要求的材料与网上公布的不一致');
    await desk.selectOption('[data-test=complaint-sheet] [data-test=complaint-window]', 'win_2');
    await desk.click('[data-test=complaint-sheet] [data-test=complaint-send]');
    await desk.waitForSelector('[data-test=complaint-thanks]');
    await shot(desk, 'e2e-desk-complaint');
    const filed = (await api(ui.s.url, 'GET', '/api/halls/demo/complaints?status=open', undefined, bearer(await login(ui.s.url, 'manager')))).body;
    expect(filed[0]).toMatchObject({ source: 'window', windowNo: 2, text: expect.stringContaining('营业执照变更') });
    expect(deskErrors).toEqual([]);
  });
});
