import { vidPidOf, type HidDeviceInfo, type HidHandle, type HidLayer } from './types.ts';

export interface WantedDevice {
  vidPid: string;
  /** Omitted: any interface of that vid:pid (a scanner may show a keyboard and a POS interface). */
  usagePage?: number;
}

export interface Attached {
  device: HidDeviceInfo;
  handle: HidHandle;
}

/** The udev rule that lets the agent's user open this device without root (Linux, hidraw). */
export function udevRule(d: { vendorId: number; productId: number }): string {
  const [v, p] = vidPidOf(d).split(':');
  return `SUBSYSTEM=="hidraw", ATTRS{idVendor}=="${v}", ATTRS{idProduct}=="${p}", MODE="0660", GROUP="plugdev", TAG+="uaccess"`;
}

export function openFailure(d: HidDeviceInfo, err: Error & { code?: string }): string {
  const what = `${vidPidOf(d)} usage page 0x${d.usagePage.toString(16)} at ${d.path}`;
  if (err.code === 'EACCES' || err.code === 'EPERM') {
    return `${what}: no permission (${err.message}). Fix: put this line in /etc/udev/rules.d/70-hallq-hid.rules, `
      + `run "sudo udevadm control --reload-rules && sudo udevadm trigger", add the agent's user to the plugdev group, replug:\n  ${udevRule(d)}`;
  }
  return `${what}: could not open (${err.message})`;
}

/**
 * Keeps the wanted devices open: scans at start and every `rescanMs`, opens what matches and is not
 * open yet, and forgets a device whose handle failed (unplugged), so the next scan opens it again
 * when it is plugged back: hot-plug without a restart, the same on every OS node-hid runs on.
 * A device that could not be opened is logged once per reason, not on every scan.
 */
export class HidWatcher {
  private open = new Map<string, Attached>();
  private failed = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;

  constructor(
    private readonly layer: HidLayer,
    private readonly wanted: (d: HidDeviceInfo) => boolean,
    private readonly onAttach: (a: Attached) => void,
    private readonly log: (msg: string) => void,
    private readonly rescanMs = 2000,
    private readonly onDetach: (d: HidDeviceInfo) => void = () => undefined,
  ) {}

  start(): Promise<void> {
    this.timer = setInterval(() => void this.scan(), this.rescanMs);
    this.timer.unref?.();
    return this.scan();
  }

  stop(): void {
    clearInterval(this.timer);
    for (const a of this.open.values()) a.handle.close();
    this.open.clear();
  }

  attached(): Attached[] {
    return [...this.open.values()];
  }

  scan(): Promise<void> {
    this.scanning ??= this.doScan().finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  private async doScan(): Promise<void> {
    let list: HidDeviceInfo[];
    try {
      list = await this.layer.list();
    } catch (err) {
      this.log(`hid: could not list devices (${(err as Error).message})`);
      return;
    }
    for (const d of list.filter(this.wanted)) {
      const key = `${d.path}|${d.usagePage}`;
      if (this.open.has(key)) continue;
      try {
        const handle = await this.layer.open(d);
        this.failed.delete(key);
        const a = { device: d, handle };
        this.open.set(key, a);
        handle.on('error', (err) => {
          if (this.open.get(key) !== a) return;
          this.open.delete(key);
          handle.close();
          this.log(`hid: ${vidPidOf(d)} went away (${err.message}); it is opened again when plugged back`);
          this.onDetach(d);
        });
        this.log(`hid: opened ${vidPidOf(d)} usage page 0x${d.usagePage.toString(16)} (${d.product ?? d.path})`);
        this.onAttach(a);
      } catch (err) {
        const msg = openFailure(d, err as Error);
        if (this.failed.get(key) !== msg) this.log(`hid: ${msg}`);
        this.failed.set(key, msg);
      }
    }
  }
}
