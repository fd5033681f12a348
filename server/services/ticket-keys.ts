import crypto from 'node:crypto';
import type { Queryable, Trx } from '../db/index.ts';
import { forbidden } from '../domain/errors.ts';
import type { Actor } from './context.ts';
import { sha256 } from './staff.ts';

/**
 * The public ticket id is not a key. Whoever holds the paper ticket holds its secret (printed in
 * the QR, returned once to whoever issued it); the server keeps only its sha256, like device
 * tokens. Staff of the hall act on tickets by id with their own credential.
 */

/** 144 random bits, URL-safe: too many to guess at any request rate. */
export const newTicketKey = (): string => crypto.randomBytes(18).toString('base64url');

export const ticketKeyHash = (key: string): string => sha256(key);

/** The header that carries it on every ticket call (a header, so it never lands in an access log). */
export const TICKET_KEY_HEADER = 'x-ticket-key';

interface Keyed {
  hall_id: string;
  key_hash: string | null;
}

/** Constant-time: a wrong key takes as long as a right one. A ticket from before keys existed has none. */
export function holdsKey(t: Keyed, key: string | undefined): boolean {
  if (!t.key_hash || typeof key !== 'string' || key.length === 0 || key.length > 128) return false;
  const given = Buffer.from(ticketKeyHash(key), 'hex');
  const kept = Buffer.from(t.key_hash, 'hex');
  return given.length === kept.length && crypto.timingSafeEqual(given, kept);
}

export const isHallStaff = (actor: Actor, hallId: string): boolean => !!actor.staffId && (!actor.hallId || actor.hallId === hallId);

export function keyRefused(key: string | undefined) {
  return key
    ? forbidden('TICKET_KEY_INVALID', '号票凭证不符：请扫描号票上的二维码')
    : forbidden('TICKET_KEY_REQUIRED', '请扫描号票上的二维码查看这张号票');
}

/** Reading a ticket: its holder, staff of its hall, or a device of its hall (a kiosk showing the ticket it found by ID number). */
export function assertMayView(t: Keyed, actor: Actor, key: string | undefined): void {
  if (holdsKey(t, key) || isHallStaff(actor, t.hall_id) || (!!actor.deviceId && actor.hallId === t.hall_id)) return;
  throw keyRefused(key);
}

/** Giving up the place (取消): its holder, or staff of its hall. */
export function assertMayCancel(t: Keyed, actor: Actor, key: string | undefined): void {
  if (holdsKey(t, key) || isHallStaff(actor, t.hall_id)) return;
  throw keyRefused(key);
}

/** 补打 prints a new secret: the reprint is the ticket the citizen now holds, the lost copy's QR stops working. */
export async function rotateTicketKey(trx: Trx, ticketId: string): Promise<string> {
  const key = newTicketKey();
  await trx.updateTable('tickets').set({ key_hash: ticketKeyHash(key) }).where('id', '=', ticketId).execute();
  return key;
}

/** Loads what the checks above need. */
export async function keyedTicket(db: Queryable, ticketId: string): Promise<Keyed | undefined> {
  return db.selectFrom('tickets').select(['hall_id', 'key_hash']).where('id', '=', ticketId).executeTakeFirst();
}
