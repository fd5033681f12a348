import type { KeypadAction } from '../../protocol/agent.ts';

/**
 * Input reports to hall meanings: a scanned code, a call keypad's action, a rating. Pure: bytes in,
 * values out, so they are tested from recorded reports.
 */

export const HID_POS_PAGE = 0x8c;
export const GENERIC_DESKTOP_PAGE = 0x01;

/**
 * HID-POS barcode scanner (usage page 0x8C), the scanned-data report as Honeywell and Zebra send
 * it: [report id][length n][3 bytes AIM symbology][n data bytes][…padding][last byte: 1 = more
 * reports of the same code follow]. A long code spans several reports.
 */
export class PosScanDecoder {
  private parts: Buffer[] = [];

  /** The code, once its last report arrived; null while more follow or for another report. */
  push(report: Buffer): string | null {
    if (report.length < 6) return null;
    const n = report[1];
    const data = report.subarray(5, Math.min(5 + n, report.length - 1));
    this.parts.push(Buffer.from(data));
    if (report[report.length - 1] & 1) return null;
    const code = Buffer.concat(this.parts).toString('utf8').replace(/[\r\n]+$/, '');
    this.parts = [];
    return code || null;
  }
}

/** Boot keyboard key codes (HID usage table 0x07) of the keys scanners and keypads send. */
const US: Record<number, [string, string]> = {
  0x28: ['\n', '\n'], 0x2c: [' ', ' '], 0x2d: ['-', '_'], 0x2e: ['=', '+'], 0x2f: ['[', '{'], 0x30: [']', '}'], 0x31: ['\\', '|'],
  0x33: [';', ':'], 0x34: ["'", '"'], 0x35: ['`', '~'], 0x36: [',', '<'], 0x37: ['.', '>'], 0x38: ['/', '?'],
  0x54: ['/', '/'], 0x55: ['*', '*'], 0x56: ['-', '-'], 0x57: ['+', '+'], 0x58: ['\n', '\n'], 0x63: ['.', '.'],
};
for (let i = 0; i < 26; i++) US[0x04 + i] = [String.fromCharCode(97 + i), String.fromCharCode(65 + i)];
'1234567890'.split('').forEach((c, i) => (US[0x1e + i] = [c, '!@#$%^&*()'[i]]));
'1234567890'.split('').forEach((c, i) => (US[0x59 + i] = [c, c]));

/** German QWERTZ differs where a scanner set to that layout sends other key codes for the same characters. */
const DE: Record<number, [string, string]> = {
  ...US,
  0x1c: ['z', 'Z'], 0x1d: ['y', 'Y'], 0x2d: ['ß', '?'], 0x2e: ['´', '`'], 0x30: ['+', '*'], 0x31: ['#', "'"], 0x32: ['#', "'"],
  0x36: [',', ';'], 0x37: ['.', ':'], 0x38: ['-', '_'],
  0x1f: ['2', '"'], 0x20: ['3', '§'], 0x23: ['6', '&'], 0x24: ['7', '/'], 0x25: ['8', '('], 0x26: ['9', ')'], 0x27: ['0', '='],
};

export const LAYOUTS = { us: US, de: DE } as const;
export type Layout = keyof typeof LAYOUTS;

const SHIFT = 0x02 | 0x20;

/** The key codes newly down in this boot keyboard report (8 bytes: modifiers, reserved, six keys). */
export class KeyReports {
  private down = new Set<number>();

  push(report: Buffer): { keys: number[]; shift: boolean } {
    if (report.length < 8) return { keys: [], shift: false };
    // Some devices prefix a report id: the boot layout is the last 8 bytes.
    const r = report.subarray(report.length - 8);
    const now = [...r.subarray(2)].filter((k) => k > 3);
    const keys = now.filter((k) => !this.down.has(k));
    this.down = new Set(now);
    return { keys, shift: (r[0] & SHIFT) !== 0 };
  }
}

/** A scanner in keyboard mode: characters typed until Enter make one code. */
export class KeyboardScanDecoder {
  private keys = new KeyReports();
  private buf = '';

  constructor(private readonly layout: Layout = 'us') {}

  push(report: Buffer): string | null {
    const { keys, shift } = this.keys.push(report);
    let done: string | null = null;
    for (const k of keys) {
      const ch = LAYOUTS[this.layout][k]?.[shift ? 1 : 0];
      if (ch === undefined) continue;
      if (ch === '\n') {
        done = this.buf || null;
        this.buf = '';
      } else this.buf += ch;
    }
    return done;
  }
}


/** Key names in a key map: the key's code as hex ("0x59"), so any keypad model can be mapped. */
export type { KeypadAction };
export type KeyMap<T> = Record<string, T>;
const hex = (k: number) => `0x${k.toString(16).padStart(2, '0')}`;

/**
 * The common 8-key call keypad (README, Devices) sends the keypad digits 1..8 (or the top-row
 * digits): 1 next, 2 recall, 3 start, 4 complete, 5 no-show, 6 pause, 7 resume; 8 is next again
 * (the big key on most models).
 */
export const DEFAULT_KEYPAD_MAP: KeyMap<KeypadAction> = {};
const KEYPAD_ORDER: KeypadAction[] = ['next', 'recall', 'start', 'complete', 'no_show', 'pause', 'resume', 'next'];
KEYPAD_ORDER.forEach((a, i) => {
  DEFAULT_KEYPAD_MAP[hex(0x59 + i)] = a;
  DEFAULT_KEYPAD_MAP[hex(0x1e + i)] = a;
});

/** The common 5-key evaluator: keys 1..5 from left to right are 5 非常满意 … 1 非常不满意. */
export const DEFAULT_RATING_MAP: KeyMap<number> = {};
[5, 4, 3, 2, 1].forEach((score, i) => {
  DEFAULT_RATING_MAP[hex(0x59 + i)] = score;
  DEFAULT_RATING_MAP[hex(0x1e + i)] = score;
});

/** Key presses of a keypad or evaluator mapped through its key map; unmapped keys are dropped. */
export class KeyMapDecoder<T> {
  private keys = new KeyReports();
  constructor(private readonly map: KeyMap<T>) {}

  push(report: Buffer): T[] {
    return this.keys.push(report).keys.map((k) => this.map[hex(k)]).filter((v): v is T => v !== undefined);
  }
}
