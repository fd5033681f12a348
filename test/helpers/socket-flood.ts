/**
 * A hostile socket.io client, run as its own process (`node --import tsx socket-flood.ts <json>`) so
 * that the flood's own CPU does not land on the event loop of the server under test. Each socket
 * connects as an anonymous display, floods its events in chunks as fast as the socket takes them,
 * comes back when cut off if told to, and the process prints one JSON line: what each flooder
 * received and how its connections ended.
 */
import { io as connect, type Socket } from 'socket.io-client';

export interface FloodPlan {
  url: string;
  /** Each socket's packets; `reconnect`: come back after every disconnect until all are sent or a connection is refused. */
  sockets: Array<{ resyncs?: number; junk?: number; largeBytes?: number; reconnect?: boolean }>;
  /** Give up (and report) after this long. */
  timeoutMs: number;
}

export interface FloodResult {
  sent: number;
  connections: number;
  snapshots: number;
  /** `error` events' codes, once each. */
  errors: string[];
  /** How each connection ended (socket.io's disconnect reasons). */
  disconnects: string[];
  /** The connect_error code that stopped a reconnecting flooder. */
  refused: string | null;
}

const once = <T>(socket: Socket, ok: string, fail: string) =>
  new Promise<{ ok: true } | { ok: false; err: T }>((resolve) => {
    socket.once(ok, () => resolve({ ok: true }));
    socket.once(fail, (err: T) => resolve({ ok: false, err }));
  });

async function flood(url: string, plan: FloodPlan['sockets'][number], deadline: number): Promise<FloodResult> {
  const result: FloodResult = { sent: 0, connections: 0, snapshots: 0, errors: [], disconnects: [], refused: null };
  const packets: Array<(s: Socket) => void> = [];
  if (plan.largeBytes) packets.push((s) => s.emit('resync', 'x'.repeat(plan.largeBytes!)));
  for (let i = 0; i < (plan.resyncs ?? 0); i++) packets.push((s) => s.emit('resync'));
  for (let i = 0; i < (plan.junk ?? 0); i++) packets.push((s) => s.emit(`junk-${i % 50}`, { i, pad: 'y'.repeat(200) }));
  while (result.sent < packets.length && Date.now() < deadline) {
    const socket: Socket = connect(url, { path: '/socket.io', auth: { hallId: 'demo', role: 'display' }, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.on('snapshot', () => result.snapshots++);
    socket.on('error', (e: { code: string }) => void (result.errors.includes(e.code) || result.errors.push(e.code)));
    const connected = await once<Error & { data?: { code: string } }>(socket, 'connect', 'connect_error');
    if (!connected.ok) {
      result.refused = connected.err.data?.code ?? connected.err.message;
      socket.close();
      break;
    }
    result.connections++;
    const ended = new Promise<void>((resolve) => socket.once('disconnect', (reason) => resolve(void result.disconnects.push(reason))));
    // As fast as the socket takes them, yielding between chunks so the socket can notice it was cut off.
    while (result.sent < packets.length && socket.connected) {
      for (const p of packets.slice(result.sent, result.sent + 500)) p(socket);
      result.sent = Math.min(packets.length, result.sent + 500);
      await new Promise((r) => setImmediate(r));
    }
    await Promise.race([ended, new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))]);
    socket.close();
    if (!plan.reconnect) break;
  }
  return result;
}

const plan = JSON.parse(process.argv[2]) as FloodPlan;
process.stdout.write('flooding\n');
const deadline = Date.now() + plan.timeoutMs;
const results = await Promise.all(plan.sockets.map((p) => flood(plan.url, p, deadline)));
process.stdout.write(JSON.stringify(results) + '\n');
process.exit(0);
