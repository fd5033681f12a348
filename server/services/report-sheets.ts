import type { PeriodReport } from '../../protocol/services.ts';
import type { TodayStats } from '../../protocol/schemas.ts';
import type { Sheet, Workbook } from '../domain/sheet.ts';
import { reportFileName } from '../domain/sheet.ts';
import type { CallbackView } from './callbacks.ts';
import type { ComplaintView } from './complaints.ts';
import type { OverdueCase } from './overdue-cases.ts';
import type { ReviewParts, StaffReview, WindowReview } from './reviews.ts';

/** Each report's JSON as the sheets it downloads as, with Chinese column names. Pure. */
const book = (hallName: string, report: string, period: string, sheets: Sheet[]): Workbook => ({ fileName: reportFileName(hallName, report, period), sheets });

const FIGURES = [
  { key: 'issued', header: '取号' }, { key: 'served', header: '办结' }, { key: 'noShow', header: '过号' }, { key: 'abandoned', header: '放弃' },
  { key: 'avgWaitMinutes', header: '平均等候(分钟)' }, { key: 'p90WaitMinutes', header: '90%等候(分钟)' },
];

export function todaySheets(hallName: string, s: TodayStats): Workbook {
  return book(hallName, '今日报表', s.serviceDay, [
    {
      name: '业务类别',
      columns: [{ key: 'name', header: '业务类别' }, { key: 'issued', header: '取号' }, { key: 'waiting', header: '等候' }, { key: 'served', header: '办结' }, { key: 'noShow', header: '过号' },
        { key: 'avgWaitMinutes', header: '平均等候(分钟)' }, { key: 'p90WaitMinutes', header: '90%等候(分钟)' }, { key: 'avgServiceMinutes', header: '平均办理(分钟)' }],
      rows: s.categories.map((c) => ({ ...c })),
    },
    {
      name: '窗口',
      columns: [{ key: 'no', header: '窗口号' }, { key: 'name', header: '窗口' }, { key: 'status', header: '状态' }, { key: 'served', header: '办结' },
        { key: 'avgServiceMinutes', header: '平均办理(分钟)' }, { key: 'idleMinutes', header: '空闲(分钟)' }],
      rows: s.windows.map((w) => ({ ...w })),
    },
  ]);
}

export function periodSheets(hallName: string, r: PeriodReport): Workbook {
  return book(hallName, '月调度', `${r.from}至${r.to}`, [
    {
      name: '汇总',
      columns: [{ key: 'item', header: '项目', width: 20 }, { key: 'value', header: '数值', width: 14 }],
      rows: [
        ['取号', r.totals.issued], ['办结', r.totals.served], ['过号', r.totals.noShow], ['放弃', r.totals.abandoned],
        ['平均等候(分钟)', r.totals.avgWaitMinutes], ['90%等候(分钟)', r.totals.p90WaitMinutes],
        ['评价数', r.ratings.count], ['平均评分', r.ratings.average], ['满意率(%)', r.ratings.satisfiedPercent], ['差评', r.ratings.bad],
        ['受理办件', r.cases.accepted], ['已办结办件', r.cases.decided], ['超期办件', r.cases.overdue],
      ].map(([item, value]) => ({ item, value })),
    },
    { name: '每日', columns: [{ key: 'day', header: '日期', width: 12 }, ...FIGURES], rows: r.days.map((d) => ({ ...d })) },
    { name: '业务类别', columns: [{ key: 'name', header: '业务类别', width: 16 }, ...FIGURES], rows: r.categories.map((c) => ({ ...c })) },
  ]);
}

const PARTS = [
  { key: 'score', header: '总分' }, { key: 'satisfaction', header: '满意度得分' }, { key: 'ratings', header: '评价数' }, { key: 'satisfiedPercent', header: '好评率(%)' },
  { key: 'attendance', header: '考勤得分' }, { key: 'daysWorked', header: '出勤天数' }, { key: 'openMinutes', header: '开窗(分钟)' }, { key: 'pausedMinutes', header: '暂停(分钟)' },
  { key: 'lateOpens', header: '迟开' }, { key: 'earlyCloses', header: '早关' }, { key: 'alerts', header: '进厅不办事' }, { key: 'pauses', header: '暂停原因', width: 30 },
  { key: 'complaints', header: '投诉得分' }, { key: 'complaintCount', header: '投诉数' }, { key: 'upheld', header: '属实' }, { key: 'overdue', header: '超期答复' },
  { key: 'inspections', header: '巡查得分' }, { key: 'inspectionCount', header: '巡查次数' }, { key: 'minor', header: '一般问题' }, { key: 'serious', header: '严重问题' },
];
const partRow = (p: ReviewParts) => ({
  score: p.score, satisfaction: p.satisfaction.score, ratings: p.satisfaction.ratings, satisfiedPercent: p.satisfaction.score,
  attendance: p.attendance.score, daysWorked: p.attendance.daysWorked, openMinutes: p.attendance.openMinutes, pausedMinutes: p.attendance.pausedMinutes,
  lateOpens: p.attendance.lateOpens, earlyCloses: p.attendance.earlyCloses, alerts: p.attendance.alerts,
  pauses: Object.entries(p.attendance.pausesByReason).map(([k, v]) => `${k} ${v}分钟`).join('；'),
  complaints: p.complaints.score, complaintCount: p.complaints.count, upheld: p.complaints.upheld, overdue: p.complaints.overdue,
  inspections: p.inspections.score, inspectionCount: p.inspections.count, minor: p.inspections.minor, serious: p.inspections.serious,
});

