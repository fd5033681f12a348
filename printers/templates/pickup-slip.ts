// 受理回执 / 取件凭证: printed at the window when a clerk accepts a matter.
// 《行政许可法》第三十二条 requires a dated written receipt; the kiosk scans its
// QR/barcode to issue a pickup ticket later ("综窗出件").
import { Receipt, fitMultiplier, formatHallTime, type TemplateOptions } from './common.ts';

export interface PickupSlipPrintData {
  caseNo: string;
  matterName: string;
  /** Already masked, e.g. 张*明 */
  applicantName: string;
  maskedId?: string;
  clerkName: string;
  clerkNo: string;
  windowName: string;
  acceptedAt: string;
  /** YYYY-MM-DD, already counted in working days by the server */
  promisedDate: string;
  promisedDays: number;
  /** Hall time zone for acceptedAt; defaults to Asia/Shanghai. */
  timeZone?: string;
  collect: { method: string; place: string; hours?: string };
  /** 容缺受理: accepted with minor items missing, promised by a date. */
  missing?: { items: string[]; deadline: string };
  /** 高效办成一件事: one slip lists every part of the bundle, each with its department and promise. */
  bundle?: { name: string; parts: Array<{ matterName: string; department: string; promisedDate: string }> };
  /** Short ASCII code, also printed as CODE128. */
  pickupCode: string;
  qrData: string;
  lookupUrl?: string;
}

const LEGAL_NOTE =
  '依据《行政许可法》第三十二条，行政机关受理申请应出具加盖本行政机关专用印章和注明日期的书面凭证。' +
  '本回执即为受理凭证，请妥善保管，凭此领取办理结果。';

export function renderPickupSlip(data: PickupSlipPrintData, options: TemplateOptions): Uint8Array {
  const { width, hall } = options;
  const r = new Receipt(width, { reprint: options.reprint }).hallHeader(hall).divider('=');

  r.text('受理回执', { align: 'center', bold: true, w: 2, h: 2 });
  r.text('（取件凭证）', { align: 'center' }).divider();

  r.field('办件编号', data.caseNo, { bold: true });
  r.field('事项名称', data.matterName);
  r.field('申 请 人', data.applicantName);
  if (data.maskedId) r.field('证件号码', data.maskedId);
  r.field('受理人员', `${data.clerkName}（工号 ${data.clerkNo}）`);
  r.field('受理窗口', data.windowName);
  r.field('受理时间', formatHallTime(data.acceptedAt, data.timeZone ?? 'Asia/Shanghai'));
  r.field('承诺办结', `${data.promisedDate}（${data.promisedDays}个工作日）`, { bold: true });
  if (data.bundle && data.bundle.parts.length > 0) {
    r.divider().text(`一件事 · ${data.bundle.name}（共${data.bundle.parts.length}项，一次办结、一次取件）：`, { bold: true });
    r.list(data.bundle.parts.map((p) => `${p.matterName}｜${p.department}｜承诺 ${p.promisedDate}`));
  }
  r.divider();

  r.field('取件方式', data.collect.method);
  r.field('取件地点', data.collect.place);
  if (data.collect.hours) r.field('取件时间', data.collect.hours);

  if (data.missing && data.missing.items.length > 0) {
    r.divider().text('容缺受理 · 待补材料：', { bold: true }).list(data.missing.items);
    r.text(`申请人已书面承诺于 ${data.missing.deadline} 前补齐以上材料，逾期未补齐的将影响办结。`);
  }

  r.divider().text('取件码', { align: 'center' });
  const m = fitMultiplier(data.pickupCode, width, 2);
  r.text(data.pickupCode, { align: 'center', bold: true, w: m, h: 2 });
  r.qr(data.qrData).barcode(data.pickupCode);
  r.text('取件时请在自助终端扫码', { align: 'center' });
  if (data.lookupUrl) r.field('进度查询', data.lookupUrl);

  r.divider().text(LEGAL_NOTE);
  return r.hallFooter(hall).finish();
}
