import { decode, printedLines, type PrintItem, type PrintedLine } from '../printers/decoder.ts';

/** What the virtual printer shows: printed lines, QR codes, barcodes and cuts, in paper order. */
export type ReceiptBlock =
  | { kind: 'line'; line: PrintedLine }
  | { kind: 'qr'; data: string }
  | { kind: 'barcode'; data: string }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut' };

export function receiptBlocks(bytes: Uint8Array): ReceiptBlock[] {
  const items = decode(bytes);
  const out: ReceiptBlock[] = [];
  let pending: PrintItem[] = [];
  const flush = (): void => {
    for (const line of printedLines(pending)) out.push({ kind: 'line', line });
    pending = [];
  };
  for (const it of items) {
    if (it.type === 'text' || it.type === 'newline') pending.push(it);
    else if (it.type === 'qr') { flush(); out.push({ kind: 'qr', data: it.data }); }
    else if (it.type === 'barcode') { flush(); out.push({ kind: 'barcode', data: it.data }); }
    else if (it.type === 'feed') { flush(); out.push({ kind: 'feed', lines: Math.min(it.lines, 3) }); }
    else if (it.type === 'cut') { flush(); out.push({ kind: 'cut' }); }
  }
  flush();
  return out;
}
