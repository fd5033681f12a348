import type ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { Workbook } from '../domain/sheet.ts';

/**
 * The one way every report route downloads: `?format=xlsx` (Excel) or `?format=csv` (UTF-8 with a
 * BOM, so Excel opens the Chinese right); without it the route answers its JSON. The file name
 * carries the hall and the period (RFC 5987 filename* for the Chinese, an ASCII fallback).
 */
export const ExportFormat = Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('xlsx'), Type.Literal('csv')], { description: 'xlsx or csv to download the report' }));
export type Format = 'json' | 'xlsx' | 'csv' | undefined;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function renderWorkbook(book: Workbook): Promise<ExcelJS.Workbook> {
  // Loaded on the first download: exceljs is 17 MB of memory a server that never exports need not hold (bench/README.md).
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'hallq';
  for (const s of book.sheets) {
    const ws = wb.addWorksheet(s.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31));
    ws.columns = s.columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? Math.max(10, c.header.length * 2 + 2) }));
    ws.getRow(1).font = { bold: true };
    for (const r of s.rows) ws.addRow(r);
  }
  return wb;
}

async function csvOf(book: Workbook, wb: ExcelJS.Workbook): Promise<Buffer> {
  const parts: string[] = [];
  for (const ws of wb.worksheets) {
    const body = (await wb.csv.writeBuffer({ sheetName: ws.name })).toString();
    // One sheet is the file; several follow each other, each under its name.
    parts.push(book.sheets.length > 1 ? `${ws.name}\n${body}` : body);
  }
  return Buffer.from(`\uFEFF${parts.join('\n\n')}\n`, 'utf8');
}

export const contentDisposition = (fileName: string) =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

/** Sends the report as the asked format; false when JSON was asked (the route returns its data). */
export async function sendExport(reply: FastifyReply, format: Format, book: () => Workbook | Promise<Workbook>): Promise<boolean> {
  if (format !== 'xlsx' && format !== 'csv') return false;
  const b = await book();
  const wb = await renderWorkbook(b);
  const bytes = format === 'xlsx' ? Buffer.from(await wb.xlsx.writeBuffer()) : await csvOf(b, wb);
  await reply
    .header('content-disposition', contentDisposition(`${b.fileName}.${format}`))
    .type(format === 'xlsx' ? XLSX : 'text/csv; charset=utf-8')
    .send(bytes);
  return true;
}
