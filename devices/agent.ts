export { startAgent, type AgentHandle, type DeviceAgentOptions } from './hub.ts';

/**
 * The device agent: runs on a kiosk or window PC (`hallq agent --server … --token … --printer …`),
 * claims the print jobs the server holds for it (long poll), prints them on the local printer
 * and reports each result. The printer is asked its status first, so a job waits while the
 * paper is out instead of being lost; a job is reported printed only when the printer answered
 * after its bytes (printers/confirm.ts), else the server hands it out again, marked 补打.
 */
import { toPrintable } from '../printers/printable.ts';
import { checkReady, deliver } from '../printers/confirm.ts';
import { openTransport, type PrinterTransport, type TransportTimeouts } from '../printers/transports/index.ts';

export interface AgentOptions {
  server: string;
  token: string;
  printer: string;
  signal: AbortSignal;
  /** How long one claim waits on the server for a job. */
  waitMs?: number;
  statusTimeoutMs?: number;
  /** Wait this long for the printer's answer after a job. */
  confirmTimeoutMs?: number;
  timeouts?: TransportTimeouts;
  log?: (msg: string) => void;
  /** Each printer state seen, for the agent's heartbeat. */
  onPrinterState?: (state: string) => void;
}

interface Job {
  id: string;
  kind: string;
  payload: string;
}

interface Result {
  /** The printer confirmed after the bytes. */
  ok: boolean;
  /** Whether any byte may have reached the printer (false: it was not ready, nothing sent). */
  written: boolean;
  error?: string;
  printerState: string;
}

export interface PrintJobOptions {
  statusTimeoutMs?: number;
  confirmTimeoutMs?: number;
  timeouts?: TransportTimeouts;
}

export async function printJob(printer: string, bytes: Uint8Array, opts: PrintJobOptions = {}): Promise<Result> {
  const limits = { statusTimeoutMs: opts.statusTimeoutMs ?? 800, confirmTimeoutMs: opts.confirmTimeoutMs ?? 10_000 };
  let t: PrinterTransport | undefined;
  let written = false;
  try {
    t = await openTransport(printer, { readTimeoutMs: Math.max(limits.statusTimeoutMs, limits.confirmTimeoutMs), ...opts.timeouts });
    const ready = await checkReady(t, limits);
    if (!ready.ready) return { ok: false, written, printerState: ready.state, error: ready.error };
    written = true;
    const d = await deliver(t, bytes, limits);
    return d.confirmed ? { ok: true, written, printerState: d.state } : { ok: false, written: d.written, printerState: d.state, error: d.error };
  } catch (err) {
    // The server takes hall text only (no control characters, at most 500 characters): an odd
    // OS message must not get the report itself refused.
    return { ok: false, written, error: Array.from(toPrintable(String((err as Error).message))).slice(0, 500).join(''), printerState: 'unreachable' };
  } finally {
    await t?.close().catch(() => undefined);
  }
}

export async function runAgent(opts: AgentOptions): Promise<void> {
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const base = opts.server.replace(/\/$/, '');
  const call = async (path: string, body?: unknown) => {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { 'x-device-token': opts.token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: opts.signal,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  let lastState = '';
  let backoff = 500;
  while (!opts.signal.aborted) {
    try {
      const jobs = (await call(`/api/agent/claim?waitMs=${opts.waitMs ?? 25_000}`)) as Job[];
      backoff = 500;
      for (const job of jobs) {
        const result = await printJob(opts.printer, Buffer.from(job.payload, 'base64'), opts);
        await call(`/api/agent/jobs/${job.id}/result`, { ...result, error: result.error?.slice(0, 500) });
        log(`${job.kind} ${job.id}: ${result.ok ? 'printed' : `not printed (${result.error})`}`);
        opts.onPrinterState?.(result.printerState);
        if (result.printerState !== lastState) {
          lastState = result.printerState;
          await call('/api/agent/printer', { state: lastState });
        }
      }
    } catch (err) {
      if (opts.signal.aborted) break;
      log(`agent: ${(err as Error).message}; retrying in ${backoff} ms`);
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, 10_000);
    }
  }
}
