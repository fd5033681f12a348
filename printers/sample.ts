// Realistic sample receipts for `hallq print-test` and for tests: a county
// hall, 不动产登记 at a 综合窗口, names and ID numbers masked as in production.
import { queryStatus, type PrinterStatus } from './status.ts';
import type { HallPrintSettings } from './templates/common.ts';
import { renderPickupSlip, type PickupSlipPrintData } from './templates/pickup-slip.ts';
import { renderTicket, type TicketPrintData } from './templates/ticket.ts';
import type { PaperWidth } from './layout.ts';
import { openTransport } from './transports/index.ts';

export const sampleHall: HallPrintSettings = {
  hallName: '清河县政务服务中心',
  logoText: '政务服务',
  header: ['一窗受理 · 一次办好'],
  footer: ['服务热线 12345', '工作时间 周一至周五 9:00-17:00（中午不休）'],
  notices: ['请保管好本凭条，叫号时请到对应窗口办理。'],
};

export const sampleTicket: TicketPrintData = {
  number: 'A012',
  categoryName: '不动产登记',
  matterName: '国有建设用地使用权及房屋所有权转移登记',
  waitingAhead: 7,
  estimatedWaitMinutes: 21,
  windows: ['3号窗口 综合受理', '5号窗口 综合受理', '12号窗口 不动产专窗'],
  issuedAt: '2025-03-18T01:42:00Z',
  timeZone: 'Asia/Shanghai',
  materials: [
    '买卖双方身份证原件（已婚的还需结婚证及配偶身份证）',
    '不动产权证书原件',
    '不动产买卖合同（网签备案）',
    '完税凭证',
  ],
  qrUrl: 'https://qhzw.example.gov.cn/m/ticket/7Q3KX9FD2M',
  rules: ['过号请重新取号', '叫号三次未到视为过号', '本票当日有效'],
  maskedId: '**************1234',
};

export const samplePickupSlip: PickupSlipPrintData = {
  caseNo: 'BDC20250318000123',
  matterName: '国有建设用地使用权及房屋所有权转移登记',
  applicantName: '张*明',
  maskedId: '**************1234',
  clerkName: '李*华',
  clerkNo: '0307',
  windowName: '3号窗口 综合受理',
  acceptedAt: '2025-03-18T02:15:30Z',
  timeZone: 'Asia/Shanghai',
  promisedDate: '2025-03-25',
  promisedDays: 5,
  collect: { method: '窗口领取（可选邮政免费寄递）', place: '一楼 综窗出件 18号窗口', hours: '工作日 9:00-17:00' },
  missing: { items: ['契税完税凭证复印件'], deadline: '2025-03-21' },
  pickupCode: 'QH7K2M9P',
  qrData: 'HALLQ:PICKUP:QH7K2M9P',
  lookupUrl: 'https://qhzw.example.gov.cn/m/case/BDC20250318000123',
};

export interface PrintSampleResult {
  uri: string;
  bytesWritten: number;
  /** Status before printing; unknown (null fields) for write-only transports. */
  status: PrinterStatus;
  /** The printer answered a status query sent after the bytes; a file only takes them. */
  confirmed: boolean;
}

/**
 * Print one sample ticket and one sample pickup slip. The status is read first
 * and reported, but printing goes ahead anyway: a test print is how a
 * technician checks a printer whose sensors may be lying.
 */
export async function printSample(uri: string, width: PaperWidth = 80): Promise<PrintSampleResult> {
  const transport = await openTransport(uri);
  try {
    const status = await queryStatus(transport, 500);
    const ticket = renderTicket(sampleTicket, { width, hall: sampleHall });
    const slip = renderPickupSlip(samplePickupSlip, { width, hall: sampleHall });
    await transport.write(ticket);
    await transport.write(slip);
    // A file has nothing to say: the completed write is all it can confirm.
    const confirmed = transport.canRead ? (await queryStatus(transport, 5000)).known : true;
    return { uri, bytesWritten: ticket.length + slip.length, status, confirmed };
  } finally {
    await transport.close();
  }
}
