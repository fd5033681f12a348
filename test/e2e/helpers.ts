/**
 * Browser tests: a real server that also serves the built UI, the UI built once when stale,
 * and a headless Chromium driven by playwright-core.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_PASSWORD, startServer, tempDataDir, type ServerOptions, type TestServer } from '../helpers/server.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = process.env.HALLQ_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(ROOT, 'screenshots');
const DIST = path.join(ROOT, 'dist');
const UI_SOURCES = ['index.html', 'vite.config.ts', 'kiosk-ui', 'display-ui', 'staff-ui', 'ui-shared', 'protocol', 'printers'];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return fs.readdirSync(p).reduce((m, e) => Math.max(m, newestMtime(path.join(p, e))), st.mtimeMs);
}

export function uiIsStale(): boolean {
  const built = path.join(DIST, 'index.html');
  if (!fs.existsSync(built)) return true;
  const at = fs.statSync(built).mtimeMs;
  return UI_SOURCES.some((s) => newestMtime(path.join(ROOT, s)) > at);
}

/** Builds dist/ when missing or older than its sources; test files running in parallel build once. */
export async function ensureUiBuilt(): Promise<void> {
  const lock = path.join(ROOT, '.tmp', 'ui-build.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (let i = 0; i < 600; i++) {
    if (!uiIsStale()) return;
    try {
      fs.mkdirSync(lock);
    } catch {
      // Another test file is building (or a stale lock from a killed run: give it up after 60 s).
      if (Date.now() - fs.statSync(lock).mtimeMs > 60_000) fs.rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    try {
      if (uiIsStale()) {
        const { build } = await import('vite');
        await build({ root: ROOT, configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
      }
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
    return;
  }
  throw new Error('timed out waiting for the UI build');
}

/**
 * startServer serving the built UI too, on its own data folder. `spool` speeds up the print spool
 * for printer tests (e.g. `{ baseBackoffMs: 40, maxBackoffMs: 120, statusTimeoutMs: 300, pollStatusMs: 200 }`).
 */
export function startUiServer(opts: Omit<ServerOptions, 'serveUi'> = {}): Promise<TestServer> {
  return startServer({ dataDir: tempDataDir('hallq-e2e-'), ...opts, serveUi: true });
}

/**
 * The usual frame of a browser test file: the UI built, a server serving it, one Chromium; all
 * closed after the file. Read `ui.s` and `ui.browser` inside the tests.
 */
export function uiSuite(opts: Omit<ServerOptions, 'serveUi'> = {}): { s: TestServer; browser: Browser } {
  const ui = {} as { s: TestServer; browser: Browser };
  beforeAll(async () => {
    await ensureUiBuilt();
    ui.s = await startUiServer(opts);
    ui.browser = await launchBrowser();
  });
  afterAll(async () => {
    await ui.browser?.close();
    await ui.s?.close();
  });
  return ui;
}

export function launchBrowser(): Promise<Browser> {
  // No skipping: a machine without Chromium fails here with the way to fix it.
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk (or set HALLQ_CHROMIUM)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Fails the test on any uncaught page error. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Signs in through the staff page's form. */
export async function staffLogin(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/staff-ui/`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', DEMO_PASSWORD);
  await page.click('[data-test=login-submit]');
  await page.waitForSelector('[data-test=who]');
}
