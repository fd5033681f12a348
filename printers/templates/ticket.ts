// 号票: printed at the kiosk when a citizen takes a number. What goes on it is
// fixed by practice (domain.md "The ticket"): the number very large, how many
// are ahead, which windows serve it, what to bring (一次性告知), a QR to follow
// the queue on a phone, and the rules.
import { Receipt, fitMultiplier, formatHallTime, type TemplateOptions } from './common.ts';

export interface TicketPrintData {
  /** e.g. A001 */
  number: string;
  categoryName: string;
  matterName?: string;
  waitingAhead: number;
  estimatedWaitMinutes: number;
  /** e.g. "3号窗口 综合受理" */
  windows: string[];
  issuedAt: string;
  timeZone: string;
  materials: string[];
  /** A pickup ticket (取件): what to show when collecting, printed instead of the application's materials. */
  bring?: string[];
  /** Mobile ticket page. */
  qrUrl: string;
  rules: string[];
  maskedId?: string;
  priorityLabel?: string;
  appointment?: { slot: string };
}

export function renderTicket(data: TicketPrintData, options: TemplateOptions): Uint8Array {
  const { width, hall } = options;
  const r = new Receipt(width, { reprint: options.reprint }).hallHeader(hall).divider('=');

  r.text(data.categoryName, { align: 'center', bold: true, w: 2, h: 2 });
  if (data.matterName) r.text(data.matterName, { align: 'center' });
  if (data.priorityLabel) r.text(`【${data.priorityLabel}】`, { align: 'center', bold: true });
  if (data.appointment) r.text(`预约时段 ${data.appointment.slot}`, { align: 'center', bold: true });

  // 4× on 80 mm; 58 mm paper is short and narrow, so 3× is enough there.
  const m = fitMultiplier(data.number, width, width === 80 ? 4 : 3);
  r.blank().text(data.number, { align: 'center', bold: true, w: m, h: m }).blank();

  r.text(`您前面还有 ${data.waitingAhead} 人在等待`, { align: 'center', bold: true, h: 2 });
  r.text(`预计等待约 ${data.estimatedWaitMinutes} 分钟`, { align: 'center' });
  r.divider();

  // One window per line, aligned under the first (hanging() indents each paragraph).
  if (data.windows.length) r.field('办理窗口', data.windows.join('\n'));
  r.field('取号时间', formatHallTime(data.issuedAt, data.timeZone));
  if (data.maskedId) r.field('证件号码', data.maskedId);

  if (data.bring?.length) {
    r.divider().text('取件请带：', { bold: true }).list(data.bring);
  } else if (data.materials.length) {
    r.divider().text('请备齐以下材料（一次性告知）：', { bold: true }).list(data.materials);
  }

  r.divider().qr(data.qrUrl, '微信扫码 查看排队进度');

  if (data.rules.length) r.text('温馨提示：', { bold: true }).list(data.rules, false);

  return r.hallFooter(hall).finish();
}
