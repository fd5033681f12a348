import type { Generated } from 'kysely';

export interface StaffTable {
  id: string;
  hall_id: string | null;
  /** A region-scoped account (a county bureau manager) sees every hall below it; null with hall_id null: system-wide. */
  region_id: Generated<string | null>;
  username: string;
  name: string;
  staff_no: string;
  role: string;
  password_hash: string;
  active: number;
  created_at: number;
}

export interface SessionTable {
  token_hash: string;
  staff_id: string;
  created_at: number;
  expires_at: number;
}

export interface DeviceTable {
  id: string;
  hall_id: string;
  kind: string;
  name: string;
  window_id: string | null;
  token_hash: string;
  /** Where its receipts print; null: the spool's file in the data folder. */
  printer_uri: string | null;
  paper_width: Generated<number>;
  created_at: number;
  /** A display's last reported sound (migration 017): voice, clips, blocked, none. */
  sound_state: Generated<string | null>;
  sound_reported_at: Generated<number | null>;
}

/** A device's one-time enrolment token, or a credential a page got for it (only hashes are kept). */
export interface DeviceCredentialTable {
  token_hash: string;
  device_id: string;
  kind: 'enrol' | 'session';
  created_at: number;
  /** When an enrolment token was traded; a used one no longer authenticates. */
  used_at: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  hall_id: string | null;
  staff_id: string | null;
  action: string;
  target: string | null;
  data: string | null;
  at: number;
}
