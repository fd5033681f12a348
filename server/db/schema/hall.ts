import type { Generated } from 'kysely';


export interface HallTable {
  id: string;
  name: string;
  time_zone: string;
  /** JSON: HallRules (interleave, re-queue distance, recall maximum ...). */
  rules: string;
  /** JSON: print settings (header, footer, notices). */
  print_settings: string;
  /** Hall-wide event sequence; every committed realtime event takes the next value. */
  event_seq: number;
  created_at: number;
  /** JSON WorkCalendar: holidays and 调休 workdays for 承诺时限. */
  calendar: Generated<string>;
  region_id: string | null;
  /** county, town or village (县级中心、乡镇便民服务中心、村级代办点). */
  level: Generated<string>;
  /** Short code (DEMO): case and proxy numbers start with it, so they are unique across halls. */
  code: string | null;
  /** JSON VoiceSettings (migration 017): volume, repeat, chime, prefer recorded clips. */
  voice: Generated<string>;
}

export interface DepartmentTable {
  id: string;
  hall_id: string;
  name: string;
}

export interface CategoryTable {
  id: string;
  hall_id: string;
  department_id: string | null;
  prefix: string;
  name: string;
  daily_quota: number | null;
  /** JSON: IssuingPeriod[]; empty means all day. */
  periods: string;
  avg_service_minutes: number;
  sort_order: number;
  active: number;
  /** JSON AppointmentSlot[]: bookable slots, the same every day. */
  appointment_slots: Generated<string>;
  /** The name in 繁體 and in English (migration 016); null: the Chinese name (繁體 converted from it). */
  name_zh_tw: string | null;
  name_en: string | null;
}

export interface MatterTable {
  id: string;
  hall_id: string;
  category_id: string;
  name: string;
  /** JSON: string[] (一次性告知 materials to bring). */
  materials: string;
  promised_days: number;
  sort_order: number;
  /** 下沉事项, JSON string[]: hall levels below the owning hall that also offer this matter. */
  offered_levels: Generated<string>;
  /** JSON string[]: single halls below that also offer it. */
  offered_halls: Generated<string>;
  /** The name in 繁體 and in English (migration 016); null: the Chinese name (繁體 converted from it). */
  name_zh_tw: string | null;
  name_en: string | null;
}

export interface WindowTable {
  id: string;
  hall_id: string;
  no: number;
  name: string;
  kind: string;
  status: string;
  pause_reason: string | null;
  clerk_id: string | null;
  /** AB角: the window's regular (A) and backup (B) clerks. */
  a_clerk_id: string | null;
  b_clerk_id: string | null;
  current_ticket_id: string | null;
  /** Consecutive priority calls, for the interleave rule. */
  priority_streak: number;
  status_changed_at: number;
  /** The window's slip printer; null: the spool's file in the data folder. */
  printer_uri: string | null;
  paper_width: Generated<number>;
}

export interface WindowCategoryTable {
  window_id: string;
  category_id: string;
  /** Order of preference: 1 first. */
  rank: number;
}
