import type { Socket } from 'socket.io-client';
import type { AgentJob } from '../protocol/agent.ts';
import type { PrintRunner } from './print-runner.ts';

interface Server {
  server: string;
  token: string;
  waitMs?: number;
}

/** One POST to the server as the agent's device; throws with `status` when it answered with an error. */
export async function reportOverHttp(opts: Server & { signal?: AbortSignal }, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(opts.server.replace(/\/$/, '') + path, {
    method: 'POST',
    headers: { 'x-device-token': opts.token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: opts.signal,
  });
  const text = await res.text();
  if (!res.ok) throw Object.assign(new Error(`${path}: ${res.status} ${text}`), { status: res.status });
  return text ? JSON.parse(text) : null;
}

const connectedWithin = (socket: Socket, ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (socket.connected) return resolve();
    const done = () => {
      clearTimeout(t);
      socket.off('connect', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    socket.on('connect', done);
    signal.addEventListener('abort', done, { once: true });
  });

const disconnected = (socket: Socket, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (!socket.connected) return resolve();
    const done = () => {
      socket.off('disconnect', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    socket.on('disconnect', done);
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * The fallback: while the socket is down (for `afterMs`, so a quick reconnect does not start it),
 * claim jobs by today's HTTP long poll and hand them to the same PrintRunner; once the socket is
 * back, the poll waiting then ends by itself and the socket takes over.
 */
export async function pollJobs(opts: Server, socket: Socket, runner: PrintRunner, signal: AbortSignal, afterMs: number, log: (m: string) => void): Promise<void> {
  let backoff = 500;
  while (!signal.aborted) {
    if (socket.connected) {
      await disconnected(socket, signal);
      continue;
    }
    await connectedWithin(socket, afterMs, signal);
    if (socket.connected || signal.aborted) continue;
    try {
      await runner.flush();
      // Not cut short when the socket comes back: the server may be claiming for this poll right
      // then, and the jobs it hands over must arrive (the runner prints a job once either way).
      const jobs = (await reportOverHttp({ ...opts, signal }, `/api/agent/claim?waitMs=${opts.waitMs ?? 25_000}`)) as AgentJob[];
      backoff = 500;
      for (const job of jobs) runner.offer(job);
    } catch (err) {
      if (signal.aborted) continue;
      log(`agent: job poll failed (${(err as Error).message}); retrying in ${backoff} ms`);
      await new Promise((r) => setTimeout(r, backoff));
      backoff = Math.min(backoff * 2, 10_000);
    }
  }
}
