/**
 * The narrow HID interface the agent drives (architecture.md: hardware behind a narrow interface
 * with a fake): list what is attached, open one device, hear its input reports until it goes away.
 * node-hid (./node-hid.ts) and the recording replayer (./fake.ts) both implement it.
 */
export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  /** Where the OS has it: /dev/hidrawN on Linux, a \\?\hid#… path on Windows. */
  path: string;
  usagePage: number;
  usage?: number;
  product?: string;
  manufacturer?: string;
  serialNumber?: string;
}

export interface HidHandle {
  /** One input report, its bytes as the device sent them. */
  on(event: 'data', listener: (report: Buffer) => void): this;
  /** The device went away (unplugged) or failed; no more reports follow. */
  on(event: 'error', listener: (err: Error) => void): this;
  /** Output report (a keypad's display line), where the device has one. */
  write(report: Buffer): void;
  close(): void;
}

export interface HidLayer {
  list(): Promise<HidDeviceInfo[]>;
  /** Throws (with `code` EACCES where the OS refused for permission) if the device cannot be opened. */
  open(device: HidDeviceInfo): Promise<HidHandle>;
}

export const vidPidOf = (d: { vendorId: number; productId: number }): string =>
  `${d.vendorId.toString(16).padStart(4, '0')}:${d.productId.toString(16).padStart(4, '0')}`;

export function parseVidPid(s: string): { vendorId: number; productId: number } {
  const m = /^([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(s.trim());
  if (!m) throw new Error(`a device is named vid:pid in hex, e.g. 05e0:1200 (got "${s}")`);
  return { vendorId: parseInt(m[1], 16), productId: parseInt(m[2], 16) };
}
