// ESC/POS byte builder for Chinese thermal printers.
//
// Why our own: the npm encoders either never switch the printer into Chinese
// two-byte mode (FS &), or lack native QR (GS ( k), or only rasterise QR
// (see printers/README.md). The command set we need is small and stable.
import iconv from 'iconv-lite';
import { toPrintable } from './printable.ts';

export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

export type Align = 'left' | 'center' | 'right';
export type QrLevel = 'L' | 'M' | 'Q' | 'H';

export interface QrOptions {
  /** module size in dots, 1..16 */
  size?: number;
  level?: QrLevel;
}

export interface Barcode128Options {
  /** bar height in dots, 1..255 */
  height?: number;
  /** module width in dots, 2..6 */
  width?: number;
  /** where the human-readable digits go */
  hri?: 'none' | 'above' | 'below' | 'both';
}

/** Thrown for arguments the printer would misprint or silently ignore. */
export class EscPosArgumentError extends Error {
  readonly code = 'ESCPOS_BAD_ARGUMENT';
  constructor(message: string) {
    super(message);
    this.name = 'EscPosArgumentError';
  }
}

const ALIGN_N: Record<Align, number> = { left: 0, center: 1, right: 2 };
export const QR_LEVEL_N: Record<QrLevel, number> = { L: 48, M: 49, Q: 50, H: 51 };
const HRI_N = { none: 0, above: 1, below: 2, both: 3 } as const;

function checkInt(name: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new EscPosArgumentError(`${name} must be an integer in ${min}..${max}, got ${v}`);
  }
  return v;
}

/** Bytes of `DLE EOT n`: a real-time status request, answered with one byte. */
export function statusQuery(n: 1 | 2 | 3 | 4): Uint8Array {
  return Uint8Array.of(DLE, EOT, checkInt('status n', n, 1, 4));
}

/**
 * Chainable builder. Every method appends bytes; `encode()` returns them.
 * It remembers whether Chinese mode is on so that Chinese text sent while the
 * printer is in single-byte mode (which prints as mojibake) fails loudly here
 * instead of on paper in the hall.
 */
export class EscPosEncoder {
  private readonly chunks: number[] = [];
  private chineseOn = false;

  raw(bytes: ArrayLike<number>): this {
    for (let i = 0; i < bytes.length; i++) {
      this.chunks.push(checkInt('raw byte', bytes[i] as number, 0, 255));
    }
    return this;
  }

  /** ESC @: reset styles; many Chinese printers also leave Chinese mode here. */
  init(): this {
    this.chineseOn = false;
    return this.raw([ESC, 0x40]);
  }

  /** FS & (on) / FS . (off): two-byte GB18030 characters. */
  chinese(on: boolean): this {
    this.chineseOn = on;
    return this.raw(on ? [FS, 0x26] : [FS, 0x2e]);
  }

