import fs from 'node:fs';
import { EventEmitter } from 'node:events';
import type { HidDeviceInfo, HidHandle, HidLayer } from './types.ts';

type NodeHid = typeof import('node-hid');

/**
 * The real HID layer: node-hid (an optional dependency with prebuilt binaries; libusb-1.0-0 at run
 * time). On Linux the hidraw driver is used, so a device is a /dev/hidrawN file whose permission
 * can be checked and fixed with a udev rule.
 */
export async function nodeHidLayer(): Promise<HidLayer> {
  let hid: NodeHid;
  try {
    const mod = (await import('node-hid')) as NodeHid & { default?: NodeHid };
    hid = mod.default ?? mod;
  } catch (err) {
    throw new Error(`node-hid is not installed or could not load (${(err as Error).message}); install it with npm install node-hid, or replay a recording with --hid-replay`);
  }
  if (process.platform === 'linux') hid.setDriverType?.('hidraw');
  return {
    async list() {
      return hid
        .devices()
        .filter((d) => d.path)
        .map((d) => ({ vendorId: d.vendorId, productId: d.productId, path: d.path!, usagePage: d.usagePage ?? 0, usage: d.usage, product: d.product, manufacturer: d.manufacturer, serialNumber: d.serialNumber }));
    },
    async open(device: HidDeviceInfo) {
      // hidapi says only "cannot open device": ask the file system why, so the log can give the fix.
      if (device.path.startsWith('/dev/')) {
        try {
          fs.accessSync(device.path, fs.constants.R_OK | fs.constants.W_OK);
        } catch (err) {
          throw Object.assign(new Error(`${device.path}: ${(err as Error).message}`), { code: (err as NodeJS.ErrnoException).code });
        }
      }
      const dev = new hid.HID(device.path);
      const handle = new EventEmitter() as EventEmitter & HidHandle;
      dev.on('data', (b: Buffer) => handle.emit('data', Buffer.from(b)));
      dev.on('error', (e: Error) => handle.emit('error', e));
      handle.write = (report) => void dev.write(report);
      handle.close = () => dev.close();
      return handle;
    },
  };
}
