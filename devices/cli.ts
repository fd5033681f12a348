import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DeviceSetting } from './hid-devices.ts';
import { FakeHid } from './hid/fake.ts';
import { openFailure } from './hid/hotplug.ts';
import { nodeHidLayer } from './hid/node-hid.ts';
import { formatLine, readRecording } from './hid/recording.ts';
import { parseVidPid, vidPidOf, type HidLayer } from './hid/types.ts';

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

function untilSignal(): AbortController {
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  return stop;
}

/** `hallq hid list` and `hallq hid record --device <vid:pid> [--out file]`: for the people who install halls. */
export async function hidCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    const hid = await nodeHidLayer();
    const list = await hid.list();
    if (list.length === 0) out('no HID devices found (on Linux: are /dev/hidraw* readable by this user? see README, Devices)');
    for (const d of list) out(`${vidPidOf(d)}  usage page 0x${d.usagePage.toString(16).padStart(2, '0')}${d.usage !== undefined ? ` usage 0x${d.usage.toString(16)}` : ''}  ${d.path}  ${[d.manufacturer, d.product].filter(Boolean).join(' ')}`);
    return 0;
  }
  if (sub === 'record') {
    const { values } = parseArgs({ args: rest, options: { device: { type: 'string' }, out: { type: 'string' }, 'usage-page': { type: 'string' } } });
    if (!values.device) {
      err('hid record needs --device <vid:pid> [--usage-page <n>] [--out file.jsonl]');
      return 2;
    }
    const want = parseVidPid(values.device);
    const page = values['usage-page'] === undefined ? undefined : Number(values['usage-page']);
    const hid = await nodeHidLayer();
    const found = (await hid.list()).filter((d) => d.vendorId === want.vendorId && d.productId === want.productId && (page === undefined || d.usagePage === page));
    if (found.length === 0) {
      err(`${values.device} is not attached (hallq hid list shows what is)`);
      return 1;
    }
    const sink = values.out ? fs.createWriteStream(values.out) : process.stdout;
    const started = Date.now();
    let opened = 0;
    for (const d of found) {
      try {
        const h = await hid.open(d);
        opened++;
        h.on('data', (r) => sink.write(`${formatLine({ t: Date.now() - started, vidPid: vidPidOf(d), usagePage: d.usagePage, report: r.toString('hex') })}\n`));
        h.on('error', (e) => err(`${vidPidOf(d)}: ${e.message}`));
      } catch (e) {
        err(openFailure(d, e as Error));
      }
    }
    if (opened === 0) return 1;
    err(`recording ${values.device}${values.out ? ` to ${values.out}` : ''}; Ctrl-C to stop`);
    const stop = untilSignal();
    await new Promise((r) => stop.signal.addEventListener('abort', r, { once: true }));
    if (values.out) await new Promise((r) => (sink as fs.WriteStream).end(r));
    return 0;
  }
  err('hid list | hid record --device <vid:pid> [--out file.jsonl]');
  return 2;
}

/** `hallq agent`: prints, and drives the PC's HID devices (README, Devices). */
export async function agentCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      server: { type: 'string' }, token: { type: 'string' }, printer: { type: 'string', default: 'usblp:/dev/usb/lp0' },
      config: { type: 'string' }, 'hid-replay': { type: 'string' }, state: { type: 'string' },
    },
  });
  if (!values.server || !values.token) {
    err('agent needs --server <url> --token <device token> [--printer <uri>|none] [--config agent.json] [--hid-replay file.jsonl] [--state file]');
    return 2;
  }
  const printer = values.printer === 'none' ? undefined : values.printer;
  if (printer) {
    const { parsePrinterUri } = await import('../printers/transports/index.ts');
    parsePrinterUri(printer);
  }
  const devices = values.config ? (JSON.parse(fs.readFileSync(values.config, 'utf8')) as { devices?: DeviceSetting[] }).devices ?? [] : [];
  for (const d of devices) parseVidPid(d.vidPid);
  let hid: HidLayer | undefined;
  let replay: FakeHid | undefined;
  if (values['hid-replay']) hid = replay = new FakeHid(readRecording(values['hid-replay']));
  else {
    try {
      hid = await nodeHidLayer();
    } catch (e) {
      err(`agent: ${(e as Error).message}; printing only`);
    }
  }
  const { startAgent } = await import('./agent.ts');
  const stop = untilSignal();
  const log = (m: string) => out(m);
  out(`hallq agent: ${values.server}${printer ? ` -> ${printer}` : ''}${values['hid-replay'] ? `, replaying ${values['hid-replay']}` : ''}`);
  const agent = await startAgent({
    server: values.server, token: values.token, printer, devices, hid, signal: stop.signal, log,
    stateFile: values.state ?? path.join(os.homedir(), '.hallq-agent-pending.json'),
  });
  if (replay) {
    // The recording plays once the agent is connected and its devices are open, as if pressed then.
    await new Promise<void>((r) => (agent.socket.connected ? r() : agent.socket.once('connect', () => r())));
    await agent.watcher?.scan();
    await replay.replay({ signal: stop.signal });
    log('agent: replay finished; Ctrl-C to stop');
  }
  await new Promise((r) => stop.signal.addEventListener('abort', r, { once: true }));
  await agent.stop();
  return 0;
}
