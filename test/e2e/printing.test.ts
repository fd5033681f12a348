import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { decode } from '../../printers/decoder.ts';
import { api, bearer, login, type TestServer } from '../helpers/server.ts';
import { FakePrinter, HEALTHY, PAPER_OUT } from '../helpers/fake-printer.ts';
import { ensureUiBuilt, launchBrowser, shot, staffLogin, startUiServer, watchErrors } from './helpers.ts';

const ID = '11010519491231002X';
const cuts = (bytes: number[]) => decode(Uint8Array.from(bytes)).filter((i) => i.type === 'cut').length;

/** Socket.io frames the page sends: a `resync` means the client saw a gap in the hall-wide seq. */
function watchResyncs(page: Page): string[] {
  const sent: string[] = [];
  page.on('websocket', (ws) => ws.on('framesent', (f) => typeof f.payload === 'string' && f.payload.includes('resync') && sent.push(f.payload)));
  return sent;
}

describe('printers: a kiosk out of paper still gives numbers; the manager sees every printer', () => {
  let s: TestServer;
  let browser: Browser;
  let printer: FakePrinter;
  let kiosk: { id: string; token: string };
  let admin: string;
  let port: number;

  beforeAll(async () => {
    await ensureUiBuilt();
    // Fast spool: retries within ~100 ms, the printers' status asked every 200 ms, three failed writes give up.
    s = await startUiServer({ spool: { baseBackoffMs: 40, maxBackoffMs: 120, statusTimeoutMs: 300, pollStatusMs: 200, maxAttempts: 3 } });
    browser = await launchBrowser();
    printer = new FakePrinter();
    printer.status = PAPER_OUT;
    port = await printer.listen();
    admin = await login(s.url, 'admin');
    const r = await api(s.url, 'POST', '/api/devices', { kind: 'kiosk', name: '东门取号机', printerUri: `tcp://127.0.0.1:${port}` }, bearer(admin));
    expect(r.status).toBe(201);
    kiosk = r.body;
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
    await printer?.close();
  });

  it('shows the paper-out banner, issues the number anyway, and reprints once the paper is back', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 1024 } })).newPage();
    const errors = watchErrors(page);
    const resyncs = watchResyncs(page);
    await page.goto(`${s.url}/kiosk-ui/?deviceToken=${kiosk.token}`);
    await page.waitForSelector('[data-test=printer-banner][data-state=paper_out]');
    expect(await page.textContent('[data-test=printer-banner]')).toContain('缺纸');
    await page.waitForSelector('[data-category=cat_A]');
    await shot(page, 'e2e-kiosk-printer-banner');

    await page.click('[data-category=cat_A]');
    await page.click('[data-test=take]');
    await page.waitForSelector('[data-test=not-printed]');
    const number = await page.textContent('[data-test=ticket-number]');
    expect(number).toBe('A001');
    expect(await page.textContent('[data-test=not-printed]')).toContain('拍下您的号码');
    // The on-screen QR is the printed ticket's: the ticket's page for a phone.
    const qr = new URL((await page.getAttribute('[data-test=ticket-qr]', 'data-value')) ?? '');
    // The short address (/t/<id>), the key in the fragment.
    const ticketId = /^\/t\/([^/]+)$/.exec(qr.pathname)?.[1];
    const key = new URLSearchParams(qr.hash.slice(1)).get('key');
    expect(ticketId).toMatch(/^[0-9a-f-]{36}$/);
    // It carries the ticket's key: the phone that scans it opens the ticket.
    expect((await api(s.url, 'GET', `/api/tickets/${ticketId}`)).status).toBe(401);
    expect((await api(s.url, 'GET', `/api/tickets/${ticketId}`, undefined, { 'x-ticket-key': key! })).body.number).toBe('A001');
    expect(await page.isDisabled('[data-test=reprint]')).toBe(true);
    await page.waitForSelector('[data-test=receipt]');
    await shot(page, 'e2e-kiosk-not-printed');
    await page.setViewportSize({ width: 1080, height: 1920 });
    await shot(page, 'e2e-kiosk-not-printed-portrait');
    await page.setViewportSize({ width: 1280, height: 1024 });

    // Paper loaded: the waiting job prints, the printer reports ok, the banner and the warning go.
    printer.status = HEALTHY;
    await page.waitForSelector('[data-test=printer-banner]', { state: 'detached', timeout: 10_000 });
    await page.waitForSelector('[data-test=not-printed]', { state: 'detached' });
    await expect.poll(() => cuts(printer.received), { timeout: 5000 }).toBe(1);
    await page.click('[data-test=reprint]');
    await page.waitForSelector('[data-test=reprint-note]');
    expect(await page.textContent('[data-test=reprint-note]')).toContain('已发送补打');
    await expect.poll(() => cuts(printer.received), { timeout: 5000 }).toBe(2);
    expect(resyncs).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('offers 补打 for the ticket a citizen already holds', async () => {
    const held = await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_B', idNumber: ID }, { 'x-device-token': kiosk.token });
    expect(held.status).toBe(201);
    await expect.poll(() => cuts(printer.received), { timeout: 5000 }).toBe(3);
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 1024 } })).newPage();
    await page.goto(`${s.url}/kiosk-ui/?deviceToken=${kiosk.token}`);
    await page.click('[data-category=cat_B]');
    await page.click('[data-test=id-field]');
    for (const k of ID) await page.click(`[data-key="${k}"]`);
    await page.click('[data-test=id-ok]');
    await page.click('[data-test=take]');
    await page.waitForSelector('[data-code=ALREADY_WAITING] [data-test=reprint]');
    await page.click('[data-test=reprint]');
    await page.waitForSelector('[data-test=reprint-note]');
    await shot(page, 'e2e-kiosk-already-reprint');
    await expect.poll(() => cuts(printer.received), { timeout: 5000 }).toBe(4);
    const jobs = (await api(s.url, 'GET', `/api/halls/demo/print-jobs?ticketId=${held.body.id}`, undefined, bearer(await login(s.url, 'manager')))).body;
    expect(jobs).toHaveLength(2);
  });

  it('the manager sees the printers and the print jobs, failed and waiting ones marked, live', async () => {
    // One kiosk whose printer cannot be reached (its job fails for good), and paper out again on the first.
    const dead = await api(s.url, 'POST', '/api/devices', { kind: 'kiosk', name: '西门取号机', printerUri: 'tcp://127.0.0.1:1' }, bearer(admin));
    const lost = await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_C' }, { 'x-device-token': dead.body.token });
    printer.status = PAPER_OUT;
    const manager = await login(s.url, 'manager');
    const jobsOf = async (id: string) => (await api(s.url, 'GET', `/api/halls/demo/print-jobs?ticketId=${id}`, undefined, bearer(manager))).body;
    await expect.poll(async () => (await jobsOf(lost.body.id))[0].status, { timeout: 10_000 }).toBe('failed');
    await expect.poll(async () => (await api(s.url, 'GET', '/api/devices/me', undefined, { 'x-device-token': kiosk.token })).body.printer.state, { timeout: 5000 }).toBe('paper_out');
    const waiting = await api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_D' }, { 'x-device-token': kiosk.token });
    await expect.poll(async () => (await jobsOf(waiting.body.id))[0].lastError, { timeout: 5000 }).toBe('printer paper_out');

    const page = await (await browser.newContext({ viewport: { width: 1600, height: 1300 } })).newPage();
    const errors = watchErrors(page);
    const resyncs = watchResyncs(page);
    await staffLogin(page, s.url, 'manager');
    const row = `[data-test=printer-table] tr[data-printer="tcp://127.0.0.1:${port}"]`;
    await page.waitForSelector(`${row} [data-state=paper_out]`);
    expect(await page.textContent(`${row}`)).toContain("东门取号机");
    await page.waitForSelector('[data-test=printer-table] tr[data-printer="tcp://127.0.0.1:1"] [data-state=unreachable]');
    await page.waitForSelector(`[data-test=job-table] tr[data-job="${(await jobsOf(lost.body.id))[0].id}"].job-failed`);
    await page.waitForSelector(`[data-test=job-table] tr[data-job="${(await jobsOf(waiting.body.id))[0].id}"].job-pending`);
    expect(await page.textContent('[data-test=job-summary]')).toMatch(/失败 1 · 等待 1/);
    await page.evaluate(() => document.querySelector('[data-test=printers-panel]')?.scrollIntoView());
    await page.waitForTimeout(300);
    await shot(page, 'e2e-manager-printers');

    // The paper comes back: the badge turns green without a reload, the waiting job prints.
    printer.status = HEALTHY;
    await page.waitForSelector(`${row} [data-state=ok]`, { timeout: 10_000 });
    await page.waitForSelector(`[data-test=job-table] tr[data-job="${(await jobsOf(waiting.body.id))[0].id}"].job-done`, { timeout: 10_000 });
    expect(resyncs).toEqual([]);
    expect(errors).toEqual([]);
  });
});
