/** 预约: a booked slot of a category on a day; checked in at the kiosk, it becomes a ticket. */
export interface AppointmentTable {
  id: string;
  hall_id: string;
  category_id: string;
  day: string;
  slot_start: string;
  slot_end: string;
  code: string;
  id_hash: string | null;
  id_last4: string | null;
  phone_last4: string | null;
  /** booked | checked_in | cancelled (no_show is read from the clock, not stored) */
  status: string;
  ticket_id: string | null;
  created_at: number;
  checked_in_at: number | null;
}
