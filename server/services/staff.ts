import crypto from 'node:crypto';
import { promisify } from 'node:util';
import * as argon2 from '@node-rs/argon2';
import type { Database, Trx } from '../db/index.ts';
import { inTransaction } from '../db/unit-of-work.ts';
import { conflict, invalid, notFound, unauthorized } from '../domain/errors.ts';
import type { Role } from '../domain/rules.ts';
import type { Actor, ServiceContext } from './context.ts';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;
export const SESSION_HOURS = 12;

/**
 * Argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane): as strong as scrypt N=2^17 at a seventh of
 * its memory (128 MiB a login would let a burst of logins exhaust a small hall server).
 */
export const PASSWORD_HASHING = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
const ARGON2ID = 2; // Algorithm.Argon2id: an ambient const enum, not importable under isolatedModules

export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, PASSWORD_HASHING);
}

/** Older hashes (scrypt N=16384, argon2 below today's costs) still verify, and say so. */
export async function verifyPassword(password: string, stored: string): Promise<{ ok: boolean; outdated: boolean }> {
  if (stored.startsWith('scrypt$')) return { ok: await verifyScrypt(password, stored), outdated: true };
  if (!stored.startsWith('$argon2')) return { ok: false, outdated: true };
  let ok: boolean;
  try {
    ok = await argon2.verify(stored, password);
  } catch {
    return { ok: false, outdated: true }; // a malformed hash in the database never logs anyone in
  }
  const o = argon2.parseOptions(stored);
  const outdated = o.algorithm !== ARGON2ID || o.memoryCost < PASSWORD_HASHING.memoryCost || o.timeCost < PASSWORD_HASHING.timeCost;
  return { ok, outdated };
}

/** The hashes before argon2id: `scrypt$N$r$p$salt$key`. Only verified, never written any more. */
async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [, n, r, p, salt, hash] = stored.split('$');
  if (!salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return crypto.timingSafeEqual(key, expected);
}

export const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

// Compared against when the user does not exist, so a wrong username costs as long as a wrong
// password: a hash of a random password at today's costs, made once.
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword(crypto.randomBytes(16).toString('base64')));

export interface LoginResult {
  token: string;
  expiresAt: number;
  user: { id: string; name: string; role: Role; staffNo: string; hallId: string | null; regionId: string | null };
}

/**
 * Password check runs outside any transaction: hashing is slow and must not hold the database. A
 * hash made at older costs is replaced by one at today's on this successful login (the only moment
 * the password is known).
 */
export async function login(db: Database, ctx: ServiceContext, username: string, password: string): Promise<LoginResult> {
  const fallback = await dummy();
  const user = await db.selectFrom('staff').selectAll().where('username', '=', username).where('active', '=', 1).executeTakeFirst();
  const check = await verifyPassword(password, user?.password_hash ?? fallback);
  if (!user || !check.ok) throw unauthorized('BAD_CREDENTIALS', '用户名或密码错误');
  const rehashed = check.outdated ? await hashPassword(password) : null;
  const token = crypto.randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  const expiresAt = now + SESSION_HOURS * 3600_000;
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom('sessions').where('expires_at', '<', now).execute();
    await trx.insertInto('sessions').values({ token_hash: sha256(token), staff_id: user.id, created_at: now, expires_at: expiresAt }).execute();
    await trx.insertInto('audit_log').values({ hall_id: user.hall_id, staff_id: user.id, action: 'staff.login', target: user.id, data: null, at: now }).execute();
    // Only if unchanged since it was read: a password changed meanwhile is not overwritten.
    if (rehashed) await trx.updateTable('staff').set({ password_hash: rehashed }).where('id', '=', user.id).where('password_hash', '=', user.password_hash).execute();
  });
  return { token, expiresAt, user: { id: user.id, name: user.name, role: user.role as Role, staffNo: user.staff_no, hallId: user.hall_id, regionId: user.region_id } };
}

export async function authenticateStaff(db: Database, ctx: ServiceContext, token: string): Promise<Actor | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('staff', 'staff.id', 'sessions.staff_id')
    .select(['staff.id', 'staff.role', 'staff.hall_id', 'staff.region_id', 'sessions.expires_at'])
    .where('sessions.token_hash', '=', sha256(token))
    .where('staff.active', '=', 1)
    .executeTakeFirst();
  if (!row || Number(row.expires_at) <= ctx.clock.now()) return null;
  return { staffId: row.id, role: row.role as Role, hallId: row.hall_id, regionId: row.region_id };
}

export async function logout(db: Database, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute();
}

export interface NewStaff {
  username: string;
  name: string;
  staffNo: string;
  role: Role;
  password: string;
  hallId: string | null;
  /** A region-scoped account (no hall): sees every hall below the region. */
  regionId?: string | null;
}

export async function addStaff(trx: Trx, ctx: ServiceContext, s: NewStaff, passwordHash?: string): Promise<{ id: string }> {
  if (!/^[A-Za-z0-9_.-]{2,32}$/.test(s.username)) throw invalid('BAD_USERNAME', '用户名须为2-32位字母、数字或 _ . -');
  if (s.password.length < 8 && !passwordHash) throw invalid('WEAK_PASSWORD', '密码至少8位');
  const exists = await trx.selectFrom('staff').select('id').where('username', '=', s.username).executeTakeFirst();
  if (exists) throw conflict('USERNAME_TAKEN', `用户名 ${s.username} 已存在`);
  if (s.hallId && s.regionId) throw invalid('HALL_OR_REGION', '工作人员属于一个大厅或一个区域，不能同时属于两者');
  if (s.regionId && !(await trx.selectFrom('regions').select('id').where('id', '=', s.regionId).executeTakeFirst())) throw notFound('REGION_NOT_FOUND', `没有这个区域：${s.regionId}`);
  const id = crypto.randomUUID();
  await trx
    .insertInto('staff')
    .values({
      id, hall_id: s.hallId, region_id: s.regionId ?? null, username: s.username, name: s.name, staff_no: s.staffNo, role: s.role,
      password_hash: passwordHash ?? (await hashPassword(s.password)), active: 1, created_at: ctx.clock.now(),
    })
    .execute();
  return { id };
}

/** A person changes their own password; their other sessions end (a stolen token stops working). */
export async function changePassword(db: Database, ctx: ServiceContext, actor: Actor, token: string, oldPassword: string, newPassword: string): Promise<void> {
  if (!actor.staffId) throw unauthorized('LOGIN_REQUIRED', '请先登录');
  const user = await db.selectFrom('staff').select(['id', 'password_hash', 'hall_id']).where('id', '=', actor.staffId).executeTakeFirstOrThrow();
  // 400, not 401: the caller is signed in (a 401 would end the page's session).
  if (!(await verifyPassword(oldPassword, user.password_hash)).ok) throw invalid('WRONG_PASSWORD', '原密码不正确');
  if (newPassword.length < 8) throw invalid('WEAK_PASSWORD', '密码至少8位');
  if (newPassword === oldPassword) throw invalid('SAME_PASSWORD', '新密码不能与原密码相同');
  const hash = await hashPassword(newPassword);
  const now = ctx.clock.now();
  await inTransaction(db, async (trx) => {
    await trx.updateTable('staff').set({ password_hash: hash }).where('id', '=', user.id).execute();
    await trx.deleteFrom('sessions').where('staff_id', '=', user.id).where('token_hash', '!=', sha256(token)).execute();
    await trx.insertInto('audit_log').values({ hall_id: user.hall_id, staff_id: user.id, action: 'staff.password', target: user.id, data: null, at: now }).execute();
  });
}