export function reviewSheets(hallName: string, month: string, staff: StaffReview[], windows: WindowReview[]): Workbook {
  return book(hallName, '四位一体考核', month, [
    { name: '人员', columns: [{ key: 'staffNo', header: '工号' }, { key: 'name', header: '姓名' }, ...PARTS], rows: staff.map((s) => ({ staffNo: s.staffNo, name: s.name, ...partRow(s) })) },
    { name: '窗口', columns: [{ key: 'no', header: '窗口号' }, { key: 'name', header: '窗口' }, ...PARTS], rows: windows.map((w) => ({ no: w.no, name: w.name, ...partRow(w) })) },
  ]);
}

const SOURCE: Record<string, string> = { kiosk: '自助机', phone: '手机', window: '办不成事窗口', callback: '电话回访' };

export function complaintSheets(hallName: string, period: string, list: ComplaintView[]): Workbook {
  return book(hallName, '办不成事投诉', period, [{
    name: '投诉',
    columns: [{ key: 'createdAt', header: '登记时间', width: 22 }, { key: 'source', header: '来源' }, { key: 'text', header: '反映问题', width: 40 }, { key: 'windowNo', header: '窗口号' },
      { key: 'staffName', header: '涉及人员' }, { key: 'assignedName', header: '承办人' }, { key: 'phone', header: '联系电话', width: 14 }, { key: 'status', header: '状态' },
      { key: 'dueDate', header: '答复期限', width: 12 }, { key: 'overdue', header: '超期' }, { key: 'outcome', header: '处理结果', width: 40 }, { key: 'upheld', header: '是否属实' }],
    rows: list.map((c) => ({ ...c, source: SOURCE[c.source] ?? c.source, status: c.status === 'open' ? '办理中' : '已办结', overdue: c.overdue ? '是' : '否', upheld: c.upheld ? '属实' : '不属实' })),
  }]);
}

const OUTCOME: Record<string, string> = { satisfied: '满意', problem: '发现问题', unreachable: '未接通' };

export function callbackSheets(hallName: string, day: string, list: CallbackView[]): Workbook {
  return book(hallName, '电话回访', day, [{
    name: '回访',
    columns: [{ key: 'number', header: '号票' }, { key: 'windowNo', header: '窗口号' }, { key: 'staffName', header: '办理人' }, { key: 'phone', header: '电话', width: 14 },
      { key: 'servedAt', header: '办结时间', width: 22 }, { key: 'outcome', header: '回访结果' }, { key: 'note', header: '情况', width: 40 }, { key: 'calledAt', header: '回访时间', width: 22 }],
    rows: list.map((c) => ({ ...c, outcome: c.outcome ? (OUTCOME[c.outcome] ?? c.outcome) : '待回访' })),
  }]);
}

const STATUS: Record<string, string> = { accepted: '已受理', in_review: '审核中', decided: '已办结', collected: '已取件' };

export function overdueSheets(hallName: string, month: string, list: OverdueCase[]): Workbook {
  return book(hallName, '超期办件', month, [{
    name: '超期办件',
    columns: [{ key: 'caseNo', header: '办件编号', width: 20 }, { key: 'matterName', header: '事项', width: 24 }, { key: 'windowNo', header: '窗口号' }, { key: 'clerkName', header: '受理人' },
      { key: 'applicantName', header: '申请人' }, { key: 'status', header: '状态' }, { key: 'acceptedAt', header: '受理时间', width: 22 }, { key: 'promisedDate', header: '承诺日期', width: 12 }, { key: 'daysOverdue', header: '超期天数' }],
    rows: list.map((c) => ({ ...c, status: STATUS[c.status] ?? c.status })),
  }]);
}
