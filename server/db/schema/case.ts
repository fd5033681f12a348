/** 办件: a matter accepted at a window, with the pickup slip's promise. */
export interface CaseTable {
  id: string;
  case_no: string;
  hall_id: string;
  matter_id: string;
  ticket_id: string | null;
  window_id: string;
  clerk_id: string | null;
  /** Masked already (张*明): the full name is not kept. */
  applicant_name: string;
  id_hash: string | null;
  id_last4: string | null;
  /** JSON string[]: 容缺受理 items to supply later. */
  missing: string;
  missing_deadline: string | null;
  /** accepted → in_review → decided → collected */
  status: string;
  accepted_at: number;
  promised_date: string;
  pickup_code: string;
  updated_at: number;
}
