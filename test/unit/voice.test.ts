import { describe, expect, it } from 'vitest';
import { callClips, ticketNumberClips, windowNoClips } from '../../protocol/voice.ts';

describe('叫号 phrase as clips', () => {
  it('reads window numbers the way they are said', () => {
    const said: Array<[number, string[]]> = [
      [3, ['d3']], [10, ['shi']], [12, ['shi', 'd2']], [20, ['d2', 'shi']], [35, ['d3', 'shi', 'd5']],
      [100, ['d1', 'bai']], [105, ['d1', 'bai', 'd0', 'd5']], [110, ['d1', 'bai', 'd1', 'shi']], [999, ['d9', 'bai', 'd9', 'shi', 'd9']],
    ];
    for (const [no, clips] of said) expect(windowNoClips(no), String(no)).toEqual(clips);
  });

  it('reads a ticket number character by character, and the whole call with chime and 重呼', () => {
    expect(ticketNumberClips('AB012')).toEqual(['letterA', 'letterB', 'd0', 'd1', 'd2']);
    expect(callClips({ number: 'A001', windowNo: 3, recall: false })).toEqual(['chime', 'qing', 'letterA', 'd0', 'd0', 'd1', 'hao', 'dao', 'd3', 'haochuangkou', 'banli']);
    expect(callClips({ number: 'B020', windowNo: 12, recall: true }, false)).toEqual(['chonghu', 'qing', 'letterB', 'd0', 'd2', 'd0', 'hao', 'dao', 'shi', 'd2', 'haochuangkou', 'banli']);
  });
});
