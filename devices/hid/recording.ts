import fs from 'node:fs';

/** One line of a HID recording (contract.md, Devices): `{"t": <ms>, "vidPid": "05e0:1200", "usagePage": <n>, "report": "<hex>"}`. */
export interface RecordedReport {
  t: number;
  vidPid: string;
  usagePage: number;
  report: string;
}

export function formatLine(r: RecordedReport): string {
  return JSON.stringify({ t: r.t, vidPid: r.vidPid, usagePage: r.usagePage, report: r.report });
}

export function parseRecording(text: string, name = 'recording'): RecordedReport[] {
  const out: RecordedReport[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let o: Partial<RecordedReport>;
    try {
      o = JSON.parse(line) as Partial<RecordedReport>;
    } catch {
      throw new Error(`${name}:${i + 1}: not JSON`);
    }
    if (typeof o.t !== 'number' || typeof o.vidPid !== 'string' || !/^[0-9a-f]{4}:[0-9a-f]{4}$/i.test(o.vidPid) || typeof o.usagePage !== 'number' || typeof o.report !== 'string' || !/^([0-9a-f]{2})*$/i.test(o.report)) {
      throw new Error(`${name}:${i + 1}: needs {"t": ms, "vidPid": "vvvv:pppp", "usagePage": n, "report": "hex"}`);
    }
    out.push({ t: o.t, vidPid: o.vidPid.toLowerCase(), usagePage: o.usagePage, report: o.report.toLowerCase() });
  });
  return out;
}

export const readRecording = (file: string): RecordedReport[] => parseRecording(fs.readFileSync(file, 'utf8'), file);
