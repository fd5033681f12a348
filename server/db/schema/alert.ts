/** Oversight alerts (migration 013): open while `cleared_at` is null; times are ms since the epoch. */
export type AlertKind = 'idle_window' | 'absent_window' | 'pause_overrun' | 'case_due' | 'case_overdue';

export interface HallAlertTable {
  id: string;
  hall_id: string;
  kind: AlertKind;
  window_id: string | null;
  staff_id: string | null;
  case_id: string | null;
  case_no: string | null;
  detail: string;
  since: number;
  cleared_at: number | null;
}
