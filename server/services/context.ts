import type { Clock } from '../clock.ts';

/** What every service may need besides the transaction: time and the key for ID-number hashes. */
export interface ServiceContext {
  clock: Clock;
  /** HMAC key: ID numbers are kept only as a keyed hash plus their last 4 characters. */
  idHashKey: Buffer;
  /** Base URL for links printed on tickets (the mobile ticket page). */
  publicUrl: string;
  /** Where receipts go when a kiosk or window has no printer configured (file: printers). */
  spoolDir?: string;
}

/** Who is acting: a staff member, a device, or an anonymous citizen. */
export interface Actor {
  staffId?: string;
  role?: 'clerk' | 'manager' | 'admin';
  deviceId?: string;
  deviceKind?: string;
  deviceWindowId?: string | null;
  hallId?: string | null;
  /** Staff scoped to a region (a county bureau): every hall below it. */
  regionId?: string | null;
}
