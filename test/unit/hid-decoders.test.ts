import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecording, parseRecording } from '../../devices/hid/recording.ts';
import { DEFAULT_KEYPAD_MAP, DEFAULT_RATING_MAP, KeyboardScanDecoder, KeyMapDecoder, PosScanDecoder, type KeypadAction } from '../../devices/hid/decoders.ts';

const fixture = (name: string) => readRecording(path.join(import.meta.dirname, '../fixtures/hid', name));
const run = <T>(file: string, push: (b: Buffer) => T) => fixture(file).map((r) => push(Buffer.from(r.report, 'hex')));

describe('HID decoders from recorded reports', () => {
  it('a HID-POS scan (two reports) and a keyboard-mode scan (shift included) give the same code', () => {
    const pos = new PosScanDecoder();
    const kb = new KeyboardScanDecoder('us');
    const fromPos = run('pos-scan.jsonl', (b) => pos.push(b)).filter(Boolean);
    const fromKb = run('keyboard-scan.jsonl', (b) => kb.push(b)).filter(Boolean);
    expect(fromPos).toEqual(['HQ2026-0042-AB']);
    expect(fromKb).toEqual(['HQ2026-0042-AB']);
  });

  it('the keyboard layout decides the character: QWERTZ key 0x1c is z, 0x1d is y', () => {
    const de = new KeyboardScanDecoder('de');
    const us = new KeyboardScanDecoder('us');
    const reports = ['00001c0000000000', '0000000000000000', '00001d0000000000', '0000280000000000'].map((h) => Buffer.from(h, 'hex'));
    expect(reports.map((r) => de.push(r)).at(-1)).toBe('zy');
    expect(reports.map((r) => us.push(r)).at(-1)).toBe('yz');
  });

  it('a held key counts once; rollover (two keys down) gives both', () => {
    const kb = new KeyboardScanDecoder();
    const seq = ['0000040000000000', '0000040000000000', '0000040500000000', '0000000000000000', '0000280000000000'];
    expect(seq.map((h) => kb.push(Buffer.from(h, 'hex'))).at(-1)).toBe('ab');
  });

  it('call keypad reports map to actions, evaluator reports to scores 5..1', () => {
    const keypad = new KeyMapDecoder<KeypadAction>(DEFAULT_KEYPAD_MAP);
    expect(run('keypad-window.jsonl', (b) => keypad.push(b)).flat()).toEqual(['next', 'recall', 'complete']);
    const rating = new KeyMapDecoder<number>(DEFAULT_RATING_MAP);
    expect(run('evaluator.jsonl', (b) => rating.push(b)).flat()).toEqual([4]);
    expect(['0000590000000000', '0000000000000000', '00005d0000000000'].flatMap((h) => rating.push(Buffer.from(h, 'hex')))).toEqual([5, 1]);
  });

  it('a bad recording line is refused with its line number', () => {
    expect(() => parseRecording('{"t":0,"vidPid":"05e0:1200","usagePage":1,"report":"00"}\n{"t":"x"}', 'r.jsonl')).toThrow('r.jsonl:2');
  });
});
