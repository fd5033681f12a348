import type { HidRole, KeypadAction } from '../protocol/agent.ts';
import { DEFAULT_KEYPAD_MAP, DEFAULT_RATING_MAP, GENERIC_DESKTOP_PAGE, HID_POS_PAGE, KeyboardScanDecoder, KeyMapDecoder, PosScanDecoder, type KeyMap, type Layout } from './hid/decoders.ts';
import { vidPidOf, type HidDeviceInfo } from './hid/types.ts';

/** One device of the PC in the agent's settings (`--config agent.json`, README: Devices). */
export interface DeviceSetting {
  vidPid: string;
  usagePage?: number;
  role: HidRole;
  /** Keyboard-mode scanners: the layout the scanner is set to type in. */
  layout?: Layout;
  /** Key code ("0x59") to action (keypad) or score (evaluator); the README's defaults otherwise. */
  keys?: KeyMap<string | number>;
}

export type Decoded = { kind: 'scan'; code: string } | { kind: 'key'; action: KeypadAction } | { kind: 'rate'; score: number };

/**
 * The role of an attached device: its setting, else by usage page: 0x8C is a HID-POS scanner,
 * and on a kiosk's agent a boot keyboard is a keyboard-mode scanner. Anything else is left alone
 * (a window PC's own keyboard is not read).
 */
export function settingFor(d: HidDeviceInfo, settings: DeviceSetting[], isKiosk: boolean): DeviceSetting | null {
  const id = vidPidOf(d);
  const set = settings.find((s) => s.vidPid.toLowerCase() === id && (s.usagePage === undefined || s.usagePage === d.usagePage));
  if (set) return set;
  if (settings.some((s) => s.vidPid.toLowerCase() === id)) return null;
  if (d.usagePage === HID_POS_PAGE) return { vidPid: id, usagePage: d.usagePage, role: 'scanner' };
  if (d.usagePage === GENERIC_DESKTOP_PAGE && isKiosk) return { vidPid: id, usagePage: d.usagePage, role: 'scanner' };
  return null;
}

/** A stateful decoder for one open device: report bytes in, hall inputs out. */
export function decoderFor(d: HidDeviceInfo, s: DeviceSetting): (report: Buffer) => Decoded[] {
  if (s.role === 'scanner') {
    const dec = d.usagePage === HID_POS_PAGE ? new PosScanDecoder() : new KeyboardScanDecoder(s.layout ?? 'us');
    return (r) => {
      const code = dec.push(r);
      return code ? [{ kind: 'scan', code }] : [];
    };
  }
  if (s.role === 'keypad') {
    const dec = new KeyMapDecoder<KeypadAction>((s.keys as KeyMap<KeypadAction>) ?? DEFAULT_KEYPAD_MAP);
    return (r) => dec.push(r).map((action) => ({ kind: 'key', action }));
  }
  const dec = new KeyMapDecoder<number>((s.keys as KeyMap<number>) ?? DEFAULT_RATING_MAP);
  return (r) => dec.push(r).map((score) => ({ kind: 'rate', score }));
}

/** The keypad display line as an output report: report id 0, then ASCII "<number> <waiting>", 32 bytes. */
export function displayReport(currentNumber: string | null, waiting: number): Buffer {
  const r = Buffer.alloc(33);
  r.write(`${currentNumber ?? '---'} ${waiting}`.slice(0, 32), 1, 'ascii');
  return r;
}
