import { describe, expect, it } from 'vitest';
import { FakeHid } from '../../devices/hid/fake.ts';
import { HidWatcher } from '../../devices/hid/hotplug.ts';
import type { HidDeviceInfo } from '../../devices/hid/types.ts';
import { until } from '../helpers/wait.ts';

/** A fake whose one device the OS refuses for permission until `allowed`. */
class LockedHid extends FakeHid {
  allowed = false;
  override async open(d: HidDeviceInfo) {
    if (!this.allowed) throw Object.assign(new Error(`${d.path}: EACCES: permission denied`), { code: 'EACCES' });
    return super.open(d);
  }
}

describe('HID hot-plug watcher', () => {
  it('logs a permission problem once, with the udev rule that fixes it, and opens the device once allowed', async () => {
    const hid = new LockedHid();
    hid.plug('05e0:1200', 1);
    const logs: string[] = [];
    const w = new HidWatcher(hid, () => true, () => undefined, (m) => logs.push(m), 20);
    await w.start();
    await w.scan();
    await w.scan();
    const refused = logs.filter((l) => l.includes('no permission'));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toContain('SUBSYSTEM=="hidraw", ATTRS{idVendor}=="05e0", ATTRS{idProduct}=="1200", MODE="0660", GROUP="plugdev", TAG+="uaccess"');
    expect(refused[0]).toContain('udevadm control --reload-rules');
    hid.allowed = true;
    await until(() => hid.isOpen('05e0:1200'));
    w.stop();
  });

  it('an unplugged device is opened again when plugged back, without a restart', async () => {
    const hid = new FakeHid();
    hid.plug('1a86:e025', 1);
    const reports: string[] = [];
    const w = new HidWatcher(hid, () => true, (a) => a.handle.on('data', (r) => reports.push(r.toString('hex'))), () => undefined, 20);
    await w.start();
    hid.unplug('1a86:e025');
    expect(w.attached()).toHaveLength(0);
    hid.plug('1a86:e025', 1);
    await until(() => w.attached().length === 1);
    hid.feed('1a86:e025', 1, '00005a0000000000');
    expect(reports).toEqual(['00005a0000000000']);
    expect(hid.opens.get('1a86:e025')).toBe(2);
    w.stop();
  });
});
