/** 好差评: one rating per served ticket; the rater stays anonymous (no ID, no phone here). */
export interface RatingTable {
  id: string;
  hall_id: string;
  ticket_id: string;
  window_id: string | null;
  staff_id: string | null;
  /** 5 非常满意 … 1 非常不满意 */
  score: number;
  /** JSON string[] */
  tags: string;
  comment: string | null;
  created_at: number;
  /** none (good ratings) | open | closed: 差评 must be followed up (回访、整改). */
  follow_up_status: string;
  follow_up_due: string | null;
  follow_up_result: string | null;
  follow_up_by: string | null;
  followed_up_at: number | null;
}
