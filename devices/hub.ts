import { io, type Socket } from 'socket.io-client';
import type { AgentDisplay, AgentInput, AgentJob, AgentStatus, InputAck } from '../protocol/agent.ts';
import { printJob, type AgentOptions } from './agent.ts';
import { PrintRunner } from './print-runner.ts';
import { pollJobs, reportOverHttp } from './poll.ts';
import { decoderFor, displayReport, settingFor, type DeviceSetting } from './hid-devices.ts';
import { HidWatcher, type Attached } from './hid/hotplug.ts';
import { vidPidOf, type HidLayer } from './hid/types.ts';
import { Outbox } from './outbox.ts';

export interface DeviceAgentOptions extends Omit<AgentOptions, 'printer'> {
  /** No printer: this PC's agent drives only its HID devices. */
  printer?: string;
  devices?: DeviceSetting[];
  /** The HID layer: node-hid, or a recording's replayer (--hid-replay). */
  hid?: HidLayer;
  /** Keeps presses not yet answered across a restart of the agent (and, in `<file>.print`, print results). */
  stateFile?: string;
  /** The socket down this long: jobs come by the HTTP long poll until it is back. */
  fallbackAfterMs?: number;
  heartbeatMs?: number;
  rescanMs?: number;
  /** How long one press waits for the server's answer before it is sent again on the next connection. */
  ackTimeoutMs?: number;
}

export interface AgentHandle {
  socket: Socket;
  outbox: Outbox;
  printer: PrintRunner | null;
  watcher: HidWatcher | null;
  /** The server's answers, in order (tests and the log). */
  answers: Array<{ input: AgentInput; ack: InputAck }>;
  displays: AgentDisplay[];
  stop(): Promise<void>;
}

/**
 * The one process for a kiosk's or window's hardware: prints its jobs, reads its scanners, call
 * keypad and evaluator, and talks to the server over socket.io as its device (print jobs and their
 * results, presses, status, heartbeat, the keypad display), reconnecting by itself. While the
 * socket is down, jobs come by the HTTP long poll instead (./poll.ts); either way each job goes
 * through one PrintRunner, which prints an (id, attempt) once and keeps its result until answered.
 */
