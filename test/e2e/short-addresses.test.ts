/**
 * Addresses people can type (/kiosk, /display, /display/window/<id>, /staff, /t/<ticket>, /c/<case>),
 * the built ones still served, and links and QR codes naming the address that reached the server.
 */
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { decode } from '../../printers/decoder.ts';
import { api } from '../helpers/server.ts';
import { uiSuite, watchErrors } from './helpers.ts';

/** A request with the Host header a phone or a kiosk on the hall's network would send. */
function get(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: Buffer }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('short addresses and the links that name them', () => {
  const ui = uiSuite();

  it('each short address serves its page, and the built addresses still do', async () => {
    const pages: Array<[string, string]> = [
      ['/kiosk', '/kiosk-ui/'],
      ['/display', '/display-ui/'],
      ['/display/window/win_1', '/display-ui/window.html'],
      ['/staff', '/staff-ui/'],
      ['/t/some-ticket', '/kiosk-ui/ticket.html'],
      ['/c/SL202611200001', '/kiosk-ui/case.html'],
    ];
    for (const [short, built] of pages) {
      const [a, b] = [await get(ui.s.url, short), await get(ui.s.url, built)];
      expect([short, a.status, a.type]).toEqual([short, 200, expect.stringContaining('text/html')]);
      expect(b.status).toBe(200);
      expect(a.body.toString()).toBe(b.body.toString());
      expect((await get(ui.s.url, `${short}/`)).status).toBe(200);
    }
    // Only the addresses listed: nothing else under them turns into a page.
    expect((await get(ui.s.url, '/display/nothing')).status).toBe(404);
  });

  it('the pages read their id from the short address; the ticket key stays in the fragment', async () => {
    const issued = (await api(ui.s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_C' })).body as { id: string; key: string; number: string };
    const ctx = await ui.browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    const sent: string[] = [];
    page.on('request', (r) => sent.push(r.url()));

    await page.goto(`${ui.s.url}/t/${issued.id}#key=${issued.key}`);
    await page.waitForSelector('[data-test=ticket-number]');
    expect(await page.textContent('[data-test=ticket-number]')).toBe(issued.number);
    expect(page.url()).toBe(`${ui.s.url}/t/${issued.id}#key=${issued.key}`);
    expect(sent.some((u) => u.includes(issued.key))).toBe(false);
    // Without the key the short address shows nothing of the ticket.
    await page.goto(`${ui.s.url}/t/${issued.id}`);
    await page.waitForSelector('main.failure');
    expect(await page.isVisible('[data-test=ticket-number]')).toBe(false);

    await page.setViewportSize({ width: 1920, height: 540 });
    await page.goto(`${ui.s.url}/display/window/win_6`);
    await page.waitForSelector('[data-test=window-no]');
    expect(await page.textContent('[data-test=window-no]')).toBe('6号窗口');

    await page.goto(`${ui.s.url}/c/SL000000000000?code=ABCDEFGH`);
    await page.waitForFunction(() => (document.querySelector('input') as HTMLInputElement | null)?.value === 'SL000000000000');

    await page.goto(`${ui.s.url}/kiosk`);
    await page.waitForSelector('[data-category=cat_A]');
    await page.goto(`${ui.s.url}/display`);
    await page.waitForSelector('[data-test=queue-counts] [data-category=cat_A]');
    await page.goto(`${ui.s.url}/staff`);
    await page.waitForSelector('input[name=username]');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("the ticket's QR names the address the server was reached at, never localhost", async () => {
    const port = new URL(ui.s.url).port;
    for (const host of [`127.0.0.1:${port}`, 'hall.example.cn:8080', '192.168.10.5']) {
      const issued = await new Promise<{ id: string; key: string }>((resolve, reject) => {
        const u = new URL(ui.s.url);
        const req = http.request({ host: u.hostname, port: u.port, path: '/api/halls/demo/tickets', method: 'POST', headers: { host, 'content-type': 'application/json' } }, (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve(JSON.parse(body)));
        });
        req.on('error', reject);
        req.end(JSON.stringify({ categoryId: 'cat_D' }));
      });
      const receipt = await get(ui.s.url, `/api/tickets/${issued.id}/receipt`, { host, 'x-ticket-key': issued.key });
      expect(receipt.status).toBe(200);
      const qr = decode(Uint8Array.from(receipt.body)).find((i) => i.type === 'qr');
      expect(qr?.type === 'qr' ? qr.data : '').toBe(`http://${host}/t/${issued.id}#key=${issued.key}`);
    }
  });
});
