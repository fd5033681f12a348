/**
 * The public contract as TypeBox schemas: the server validates and documents with them
 * (OpenAPI at /docs), and the UIs import their static types.
 */
import { Type, type Static } from 'typebox';
import { Line } from './text.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  },
);

export const Priority = Type.Union(
  [Type.Literal('elderly'), Type.Literal('disabled'), Type.Literal('pregnant'), Type.Literal('military'), Type.Literal('green')],
  { description: 'elderly 老年人, disabled 残疾人, pregnant 孕妇, military 军人依法优先, green 绿色通道' },
);

export const TicketStatus = Type.Union(
  ['waiting', 'called', 'serving', 'suspended', 'done', 'no_show', 'cancelled', 'abandoned'].map((s) => Type.Literal(s)),
);

export const Ticket = Type.Object({
  id: Type.String(),
  number: Type.String({ description: 'category prefix + sequence, e.g. A001' }),
  categoryId: Type.String(),
  categoryName: Type.String(),
  hallId: Type.String(),
  status: Type.String(),
  priority: Nullable(Type.String()),
  serviceDay: Type.String(),
  issuedAt: Type.String({ format: 'date-time' }),
  waitingAhead: Type.Integer(),
  estimatedWaitMinutes: Type.Integer(),
  windowId: Nullable(Type.String()),
  windowNo: Nullable(Type.Integer()),
  windowName: Nullable(Type.String()),
  calledAt: Nullable(Type.String()),
  maskedId: Nullable(Type.String()),
  matterId: Nullable(Type.String()),
  /** 一件事: the bundle the ticket was taken for. */
  bundleId: Type.Optional(Type.String()),
  /** Set when the ticket was taken at a kiosk: the job printing it on that kiosk's printer. */
  printJobId: Type.Optional(Type.String()),
  key: Type.Optional(Type.String({ description: "The ticket's secret, returned only to whoever issued (or reprinted) it and printed in its QR; send it as X-Ticket-Key to read, cancel or rate the ticket" })),
});
export type Ticket = Static<typeof Ticket>;

export const Window = Type.Object({
  id: Type.String(),
  hallId: Type.String(),
  no: Type.Integer(),
  name: Type.String(),
  kind: Type.String({ description: 'comprehensive 综窗, dedicated 专窗, pickup 出件, assist 帮办代办' }),
  status: Type.String({ description: 'open, paused or closed' }),
  pauseReason: Nullable(Type.String()),
  categoryIds: Type.Array(Type.String(), { description: 'in order of preference' }),
  clerk: Nullable(Type.Object({ id: Type.String(), name: Type.String(), staffNo: Type.String() })),
  /** AB角: the window's regular (A) and backup (B) clerk. */
  aClerkId: Nullable(Type.String()),
  bClerkId: Nullable(Type.String()),
  /** `id` only for staff: anonymous screens name tickets by number. */
  currentTicket: Nullable(Type.Object({ id: Type.Optional(Type.String()), number: Type.String(), status: Type.String() })),
  currentNumber: Nullable(Type.String()),
});
export type Window = Static<typeof Window>;

export const IssuingPeriod = Type.Object({
  name: Type.String(),
  start: Type.String(),
  end: Type.String(),
  quota: Type.Optional(Nullable(Type.Integer())),
});

/** A name in the other languages the pages speak; absent: the Chinese name (繁體 converted from it). */
export const Names = Type.Object({ 'zh-TW': Type.Optional(Type.String()), en: Type.Optional(Type.String()) });

export const Category = Type.Object({
  id: Type.String(),
  prefix: Type.String(),
  name: Type.String(),
  waiting: Type.Integer(),
  dailyQuota: Nullable(Type.Integer()),
  issuedToday: Type.Integer(),
  periods: Type.Array(IssuingPeriod),
  /** Numbers taken today in each of `periods` (same order), against each period's quota. */
  issuedByPeriod: Type.Optional(Type.Array(Type.Integer())),
  avgServiceMinutes: Type.Number(),
  /** The wait a number taken now would have, in minutes: the kiosk tile shows it before the tap. */
  estimatedWaitMinutes: Type.Optional(Type.Integer()),
  names: Type.Optional(Names),
});
export type Category = Static<typeof Category>;

/** The hall's rules that the pages explain to citizens (booking window, check-in times, recalls). */
export const HallRules = Type.Object({
  maxConsecutivePriority: Type.Integer(),
  requeueAfter: Type.Integer(),
  maxRecalls: Type.Integer(),
  requeueWithinMinutes: Type.Integer(),
  badRatingFollowUpDays: Type.Integer(),
  checkInEarlyMinutes: Type.Integer(),
  appointmentGraceMinutes: Type.Integer(),
  bookingDaysAhead: Type.Integer(),
});

export const Hall = Type.Object({
  id: Type.String(),
  name: Type.String(),
  timeZone: Type.String(),
  serviceDay: Type.String(),
  rules: HallRules,
  categories: Type.Array(Category),
  windows: Type.Array(Window),
});
export type Hall = Static<typeof Hall>;

