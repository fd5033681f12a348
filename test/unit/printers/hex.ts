// Expected byte sequences are written by hand from the ESC/POS manual as hex.
export const hex = (s: string): Uint8Array =>
  Uint8Array.from(s.trim().split(/\s+/).filter(Boolean).map((h) => parseInt(h, 16)));

export const toHex = (b: ArrayLike<number>): string =>
  Array.from(b, (x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');
