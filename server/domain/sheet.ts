/**
 * A report as a table to download: what every export route describes, whatever the format
 * (server/http/export.ts writes it as Excel or CSV). Pure data, so a report's sheet is tested
 * without a workbook.
 */
export type Cell = string | number | null;

export interface SheetColumn {
  key: string;
  /** Chinese column name. */
  header: string;
  width?: number;
}

export interface Sheet {
  /** Worksheet name (Excel allows 31 characters, no []:*?/\). */
  name: string;
  columns: SheetColumn[];
  rows: Array<Record<string, Cell>>;
}

export interface Workbook {
  /** Without extension: 大厅名_报表名_期间. */
  fileName: string;
  sheets: Sheet[];
}

/** 示范大厅_四位一体考核_2026-11: the hall and the period in the name, characters a file system refuses replaced. */
export const reportFileName = (hallName: string, report: string, period: string) => `${hallName}_${report}_${period}`.replace(/[\\/:*?"<>|\s]+/g, '_');
