import { io, type Socket } from 'socket.io-client';
import type { AgentDisplay, AgentInput, AgentStatus, InputAck } from '../protocol/agent.ts';
import { runAgent, type AgentOptions } from './agent.ts';
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
  /** Keeps presses not yet answered across a restart of the agent. */
  stateFile?: string;
  heartbeatMs?: number;
  rescanMs?: number;
  /** How long one press waits for the server's answer before it is sent again on the next connection. */
  ackTimeoutMs?: number;
}

export interface AgentHandle {
  socket: Socket;
  outbox: Outbox;
  watcher: HidWatcher | null;
  /** The server's answers, in order (tests and the log). */
  answers: Array<{ input: AgentInput; ack: InputAck }>;
  displays: AgentDisplay[];
  stop(): Promise<void>;
}

/**
 * The one process for a kiosk's or window's hardware: prints its jobs (the long poll of
 * ./agent.ts), reads its scanners, call keypad and evaluator, and talks to the server over
 * socket.io as its device (presses, status, heartbeat, the keypad display), reconnecting by itself.
 */
export async function startAgent(opts: DeviceAgentOptions): Promise<AgentHandle> {
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const settings = opts.devices ?? [];
  let printerState: string | undefined;
  let isKiosk = false;
  const socket = io(opts.server, { path: '/socket.io', auth: { role: 'agent', token: opts.token }, transports: ['websocket'], reconnectionDelayMax: 5000 });
  const answers: AgentHandle['answers'] = [];
  const displays: AgentDisplay[] = [];

  const send = async (input: AgentInput): Promise<InputAck | null> => {
    if (!socket.connected) return null;
    try {
      return (await socket.timeout(opts.ackTimeoutMs ?? 5000).emitWithAck('agent:input', input)) as InputAck;
    } catch {
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

  socket.on('connect', () => {
    log(`agent: connected to ${opts.server}`);
    status();
    void outbox.flush();
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
  const printing = opts.printer
    ? runAgent({ ...opts, signal: stopped.signal, printer: opts.printer, onPrinterState: (s) => { if (s !== printerState) { printerState = s; status(); } } })
    : Promise.resolve();
  await watcher?.start();

  return {
    socket, outbox, watcher, answers, displays,
    async stop() {
      clearInterval(heartbeat);
      stopped.abort();
      watcher?.stop();
      socket.close();
      await printing;
    },
  };
}
