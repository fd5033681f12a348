/**
 * DTOs of the hall's services beyond the queue: printing, cases (办件), ratings (好差评),
 * appointments (预约). The server validates and documents with these schemas; the pages import
 * their static types.
 */
import { Type, type Static } from 'typebox';
import { Line } from './text.ts';
import { CasePart, CaseStages } from './oversight.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const PrintJob = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'ticket or pickup_slip' }),
  ticketId: Nullable(Type.String()),
  caseId: Nullable(Type.String()),
  printerUri: Type.String(),
  deviceId: Nullable(Type.String()),
  deviceName: Nullable(Type.String()),
  windowId: Nullable(Type.String()),
  status: Type.String({ description: 'pending, sent, done or failed' }),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  createdAt: Type.Number({ description: 'ms since the epoch' }),
});
export type PrintJob = Static<typeof PrintJob>;

export const DeviceSelf = Type.Object({
  id: Type.String(),
  hallId: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  windowId: Nullable(Type.String()),
  paperWidth: Type.Integer(),
  printer: Nullable(Type.Object({ uri: Type.String(), state: Type.String(), checkedAt: Nullable(Type.Number()) })),
});
export type DeviceSelf = Static<typeof DeviceSelf>;

export const Case = Type.Object({
  id: Type.String(),
  caseNo: Type.String(),
  matterId: Type.String(),
  matterName: Type.String(),
  status: Type.String({ description: 'accepted, in_review, decided or collected' }),
  acceptedAt: Type.String(),
  promisedDate: Type.String(),
  overdue: Type.Boolean(),
  pickupCode: Type.String(),
  missing: Type.Array(Type.String()),
  missingDeadline: Nullable(Type.String()),
  printJobId: Type.Optional(Type.String()),
  /** 效能监察: when it reached each stage. */
  stages: Type.Optional(CaseStages),
  /** 一件事: the bundle, and one part per matter with its department. */
  bundleId: Type.Optional(Type.String()),
  bundleName: Type.Optional(Type.String()),
  parts: Type.Optional(Type.Array(CasePart)),
});
export type Case = Static<typeof Case>;

/** 受理: what the clerk enters; `missing` items make it 容缺受理 with a deadline to supply them. */
export const AcceptCaseBody = Type.Object(
  {
    matterId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    bundleId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: '一件事: one case with a part per matter of the bundle (instead of matterId); defaults to the current ticket\'s bundle' })),
    applicantName: Type.Optional(Line({ minLength: 1, maxLength: 50 })),
    idNumber: Type.Optional(Type.String({ pattern: '^\\s*[0-9]{17}[0-9Xx]\\s*$' })),
    missing: Type.Optional(Type.Array(Line({ minLength: 1, maxLength: 100 }), { maxItems: 20, description: '容缺受理: items to supply later' })),
    missingDeadline: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  },
  { additionalProperties: false },
);
export type AcceptCaseBody = Static<typeof AcceptCaseBody>;

export const Rating = Type.Object({
  id: Type.String(),
  ticketNumber: Type.String(),
  score: Type.Integer(),
  label: Type.String(),
  tags: Type.Array(Type.String()),
  comment: Nullable(Type.String()),
  windowNo: Nullable(Type.Integer()),
  staffName: Nullable(Type.String()),
  createdAt: Type.String(),
  followUp: Type.Object({ status: Type.String(), due: Nullable(Type.String()), overdue: Type.Boolean(), result: Nullable(Type.String()) }),
});
export type Rating = Static<typeof Rating>;

export const Appointment = Type.Object({
  id: Type.String(),
  code: Type.String(),
  categoryId: Type.String(),
  categoryName: Type.String(),
  date: Type.String(),
  slotStart: Type.String(),
  slotEnd: Type.String(),
  status: Type.String({ description: 'booked, checked_in, cancelled or no_show' }),
  ticketId: Nullable(Type.String()),
});
export type Appointment = Static<typeof Appointment>;

export const DeviceInfo = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'kiosk, display, agent, keypad or evaluator' }),
  name: Type.String(),
  windowId: Nullable(Type.String()),
  printerUri: Nullable(Type.String()),
  paperWidth: Type.Integer(),
  printerState: Nullable(Type.String()),
  createdAt: Type.Number(),
});
export type DeviceInfo = Static<typeof DeviceInfo>;

export const WindowPrinter = Type.Object({
  windowId: Type.String(),
  no: Type.Integer(),
  name: Type.String(),
  printerUri: Nullable(Type.String()),
  paperWidth: Type.Integer(),
  printerState: Nullable(Type.String()),
});
export type WindowPrinter = Static<typeof WindowPrinter>;

export const StaffInfo = Type.Object({
  id: Type.String(),
  username: Type.String(),
  name: Type.String(),
  staffNo: Type.String(),
  role: Type.String({ description: 'clerk, manager or admin' }),
  active: Type.Boolean(),
});
export type StaffInfo = Static<typeof StaffInfo>;

const TicketFigures = {
  issued: Type.Integer(),
  served: Type.Integer(),
  noShow: Type.Integer(),
  abandoned: Type.Integer(),
  avgWaitMinutes: Nullable(Type.Number()),
  p90WaitMinutes: Nullable(Type.Number()),
};

/** 月调度、季通报: a period's figures for the hall manager. */
export const PeriodReport = Type.Object({
  hallId: Type.String(),
  from: Type.String(),
  to: Type.String(),
  totals: Type.Object(TicketFigures),
  days: Type.Array(Type.Object({ day: Type.String(), ...TicketFigures })),
  categories: Type.Array(Type.Object({ categoryId: Type.String(), name: Type.String(), ...TicketFigures })),
  ratings: Type.Object({ count: Type.Integer(), average: Nullable(Type.Number()), satisfiedPercent: Nullable(Type.Number()), bad: Type.Integer() }),
  cases: Type.Object({ accepted: Type.Integer(), decided: Type.Integer(), overdue: Type.Integer() }),
  /** 高效办成一件事 办件量: each bundle's cases (one 件 each, whatever its number of parts); the 调度会 compares halls by it. */
  bundles: Type.Array(Type.Object({ bundleId: Type.String(), name: Type.String(), accepted: Type.Integer(), decided: Type.Integer(), parts: Type.Integer() })),
});
export type PeriodReport = Static<typeof PeriodReport>;
