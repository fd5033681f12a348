import { EventEmitter } from 'node:events';
import { parseVidPid, vidPidOf, type HidDeviceInfo, type HidHandle, type HidLayer } from './types.ts';
import type { RecordedReport } from './recording.ts';

/**
 * A HID layer with no hardware: the devices of a recording (or added by a test) are "attached",
 * `replay()` sends the recorded reports at their times, `unplug`/`plug` simulate a cable pulled
 * and put back, and what the agent writes to a device (a keypad display) is kept in `written`.
 */
export class FakeHid implements HidLayer {
  private attached = new Map<string, HidDeviceInfo>();
  private handles = new Map<string, Set<EventEmitter & HidHandle>>();
  readonly written: Array<{ vidPid: string; report: Buffer }> = [];
  /** How many times each device was opened (a replug opens it again). */
  readonly opens = new Map<string, number>();

  constructor(private readonly recording: RecordedReport[] = []) {
    for (const r of recording) this.plug(r.vidPid, r.usagePage);
  }

  private key = (vidPid: string, usagePage: number) => `${vidPid}/${usagePage}`;

  plug(vidPid: string, usagePage: number): void {
    const { vendorId, productId } = parseVidPid(vidPid);
    const k = this.key(vidPid, usagePage);
    if (!this.attached.has(k)) this.attached.set(k, { vendorId, productId, usagePage, path: `fake:${k}`, product: `fake ${vidPid}` });
  }

  unplug(vidPid: string, usagePage?: number): void {
    for (const [k, d] of this.attached) {
      if (vidPidOf(d) !== vidPid || (usagePage !== undefined && d.usagePage !== usagePage)) continue;
      this.attached.delete(k);
      for (const h of this.handles.get(k) ?? []) h.emit('error', new Error('device disconnected'));
      this.handles.delete(k);
    }
  }

  async list(): Promise<HidDeviceInfo[]> {
    return [...this.attached.values()];
  }

  async open(device: HidDeviceInfo): Promise<HidHandle> {
    const k = this.key(vidPidOf(device), device.usagePage);
    if (!this.attached.has(k)) throw Object.assign(new Error('could not open device'), { code: 'ENODEV' });
    const h = new EventEmitter() as EventEmitter & HidHandle;
    h.write = (report) => void this.written.push({ vidPid: vidPidOf(device), report: Buffer.from(report) });
    h.close = () => this.handles.get(k)?.delete(h);
    if (!this.handles.has(k)) this.handles.set(k, new Set());
    this.handles.get(k)!.add(h);
    this.opens.set(vidPidOf(device), (this.opens.get(vidPidOf(device)) ?? 0) + 1);
    return h;
  }

  /** Whether some open handle listens to this device now. */
  isOpen(vidPid: string): boolean {
    return [...this.handles.entries()].some(([k, hs]) => k.startsWith(`${vidPid}/`) && hs.size > 0);
  }

  /** One report from the device, to whoever has it open. */
  feed(vidPid: string, usagePage: number, report: Buffer | string): void {
    const bytes = typeof report === 'string' ? Buffer.from(report, 'hex') : report;
    for (const h of this.handles.get(this.key(vidPid, usagePage)) ?? []) h.emit('data', bytes);
  }

  /** Sends the recording's reports at their recorded times (`speed` 2: twice as fast); resolves after the last. */
  async replay(opts: { speed?: number; signal?: AbortSignal } = {}): Promise<void> {
    const started = Date.now();
    for (const r of this.recording) {
      const due = started + r.t / (opts.speed ?? 1) - Date.now();
      if (due > 0) await new Promise((res) => setTimeout(res, due));
      if (opts.signal?.aborted) return;
      this.feed(r.vidPid, r.usagePage, r.report);
    }
  }
}
