import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { decode } from '../../printers/decoder.ts';
import { api, bearer, login, type TestServer } from '../helpers/server.ts';
import { ensureUiBuilt, launchBrowser, shot, staffLogin, startUiServer, watchErrors } from './helpers.ts';

const printedTexts = (file: string) =>
  decode(new Uint8Array(fs.readFileSync(file))).flatMap((i) => (i.type === 'text' ? [i.text] : [])).join('\n');

describe('受理 at the window: a case with a missing material, its pickup slip, today’s cases', () => {
  let s: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    await ensureUiBuilt();
    s = await startUiServer({ spool: { baseBackoffMs: 40, maxBackoffMs: 120, statusTimeoutMs: 300 } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('a clerk accepts a case with one material missing and sees the slip with the case number and the 容缺 item', async () => {
    const matters = (await api(s.url, 'GET', '/api/halls/demo/matters')).body as Array<{ id: string; categoryId: string; name: string; materials: string[] }>;
    const hall = (await api(s.url, 'GET', '/api/halls/demo')).body as { windows: Array<{ id: string; categoryIds: string[] }> };
    const served = hall.windows.find((w) => w.id === 'win_4')!.categoryIds;
    const matter = matters.find((m) => served.includes(m.categoryId) && m.materials.length >= 2)!;
    expect(matter).toBeTruthy();
    const missing = matter.materials[matter.materials.length - 1];
    await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: matter.categoryId });

    const page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
    const errors = watchErrors(page);
    await staffLogin(page, s.url, 'clerk04');
    await page.click('[data-window=win_4] [data-test=choose-window]');
    await page.waitForSelector('[data-test=window-status]');
    await page.click('[data-action=call-next]');
    await page.waitForSelector('[data-test=reprint-ticket]');

    // 补打号票 for the ticket at the desk: it prints on this window's printer.
    await page.click('[data-test=reprint-ticket]');
    await page.waitForFunction(() => document.querySelector('[data-test=desk-message]')?.textContent?.includes('已发送补打'));

    await page.click('[data-test=accept-open]');
    await page.waitForSelector('[data-test=accept-dialog]');
    await page.selectOption('[data-test=accept-matter]', matter.id);
    await page.click(`[data-material="${missing}"]`);
    await page.waitForSelector('[data-test=missing-note]');
    await page.fill('input[name=applicant]', '张三丰');
    await page.fill('input[name=idNumber]', '11010519491231002X');
    await shot(page, 'e2e-staff-accept-dialog');
    await page.click('[data-test=accept-submit]');

    await page.waitForSelector('[data-test=case-result] [data-test=case-no]');
    const caseNo = (await page.textContent('[data-test=case-no]'))!.trim();
    expect(caseNo).toMatch(/^DEMO-SL\d{12}$/);
    expect(await page.textContent('[data-test=case-missing]')).toContain(missing);
    // The slip preview, decoded from the same bytes the printer gets.
    await page.waitForSelector('[data-test=case-result] [data-test=receipt]');
    const slip = (await page.textContent('[data-test=case-result] [data-test=receipt]'))!;
    expect(slip).toContain(caseNo);
    expect(slip).toContain('容缺受理');
    expect(slip).toContain(missing);
    await shot(page, 'e2e-staff-case-slip');

    await page.click('[data-test=slip-reprint]');
    await page.waitForSelector('[data-test=slip-note]');
    expect(await page.textContent('[data-test=slip-note]')).toContain('补打');
    const spool = path.join(s.dataDir, 'spool', 'window-4.bin');
    await expect.poll(() => (fs.existsSync(spool) ? printedTexts(spool).split(caseNo).length - 1 : 0), { timeout: 5000 }).toBeGreaterThanOrEqual(2);

    // Today's cases: the new one, advanced through 审核 and 办结.
    await page.click('[data-test=accept-close]');
    const row = `[data-test=case-list] tr[data-case="${caseNo}"]`;
    await page.waitForSelector(row);
    expect(await page.textContent(`${row} [data-test=case-status]`)).toBe('已受理');
    await page.click(`${row} [data-test=case-advance]`);
    await page.waitForFunction((r) => document.querySelector(`${r} [data-test=case-status]`)?.textContent === '审核中', row);
    await page.click(`${row} [data-test=case-advance]`);
    await page.waitForFunction((r) => document.querySelector(`${r} [data-test=case-status]`)?.textContent === '已办结', row);
    // Staff look a case up by its number; anyone else needs the slip's code.
    expect((await api(s.url, 'GET', `/api/cases/${caseNo}`)).status).toBe(401);
    expect((await api(s.url, 'GET', `/api/cases/${caseNo}`, undefined, bearer(await login(s.url, 'clerk01')))).body.status).toBe('decided');
    await shot(page, 'e2e-staff-case-list');

    await page.click(`${row} [data-test=case-view]`);
    await page.waitForSelector('[data-test=slip-dialog] [data-test=receipt]');
    expect(await page.textContent('[data-test=slip-dialog] [data-test=receipt]')).toContain(caseNo);
    expect(errors).toEqual([]);
  });
});
