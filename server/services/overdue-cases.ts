import type { Queryable } from '../db/index.ts';
import { isoInZone, serviceDay } from '../domain/time.ts';
import type { ServiceContext } from './context.ts';
import { monthRange } from './complaints.ts';
import { loadHall } from './queue.ts';

/** 效能监察: the month's cases past their promised date (promised that month, not decided by now). */
export interface OverdueCase {
  caseNo: string;
  matterName: string;
  windowNo: number | null;
  clerkName: string | null;
  applicantName: string;
  status: string;
  acceptedAt: string;
  promisedDate: string;
  daysOverdue: number;
}

export async function overdueCases(db: Queryable, ctx: ServiceContext, hallId: string, month: string): Promise<OverdueCase[]> {
  const hall = await loadHall(db, hallId);
  monthRange(month, hall.timeZone); // validates the month
  const today = serviceDay(ctx.clock.now(), hall.timeZone);
  const rows = await db
    .selectFrom('cases as c')
    .innerJoin('matters as m', 'm.id', 'c.matter_id')
    .leftJoin('windows as w', 'w.id', 'c.window_id')
    .leftJoin('staff as s', 's.id', 'c.clerk_id')
    .select(['c.case_no', 'm.name as matter_name', 'w.no', 's.name as clerk_name', 'c.applicant_name', 'c.status', 'c.accepted_at', 'c.promised_date'])
    .where('c.hall_id', '=', hallId)
    .where('c.promised_date', '>=', `${month}-01`)
    .where('c.promised_date', '<=', `${month}-31`)
    .where('c.promised_date', '<', today)
    .where('c.status', 'not in', ['decided', 'collected'])
    .orderBy('c.promised_date')
    .orderBy('c.case_no')
    .execute();
  return rows.map((r) => ({
    caseNo: r.case_no, matterName: r.matter_name, windowNo: r.no ?? null, clerkName: r.clerk_name ?? null, applicantName: r.applicant_name,
    status: r.status, acceptedAt: isoInZone(Number(r.accepted_at), hall.timeZone), promisedDate: r.promised_date,
    daysOverdue: Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${r.promised_date}T00:00:00Z`)) / 86_400_000),
  }));
}
