/** 进厅不办事 / 效能监察 alerts and 一件事 bundles (issue 10): schemas shared by the server and the pages. */
import { Type, type Static } from 'typebox';
import { Line } from './text.ts';

export const AlertKind = Type.Union(['idle_window', 'absent_window', 'pause_overrun', 'case_due', 'case_overdue'].map((k) => Type.Literal(k)), {
  description: 'idle_window 开窗不办事, absent_window 窗口无人（A/B岗均不在岗）, pause_overrun 暂停超时, case_due 办件临期预警, case_overdue 办件超时',
});

/** An open alert: the contract's `{id, kind, windowId?, caseNo?, since}` plus who it is charged to. */
export const HallAlert = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  windowId: Type.Optional(Type.String()),
  windowNo: Type.Optional(Type.Integer()),
  caseNo: Type.Optional(Type.String()),
  /** The clerk it is charged to (the attendance review counts it). */
  staffId: Type.Optional(Type.String()),
  staffName: Type.Optional(Type.String()),
  since: Type.String({ description: 'when the condition began, ISO 8601 in the hall zone' }),
  detail: Type.Record(Type.String(), Type.Unknown()),
});
export type HallAlert = Static<typeof HallAlert>;

/** Socket `alert:cleared` (managers): the alert's condition ended. */
export interface AlertClearedMessage {
  id: string;
  kind: string;
  windowId?: string;
  caseNo?: string;
  clearedAt: string;
}

export const Bundle = Type.Object({
  id: Type.String(),
  name: Type.String(),
  matterIds: Type.Array(Type.String()),
  /** The queue its ticket joins: issue with this categoryId and the bundleId. */
  categoryId: Type.String(),
  /** The matters with their departments, for the kiosk and the console. */
  matters: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), department: Type.String() })),
});
export type Bundle = Static<typeof Bundle>;

export const BundleBody = Type.Object(
  {
    name: Type.Optional(Line({ minLength: 1, maxLength: 30 })),
    matterIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 2, maxItems: 20, description: 'at least two matters' })),
    categoryId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type BundleBody = Static<typeof BundleBody>;

export const CasePart = Type.Object({ matterId: Type.String(), matterName: Type.String(), department: Type.String(), promisedDate: Type.String() });
export type CasePart = Static<typeof CasePart>;

/** 效能监察: a case's stage times (接件、受理、审核、办结、取件), ISO or null until reached. */
export const CaseStages = Type.Object({
  received: Type.Union([Type.String(), Type.Null()]),
  accepted: Type.String(),
  inReview: Type.Union([Type.String(), Type.Null()]),
  decided: Type.Union([Type.String(), Type.Null()]),
  collected: Type.Union([Type.String(), Type.Null()]),
});
