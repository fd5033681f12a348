import { describe, expect, it } from 'vitest';
import { decodeStatus, printerState } from '../../../printers/status.ts';

// Answers to DLE EOT 1..4, as the fake network printer in test/helpers/fake-printer.ts sends them.
describe('printerState: one word for a decoded DLE EOT status', () => {
  it.each([
    [[0x16, 0x12, 0x12, 0x12], 'ok'],
    [[0x1e, 0x32, 0x12, 0x7e], 'paper_out'],
    [[0x16, 0x12, 0x12, 0x1e], 'paper_near_end'],
    [[0x1e, 0x16, 0x12, 0x12], 'cover_open'],
    [[0x1e, 0x12, 0x12, 0x12], 'offline'],
    [[0x16, 0x52, 0x12, 0x12], 'error'],
    [[0x16, null, 0x12, 0x12], 'unknown'],
  ] as const)('%j -> %s', (answers, want) => {
    expect(printerState(decodeStatus(answers))).toBe(want);
  });
});
