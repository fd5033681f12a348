import type { Matter } from '../protocol/schemas.ts';
import type { AcceptCaseBody, Case } from '../protocol/services.ts';
import { newKey } from '../ui-shared/api.ts';
import { session, staffApi } from './session.ts';

/** A case (办件) as the window sees it: POST/GET /api/windows/:id/cases. */
export type CaseView = Case;

export type AcceptInput = AcceptCaseBody;

export const CASE_FLOW = ['accepted', 'in_review', 'decided', 'collected'] as const;

/** The status a case moves to next (受理 → 审核 → 办结 → 已取件), or null at the end. */
export function nextStatus(status: string): string | null {
  const i = (CASE_FLOW as readonly string[]).indexOf(status);
  return i >= 0 && i < CASE_FLOW.length - 1 ? CASE_FLOW[i + 1] : null;
}

const enc = encodeURIComponent;

export const loadMatters = (hallId: string) => staffApi<Matter[]>(`/api/halls/${enc(hallId)}/matters`, undefined, 'GET');
export const loadCases = (windowId: string) => staffApi<CaseView[]>(`/api/windows/${enc(windowId)}/cases`, undefined, 'GET');
export const acceptCase = (windowId: string, input: AcceptInput, key: string) =>
  staffApi<CaseView>(`/api/windows/${enc(windowId)}/cases`, input, 'POST', key);
export const advanceCase = (caseNo: string, status: string) => staffApi<CaseView>(`/api/cases/${enc(caseNo)}/status`, { status }, 'POST', newKey());
export const reprintSlip = (caseNo: string) => staffApi<{ caseNo: string; jobId: string }>(`/api/cases/${enc(caseNo)}/reprint`, undefined, 'POST', newKey());
export const reprintTicket = (ticketId: string) => staffApi<{ jobId: string }>(`/api/tickets/${enc(ticketId)}/reprint`, undefined, 'POST', newKey());

/** The pickup slip's ESC/POS bytes, for the preview (clerk token). */
export const slipUrl = (caseNo: string, width: 58 | 80 = 80) => `/api/cases/${enc(caseNo)}/slip?width=${width}`;
export const staffToken = () => session.value?.token ?? null;

/** YYYY-MM-DD in the hall's zone, `days` from today. */
export function dayFromToday(days: number, timeZone = 'Asia/Shanghai'): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
