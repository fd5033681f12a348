import { describe, expect, it } from 'vitest';
import type { Hall } from '../../../protocol/schemas.ts';
import { inZone, parseWindowNos, zoneCategories, zoneWindows } from '../../../display-ui/zone.ts';

const win = (no: number, categoryIds: string[]) => ({ id: `w${no}`, no, categoryIds }) as unknown as Hall['windows'][number];
const cat = (id: string) => ({ id }) as unknown as Hall['categories'][number];
const hall = { windows: [win(1, ['A']), win(2, ['A', 'B']), win(9, ['Q'])], categories: [cat('A'), cat('B'), cat('Q')] } as unknown as Hall;

describe('display zones (?windows=)', () => {
  it.each([
    [null, null],
    ['', null],
    ['1-3,9', [1, 2, 3, 9]],
    ['5-3', [3, 4, 5]],
    [' 2 , 2 ', [2]],
    ['1,x', null],
    ['1-', null],
  ])('parses %j', (spec, want) => {
    const got = parseWindowNos(spec as string | null);
    expect(got === null ? null : [...got].sort((a, b) => a - b)).toEqual(want);
  });

  it('keeps the zone’s windows, their categories and calls; no zone keeps all', () => {
    const zone = parseWindowNos('9');
    expect(zoneWindows(hall, zone).map((w) => w.no)).toEqual([9]);
    expect(zoneCategories(hall, zone).map((c) => c.id)).toEqual(['Q']);
    expect(zoneCategories(hall, parseWindowNos('1-2')).map((c) => c.id)).toEqual(['A', 'B']);
    expect([inZone(zone, 9), inZone(zone, 1), inZone(null, 1)]).toEqual([true, false, true]);
  });
});
