import crypto from 'node:crypto';
import { advisoryXactLock, type Database } from '../db/index.ts';
import { DEFAULT_RULES } from '../domain/rules.ts';
import { evenSlots } from '../domain/appointment.ts';
import type { ServiceContext } from '../services/context.ts';
import { addStaff, hashPassword } from '../services/staff.ts';
import { createDevice } from '../services/devices.ts';
import { seedDemoCounty } from './demo-county.ts';
import { DEMO_ACCOUNTS, DEMO_BUNDLES, DEMO_CATEGORIES, DEMO_HALL, DEMO_WINDOWS } from './demo-hall.ts';

const shortId = (p: string) => `${p}_${crypto.randomBytes(6).toString('base64url')}`;

/** Seeds the demo hall into an empty database. Returns false when any hall already exists. */
export async function seedDemoHall(db: Database, ctx: ServiceContext, password: string): Promise<boolean> {
  const any = await db.selectFrom('halls').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  const passwordHash = await hashPassword(password); // one hash for all demo accounts: hashing is slow on purpose
  const now = ctx.clock.now();
  const seeded = await db.transaction().execute(async (trx) => {
    // Instances starting together on one empty PostgreSQL database: one seeds, the others see its hall.
    await advisoryXactLock(trx, 'hallq:seed');
    if (await trx.selectFrom('halls').select('id').limit(1).executeTakeFirst()) return false;
    await trx
      .insertInto('halls')
      .values({
        id: DEMO_HALL.id, name: DEMO_HALL.name, time_zone: DEMO_HALL.timeZone, rules: JSON.stringify(DEFAULT_RULES),
        print_settings: JSON.stringify({
          header: ['欢迎来到' + DEMO_HALL.name],
          footer: ['咨询电话：0736-1234567', '工作日 08:30-12:00 14:30-17:30'],
          notices: ['请留意叫号屏幕和语音提示', '办事不满意，请扫窗口二维码评价'],
          rules: ['过号请重新取号', '号票当日有效'],
        }),
        event_seq: 0, created_at: now, code: 'DEMO',
      })
      .execute();
    const accounts = new Map<string, string>();
    for (const a of DEMO_ACCOUNTS) {
      const { id } = await addStaff(trx, ctx, { ...a, password, hallId: DEMO_HALL.id }, passwordHash);
      accounts.set(a.username, id);
    }
    const byPrefix = new Map<string, string>();
    const matterIds = new Map<string, string>();
    const departments = new Map<string, string>();
    let order = 0;
    for (const c of DEMO_CATEGORIES) {
      let dep = departments.get(c.department);
      if (!dep) {
        dep = shortId('dep');
        departments.set(c.department, dep);
        await trx.insertInto('departments').values({ id: dep, hall_id: DEMO_HALL.id, name: c.department }).execute();
      }
      const id = `cat_${c.prefix}`;
      byPrefix.set(c.prefix, id);
      await trx
        .insertInto('categories')
        .values({
          id, hall_id: DEMO_HALL.id, department_id: dep, prefix: c.prefix, name: c.name, daily_quota: c.dailyQuota,
          periods: '[]', avg_service_minutes: c.avgServiceMinutes, sort_order: order++, active: 1,
          appointment_slots: JSON.stringify(c.appointmentCapacity > 0 ? evenSlots('00:00', '24:00', 30, c.appointmentCapacity) : []),
        })
        .execute();
      let m = 0;
      for (const matter of c.matters) {
        const matterId = shortId('mat');
        matterIds.set(matter.name, matterId);
        await trx
          .insertInto('matters')
          .values({ id: matterId, hall_id: DEMO_HALL.id, category_id: id, name: matter.name, materials: JSON.stringify(matter.materials), promised_days: matter.promisedDays, sort_order: m++ })
          .execute();
      }
    }
    for (const w of DEMO_WINDOWS) {
      const id = `win_${w.no}`;
      await trx
        .insertInto('windows')
        .values({
          id, hall_id: DEMO_HALL.id, no: w.no, name: w.name, kind: w.kind, status: 'closed', pause_reason: null, clerk_id: null,
          a_clerk_id: w.a ? accounts.get(w.a)! : null, b_clerk_id: w.b ? accounts.get(w.b)! : null,
          current_ticket_id: null, priority_streak: 0, status_changed_at: now, printer_uri: null, paper_width: 80,
        })
        .execute();
      let rank = 1;
      for (const p of w.serves) {
        await trx.insertInto('window_categories').values({ window_id: id, category_id: byPrefix.get(p)!, rank: rank++ }).execute();
      }
    }
    for (const [i, b] of DEMO_BUNDLES.entries()) {
      await trx
        .insertInto('bundles')
        .values({ id: `bun_${i + 1}`, hall_id: DEMO_HALL.id, name: b.name, matter_ids: JSON.stringify(b.matters.map((m) => matterIds.get(m)!)), category_id: byPrefix.get(b.category)!, sort_order: i, active: 1, created_at: now })
        .execute();
    }
    await seedDemoCounty(trx, ctx, passwordHash);
    return true;
  });
  return seeded;
}

/**
 * The demo hall's self-service kiosk, whose tickets print to a file in the spool folder (no printer
 * needed). Returns its one-time enrolment token for the kiosk link: the first page to open the
 * link becomes the kiosk.
 */
export async function provisionDemoKiosk(db: Database, ctx: ServiceContext): Promise<string> {
  const { enrolToken } = await db.transaction().execute((trx) =>
    createDevice(trx, ctx, {}, { hallId: DEMO_HALL.id, kind: 'kiosk', name: '1号自助取号机' }),
  );
  return enrolToken;
}
