/**
 * Per-hall numbers (case numbers, proxy-case numbers) are counted per hall but must be unique
 * across the network and say whose they are: each starts with the hall's short code.
 */

/** A code from the hall's id (demo -> DEMO); taken codes get a digit (QINGHE, QINGH2 …). */
export function hallCodeFor(hallId: string, taken: (code: string) => boolean): string {
  const base = hallId.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 6) || 'H';
  let code = base;
  for (let i = 2; taken(code); i++) code = `${base.slice(0, 6 - String(i).length)}${i}`;
  return code;
}

/** 受理编号: DEMO-SL202611200001 (hall, 受理, service day, the day's sequence). */
export const caseNumber = (hallCode: string, serviceDay: string, seq: number) => `${hallCode}-SL${serviceDay.replace(/-/g, '')}${String(seq).padStart(4, '0')}`;

/** 代办编号: CUN1-DB202611200001. */
export const proxyNumber = (hallCode: string, serviceDay: string, seq: number) => `${hallCode}-DB${serviceDay.replace(/-/g, '')}${String(seq).padStart(4, '0')}`;
