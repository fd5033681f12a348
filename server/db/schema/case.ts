import type { Generated } from 'kysely';

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
  /** Stage times (migration 015), ms; null until reached. 接件: the ticket's serving time, else acceptance. */
  received_at: Generated<number | null>;
  in_review_at: Generated<number | null>;
  decided_at: Generated<number | null>;
  collected_at: Generated<number | null>;
  /** 一件事: the bundle this case settles (its parts in case_parts). */
  bundle_id: Generated<string | null>;
}

/** One matter of an 一件事 case, with the department that handles it. */
export interface CasePartTable {
  case_id: string;
  seq: number;
  matter_id: string;
  department: string;
  promised_date: string;
}

/** 高效办成一件事: a named bundle of matters across departments, taken as one ticket and one case. */
export interface BundleTable {
  id: string;
  hall_id: string;
  name: string;
  /** JSON string[] of matter ids, in slip order. */
  matter_ids: string;
  /** The queue its tickets join; null: the first matter's category. */
  category_id: string | null;
  sort_order: number;
  active: number;
  created_at: number;
}