export const Matter = Type.Object({
  id: Type.String(),
  categoryId: Type.String(),
  name: Type.String(),
  materials: Type.Array(Type.String()),
  promisedDays: Type.Integer(),
  /** The hall that keeps the matter (another one for 下沉事项 sent down from the county). */
  hallId: Type.Optional(Type.String()),
  /** 下沉事项: the levels (town, village) and halls below that also handle it. */
  offeredLevels: Type.Optional(Type.Array(Type.String())),
  offeredHalls: Type.Optional(Type.Array(Type.String())),
  names: Type.Optional(Names),
});
export type Matter = Static<typeof Matter>;

export const IssueTicketBody = Type.Object(
  {
    categoryId: Type.String({ minLength: 1, maxLength: 64 }),
    priority: Type.Optional(Priority),
    appointmentCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    pickupCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: '综窗出件: the pickup slip code; the case must be decided' })),
    idNumber: Type.Optional(Type.String({ pattern: '^\\s*[0-9]{17}[0-9Xx]\\s*$', description: '18-digit resident ID; kept only as a keyed hash and its last 4 characters' })),
    phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9][0-9 -]{5,19}$', description: '11-digit mobile or a landline with area code (0531-12345678); else 400 INVALID_PHONE' })),
    matterId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    bundleId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: '一件事: one ticket for the bundle; categoryId must be the bundle categoryId (GET /api/halls/:hallId/bundles)' })),
  },
  { additionalProperties: false },
);
export type IssueTicketBody = Static<typeof IssueTicketBody>;

export const CallResult = Type.Object({ ticket: Nullable(Ticket) });

export const TransferBody = Type.Object(
  { categoryId: Type.Optional(Type.String({ minLength: 1 })), windowId: Type.Optional(Type.String({ minLength: 1 })) },
  { additionalProperties: false },
);

export const PauseBody = Type.Object({ reason: Type.Optional(Line({ maxLength: 100 })) }, { additionalProperties: false });

export const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

export const LoginResult = Type.Object({
  token: Type.String(),
  expiresAt: Type.String(),
  user: Type.Object({ id: Type.String(), name: Type.String(), role: Type.String(), staffNo: Type.String(), hallId: Nullable(Type.String()), regionId: Type.Optional(Nullable(Type.String())) }),
});
export type LoginResult = Static<typeof LoginResult>;

export const CategoryStats = Type.Object({
  categoryId: Type.String(),
  name: Type.String(),
  issued: Type.Integer(),
  waiting: Type.Integer(),
  served: Type.Integer(),
  noShow: Type.Integer(),
  avgWaitMinutes: Nullable(Type.Number()),
  p90WaitMinutes: Nullable(Type.Number()),
  avgServiceMinutes: Nullable(Type.Number()),
});

export const WindowStats = Type.Object({
  windowId: Type.String(),
  no: Type.Integer(),
  name: Type.String(),
  status: Type.String(),
  served: Type.Integer(),
  avgServiceMinutes: Nullable(Type.Number()),
  idleMinutes: Type.Integer(),
});

export const TodayStats = Type.Object({
  hallId: Type.String(),
  serviceDay: Type.String(),
  categories: Type.Array(CategoryStats),
  windows: Type.Array(WindowStats),
});
export type TodayStats = Static<typeof TodayStats>;

/** 窗口配置建议: windows each category needs per hour today (Erlang C), beside those open now. */
export const StaffingAdvice = Type.Object({
  hallId: Type.String(),
  serviceDay: Type.String(),
  targetMinutes: Type.Integer(),
  usualDays: Type.Integer(),
  categories: Type.Array(
    Type.Object({
      categoryId: Type.String(),
      name: Type.String(),
      serviceMinutes: Type.Number(),
      openWindows: Type.Integer(),
      hours: Type.Array(Type.Object({ hour: Type.Integer(), arrivals: Type.Number(), forecast: Type.Boolean(), windows: Type.Integer() })),
    }),
  ),
});
export type StaffingAdvice = Static<typeof StaffingAdvice>;

export const DeviceBody = Type.Object(
  {
    kind: Type.Union(['kiosk', 'display', 'agent', 'keypad', 'evaluator'].map((k) => Type.Literal(k))),
    name: Line({ minLength: 1, maxLength: 64 }),
    hallId: Type.Optional(Type.String({ minLength: 1 })),
    windowId: Type.Optional(Type.String({ minLength: 1 })),
    printerUri: Type.Optional(Line({ minLength: 1, maxLength: 256, description: 'file:<path>, tcp://host:9100, usblp:/dev/usb/lp0, usb:<vid>:<pid>' })),
    paperWidth: Type.Optional(Type.Union([Type.Literal(58), Type.Literal(80)])),
  },
  { additionalProperties: false },
);

/** `token`: the device's credential (agents, API callers); `enrolToken`: one-time, for the page's `?deviceToken=` link. */
export const DeviceCreated = Type.Object({ id: Type.String(), token: Type.String(), enrolToken: Type.String(), kind: Type.String(), name: Type.String(), windowId: Nullable(Type.String()) });
export const DeviceEnrolBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false });
export const DeviceEnrolled = Type.Object({ token: Type.String(), deviceId: Type.String(), kind: Type.String(), name: Type.String() });