  /**
   * Text as GB18030. ASCII is byte-identical, so it never needs Chinese mode.
   * A stray control byte inside stored data (a matter name with ESC) would run as
   * a command, and one bad name must not stop every receipt of a hall: what the
   * printer cannot print is replaced (printable.ts), never refused.
   */
  text(content: string): this {
    const str = toPrintable(content);
    if (!this.chineseOn && /[^\u0000-\u007f]/.test(str)) {
      throw new EscPosArgumentError('non-ASCII text needs chinese(true) first (FS &)');
    }
    const parts = str.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) this.chunks.push(LF);
      if (part.length > 0) this.raw(iconv.encode(part, 'gb18030'));
    });
    return this;
  }

  newline(count = 1): this {
    for (let i = 0; i < count; i++) this.chunks.push(LF);
    return this;
  }

  /** Text followed by LF: the printer prints a line only when it sees LF. */
  line(str = ''): this {
    return this.text(str).newline();
  }

  /** ESC a n. Only takes effect at the start of a line on real printers. */
  align(a: Align): this {
    return this.raw([ESC, 0x61, ALIGN_N[a]]);
  }

  /** ESC E n: emphasized. */
  bold(on: boolean): this {
    return this.raw([ESC, 0x45, on ? 1 : 0]);
  }

  /**
   * ESC - n for single-byte characters and FS - n for two-byte ones: printers
   * keep separate underline states, so Chinese would stay plain without FS -.
   */
  underline(dots: 0 | 1 | 2 | boolean): this {
    const n = dots === true ? 1 : dots === false ? 0 : dots;
    return this.raw([ESC, 0x2d, n, FS, 0x2d, n]);
  }

  /** GS ! n: width and height multipliers, 1..8 each, for all characters. */
  size(width: number, height: number): this {
    checkInt('width multiplier', width, 1, 8);
    checkInt('height multiplier', height, 1, 8);
    return this.raw([GS, 0x21, ((width - 1) << 4) | (height - 1)]);
  }

  doubleWidth(on: boolean): this {
    return this.size(on ? 2 : 1, 1);
  }

  doubleHeight(on: boolean): this {
    return this.size(1, on ? 2 : 1);
  }

  /** Reset bold, underline, size and alignment without ESC @ (keeps Chinese mode). */
  resetStyle(): this {
    return this.bold(false).underline(0).size(1, 1).align('left');
  }

  /**
   * Native QR model 2 with GS ( k, cn = 49: function 165 (model), 167 (module
   * size), 169 (error level), 180 (store data), 181 (print). Data is UTF-8,
   * which phone scanners and our kiosk scanner expect.
   */
  qr(data: string, opts: QrOptions = {}): this {
    const size = checkInt('qr size', opts.size ?? 6, 1, 16);
    const level = QR_LEVEL_N[opts.level ?? 'M'];
    const bytes = new TextEncoder().encode(data);
    if (bytes.length === 0 || bytes.length > 7089) {
      throw new EscPosArgumentError(`qr data must be 1..7089 bytes, got ${bytes.length}`);
    }
    const len = bytes.length + 3; // pL/pH count cn, fn and m (0x30) plus the data
    return this.raw([GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0x00])
      .raw([GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, size])
      .raw([GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, level])
      .raw([GS, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, 0x50, 0x30])
      .raw(bytes)
      .raw([GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30]);
  }

  /**
   * CODE128 in code set B (printable ASCII) via GS k 73 n. The data must begin
   * with a code set selector; a literal "{" is written "{{" because "{" starts
   * the printer's escape sequences inside CODE128 data.
   */
  barcode128(data: string, opts: Barcode128Options = {}): this {
    if (!/^[\x20-\x7e]+$/.test(data)) {
      throw new EscPosArgumentError('CODE128 set B takes printable ASCII only');
    }
    const payload = '{B' + data.replace(/\{/g, '{{');
    if (payload.length > 255) throw new EscPosArgumentError('CODE128 data too long');
    const height = checkInt('barcode height', opts.height ?? 80, 1, 255);
    const width = checkInt('barcode width', opts.width ?? 2, 2, 6);
    const hri = HRI_N[opts.hri ?? 'below'];
    const bytes = Array.from(payload, (c) => c.charCodeAt(0));
    return this.raw([GS, 0x68, height])
      .raw([GS, 0x77, width])
      .raw([GS, 0x48, hri])
      .raw([GS, 0x6b, 73, bytes.length])
      .raw(bytes);
  }

  /** ESC d n: print the buffer and feed n lines. */
  feed(lines = 1): this {
    return this.raw([ESC, 0x64, checkInt('feed lines', lines, 0, 255)]);
  }

  /**
   * GS V 66 n (partial) / GS V 65 n (full): feed to the cutter and cut, so the
   * last printed line is not sliced through (the cutter sits above the head).
   */
  cut(partial = true, feedDots = 0): this {
    return this.raw([GS, 0x56, partial ? 66 : 65, checkInt('cut feed', feedDots, 0, 255)]);
  }

  statusQuery(n: 1 | 2 | 3 | 4): this {
    return this.raw(statusQuery(n));
  }

  encode(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}
