/** 办不成事 / 投诉 (migration 014): answered within the hall's working days; times are ms since the epoch. */
export interface ComplaintTable {
  id: string;
  hall_id: string;
  /** kiosk | phone | window | callback */
  source: string;
  text: string;
  window_id: string | null;
  /** Charged to this person in the 四位一体 review. */
  staff_id: string | null;
  /** Kept whole so the hall can call back; shown only to the manager. */
  phone: string | null;
  assigned_to: string | null;
  /** open | answered */
  status: string;
  due_date: string;
  outcome: string | null;
  upheld: number;
  created_at: number;
  answered_at: number | null;
  answered_by: string | null;
}

/** 日常巡查: a manager's check at a window. */
export interface InspectionTable {
  id: string;
  hall_id: string;
  window_id: string;
  staff_id: string | null;
  inspector_id: string | null;
  /** good | minor | serious */
  result: string;
  findings: string;
  at: number;
}

/** The whole phone a citizen left when taking a ticket, for 电话回访 only. */
export interface TicketPhoneTable {
  ticket_id: string;
  hall_id: string;
  phone: string;
  created_at: number;
}

/** 电话回访: a recorded call; id is the served ticket's. */
export interface CallbackTable {
  id: string;
  hall_id: string;
  day: string;
  /** satisfied | problem | unreachable */
  outcome: string;
  note: string | null;
  complaint_id: string | null;
  called_by: string | null;
  called_at: number;
}