export async function startAgent(opts: DeviceAgentOptions): Promise<AgentHandle> {
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const settings = opts.devices ?? [];
  let printerState: string | undefined;
  let isKiosk = false;
  const socket = io(opts.server, { path: '/socket.io', auth: { role: 'agent', token: opts.token }, transports: ['websocket'], reconnectionDelayMax: 5000 });
  const answers: AgentHandle['answers'] = [];
  const displays: AgentDisplay[] = [];

  let retry: NodeJS.Timeout | undefined;
  const send = async (input: AgentInput): Promise<InputAck | null> => {
    if (!socket.connected) return null;
    try {
      return (await socket.timeout(opts.ackTimeoutMs ?? 5000).emitWithAck('agent:input', input)) as InputAck;
    } catch {
      // No answer on a live socket (dropped by the server's limits, or slow): try again shortly.
      clearTimeout(retry);
      retry = setTimeout(() => void outbox.flush(), 2000);
      retry.unref();
      return null;
    }
  };
  const outbox = new Outbox(send, (input, ack) => {
    answers.push({ input, ack });
    const what = input.kind === 'key' ? input.action : input.kind === 'rate' ? `rating ${input.score}` : `scan ${input.code}`;
    log(ack.ok ? `${what}: ${ack.result.acted ? `done${ack.result.number ? ` (${ack.result.number})` : ''}` : 'nothing to do'}` : `${what}: refused (${ack.error.code}: ${ack.error.message})`);
  }, opts.stateFile);

  const roles = new Map<string, DeviceSetting>();
  const onAttach = (a: Attached) => {
    const s = settingFor(a.device, settings, isKiosk)!;
    roles.set(a.device.path, s);
    const decode = decoderFor(a.device, s);
    a.handle.on('data', (report) => {
      for (const d of decode(report)) outbox.add(d);
    });
    status();
  };
  const watcher = opts.hid
    ? new HidWatcher(opts.hid, (d) => settingFor(d, settings, isKiosk) !== null, onAttach, log, opts.rescanMs ?? 2000, () => status())
    : null;

  const status = () => {
    if (!socket.connected) return;
    const attached = new Set(watcher?.attached().map((a) => a.device.path));
    const devices: AgentStatus['devices'] = [...roles.entries()].map(([p, s]) => ({ vidPid: s.vidPid, usagePage: s.usagePage ?? 0, role: s.role, open: attached.has(p) }));
    socket.emit('agent:status', { printerState, devices } satisfies AgentStatus);
  };

  const printer = opts.printer
    ? new PrintRunner(
        async (job: AgentJob) => {
          const r = await printJob(opts.printer!, Buffer.from(job.payload, 'base64'), opts);
          if (r.printerState !== printerState) {
            printerState = r.printerState;
            status();
            // Over the socket the server records it from the result; over HTTP it is told apart.
            if (!socket.connected) await reportOverHttp(opts, '/api/agent/printer', { state: printerState }).catch(() => undefined);
          }
          return { ok: r.ok, written: r.written, error: r.error?.slice(0, 500), printerState: r.printerState };
        },
        () => (socket.connected
          ? async (r) => {
              try {
                await socket.timeout(opts.ackTimeoutMs ?? 5000).emitWithAck('agent:job-result', r);
                return true;
              } catch {
                return false;
              }
            }
          : (r) => reportOverHttp(opts, `/api/agent/jobs/${encodeURIComponent(r.id)}/result`, { ok: r.ok, written: r.written, error: r.error, printerState: r.printerState }).then(() => true, (e: Error & { status?: number }) => e.status !== undefined && e.status < 500)),
        log,
        opts.stateFile ? `${opts.stateFile}.print` : undefined,
      )
    : null;
  socket.on('agent:job', (job: AgentJob, received?: (r: { received: true }) => void) => {
    printer?.offer(job);
    if (typeof received === 'function') received({ received: true });
  });

  socket.on('connect', () => {
    log(`agent: connected to ${opts.server}`);
    status();
    void outbox.flush();
    // Results kept from before (a lost answer, a restart) first, so the server knows them before it hands out jobs.
    void (printer?.flush() ?? Promise.resolve()).finally(() => socket.connected && socket.emit('agent:ready'));
  });
  socket.on('connect_error', (err) => log(`agent: cannot connect (${err.message}); retrying`));
  socket.on('disconnect', (reason) => log(`agent: disconnected (${reason}); reconnecting`));
  socket.on('agent:hello', (h: { kind: string; windowId: string | null }) => {
    // A kiosk's agent reads a boot keyboard as a keyboard-mode scanner: rescan with that known.
    const kiosk = h.kind === 'kiosk' || !h.windowId;
    if (kiosk !== isKiosk) {
      isKiosk = kiosk;
      void watcher?.scan();
    }
  });
  socket.on('agent:display', (d: AgentDisplay) => {
    displays.push(d);
    for (const a of watcher?.attached() ?? []) {
      if (roles.get(a.device.path)?.role !== 'keypad') continue;
      try {
        a.handle.write(displayReport(d.currentNumber, d.waiting));
      } catch (err) {
        log(`hid: display of ${vidPidOf(a.device)} not written (${(err as Error).message})`);
      }
    }
  });

  const heartbeat = setInterval(status, opts.heartbeatMs ?? 10_000);
  const stopped = new AbortController();
  opts.signal.addEventListener('abort', () => stopped.abort(), { once: true });
  const printing = printer ? pollJobs(opts, socket, printer, stopped.signal, opts.fallbackAfterMs ?? 3000, log) : Promise.resolve();
  await watcher?.start();

  return {
    socket, outbox, printer, watcher, answers, displays,
    async stop() {
      clearInterval(heartbeat);
      clearTimeout(retry);
      stopped.abort();
      watcher?.stop();
      socket.close();
      await printing;
    },
  };
}
