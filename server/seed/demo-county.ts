import type { Database, Trx } from '../db/index.ts';
import { DEFAULT_RULES } from '../domain/rules.ts';
import type { HallLevel } from '../domain/regions.ts';
import type { ServiceContext } from '../services/context.ts';
import { addStaff } from '../services/staff.ts';
import { createDevice } from '../services/devices.ts';
import { DEMO_HALL } from './demo-hall.ts';

/**
 * The demo as a small county network: 临城市 > 清河县 (the county centre is the demo hall) >
 * two towns with 便民服务中心 > three villages with 代办点. Each town or village hall has a clerk;
 * the towns have a kiosk, the villages a 代办 desk (the staff console). The county bureau
 * (行政审批服务局) manager `bureau` sees every hall of the county.
 */
export const DEMO_REGIONS = [
  { id: 'lincheng', name: '临城市', level: 'city', parentId: null },
  { id: 'qinghe', name: '清河县', level: 'county', parentId: 'lincheng' },
  { id: 'dongguan', name: '东关镇', level: 'town', parentId: 'qinghe' },
  { id: 'xiyuan', name: '西园镇', level: 'town', parentId: 'qinghe' },
  { id: 'liuzhuang', name: '柳庄村', level: 'village', parentId: 'dongguan' },
  { id: 'zhaojia', name: '赵家村', level: 'village', parentId: 'dongguan' },
  { id: 'nanwan', name: '南湾村', level: 'village', parentId: 'xiyuan' },
] as const;

export interface DemoStation {
  id: string;
  code: string;
  name: string;
  regionId: string;
  level: Exclude<HallLevel, 'county'>;
  clerk: { username: string; name: string; staffNo: string };
}

export const DEMO_STATIONS: DemoStation[] = [
  { id: 'dongguan', code: 'DG', name: '东关镇便民服务中心', regionId: 'dongguan', level: 'town', clerk: { username: 'dongguan01', name: '孙红', staffNo: 'DG101' } },
  { id: 'xiyuan', code: 'XY', name: '西园镇便民服务中心', regionId: 'xiyuan', level: 'town', clerk: { username: 'xiyuan01', name: '吴斌', staffNo: 'XY101' } },
  { id: 'liuzhuang', code: 'LZ', name: '柳庄村便民服务站', regionId: 'liuzhuang', level: 'village', clerk: { username: 'liuzhuang01', name: '柳玉兰', staffNo: 'LZ101' } },
  { id: 'zhaojia', code: 'ZJ', name: '赵家村便民服务站', regionId: 'zhaojia', level: 'village', clerk: { username: 'zhaojia01', name: '赵强', staffNo: 'ZJ101' } },
  { id: 'nanwan', code: 'NW', name: '南湾村便民服务站', regionId: 'nanwan', level: 'village', clerk: { username: 'nanwan01', name: '何小燕', staffNo: 'NW101' } },
];

export const DEMO_BUREAU = { username: 'bureau', name: '县行政审批服务局 刘局长', staffNo: 'XSP01', role: 'manager' as const, regionId: 'qinghe' };

/** 下沉事项: county matters (by name) that towns, or towns and villages, also handle. */
export const DEMO_SUNK: Array<{ name: string; levels: HallLevel[] }> = [
  { name: '城乡居民养老保险参保登记', levels: ['town', 'village'] },
  { name: '个体工商户设立登记', levels: ['town'] },
  { name: '老年人优待证办理', levels: ['town', 'village'] },
  { name: '残疾人证新办', levels: ['town', 'village'] },
];

/** Seeds the regions, the town and village halls and their accounts; the demo hall is the county centre. */
export async function seedDemoCounty(trx: Trx, ctx: ServiceContext, passwordHash: string): Promise<void> {
  const now = ctx.clock.now();
  for (const r of DEMO_REGIONS) await trx.insertInto('regions').values({ id: r.id, name: r.name, level: r.level, parent_id: r.parentId, created_at: now }).execute();
  await trx.updateTable('halls').set({ region_id: 'qinghe', level: 'county', code: 'DEMO' }).where('id', '=', DEMO_HALL.id).execute();
  for (const s of DEMO_STATIONS) {
    await trx
      .insertInto('halls')
      .values({
        id: s.id, code: s.code, name: s.name, region_id: s.regionId, level: s.level, time_zone: DEMO_HALL.timeZone, rules: JSON.stringify(DEFAULT_RULES),
        print_settings: JSON.stringify({ header: ['欢迎来到' + s.name] }), event_seq: 0, created_at: now,
      })
      .execute();
    const clerk = await addStaff(trx, ctx, { ...s.clerk, role: 'clerk', password: '', hallId: s.id }, passwordHash);
    const cat = `cat_${s.id}_A`;
    await trx
      .insertInto('categories')
      .values({ id: cat, hall_id: s.id, department_id: null, prefix: 'A', name: s.level === 'town' ? '综合业务' : '代办服务', daily_quota: null, periods: '[]', avg_service_minutes: 8, sort_order: 0, active: 1, appointment_slots: '[]' })
      .execute();
    await trx
      .insertInto('windows')
      .values({
        id: `win_${s.id}_1`, hall_id: s.id, no: 1, name: s.level === 'town' ? '综合受理窗口' : '代办窗口', kind: s.level === 'town' ? 'comprehensive' : 'assist', status: 'closed',
        pause_reason: null, clerk_id: null, a_clerk_id: clerk.id, b_clerk_id: null, current_ticket_id: null, priority_streak: 0, status_changed_at: now, printer_uri: null, paper_width: 80,
      })
      .execute();
    await trx.insertInto('window_categories').values({ window_id: `win_${s.id}_1`, category_id: cat, rank: 1 }).execute();
  }
  await addStaff(trx, ctx, { ...DEMO_BUREAU, password: '', hallId: null }, passwordHash);
  for (const m of DEMO_SUNK) {
    await trx.updateTable('matters').set({ offered_levels: JSON.stringify(m.levels) }).where('hall_id', '=', DEMO_HALL.id).where('name', '=', m.name).execute();
  }
}

/** The town centres' kiosks (villages work at the 代办 desk); tokens are shown once, like any device token. */
export async function provisionTownKiosks(db: Database, ctx: ServiceContext): Promise<Array<{ hallId: string; token: string }>> {
  const out: Array<{ hallId: string; token: string }> = [];
  for (const s of DEMO_STATIONS.filter((x) => x.level === 'town')) {
    const { token } = await db.transaction().execute((trx) => createDevice(trx, ctx, {}, { hallId: s.id, kind: 'kiosk', name: `${s.name}自助机` }));
    out.push({ hallId: s.id, token });
  }
  return out;
}

