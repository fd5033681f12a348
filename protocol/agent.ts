/** The device agent's socket messages (role `agent`), shared by the server and devices/agent.ts. */

export const KEYPAD_ACTIONS = ['next', 'recall', 'start', 'complete', 'no_show', 'pause', 'resume'] as const;
export type KeypadAction = (typeof KEYPAD_ACTIONS)[number];

/** One press or scan, with the id the agent gave it: delivered again after a reconnect, acted on once. */
export type AgentInput =
  | { id: string; kind: 'key'; action: KeypadAction }
  | { id: string; kind: 'rate'; score: number }
  | { id: string; kind: 'scan'; code: string };

export interface InputResult {
  /** False: nothing to do (a rating key with no ticket to rate). */
  acted: boolean;
  /** The stored answer of an earlier delivery of the same press. */
  repeated?: boolean;
  number?: string | null;
  ticketId?: string;
  caseNo?: string;
}

export type InputAck = { ok: true; result: InputResult } | { ok: false; error: { code: string; message: string } };

export type HidRole = 'scanner' | 'keypad' | 'rating';

/** The agent's heartbeat: its printer and its HID devices. */
export interface AgentStatus {
  printerState?: string;
  devices: Array<{ vidPid: string; usagePage: number; role: HidRole; open: boolean }>;
}

/** To the keypad's display: the window's current number and how many wait for it. */
export interface AgentDisplay {
  windowNo: number;
  currentNumber: string | null;
  waiting: number;
}

/** Managers: one agent of the hall as the server last heard it. */
export interface AgentPresenceMessage {
  deviceId: string;
  name: string;
  kind: string;
  windowId: string | null;
  connected: boolean;
  lastHeardAt: string | null;
  printerState: string | null;
  devices: AgentStatus['devices'];
  /** Not heard for longer than the hall allows: an alert was raised. */
  silent: boolean;
}

export interface AlertMessage {
  code: 'AGENT_SILENT';
  deviceId: string;
  name: string;
  lastHeardAt: string | null;
}

/** A print job pushed to the agent over its socket (`agent:job`), or claimed over HTTP. */
export interface AgentJob {
  id: string;
  kind: string;
  /** ESC/POS bytes, base64. */
  payload: string;
  /** Which hand-out of the job this is: a job sent again without a new claim (a reconnect) keeps its number, so the agent prints it once. */
  attempt: number;
}

/** The agent's answer to one job, as `POST /api/agent/jobs/:id/result` takes it. */
export interface AgentJobResult {
  id: string;
  attempt: number;
  /** The printer confirmed after the job's bytes (DLE EOT answered). */
  ok: boolean;
  written?: boolean;
  error?: string;
  printerState?: string;
}

export type JobResultAck = { ok: true; status: string } | { ok: false; error: { code: string; message: string } };

/** What a window's scan names, for that window's clerk console to open (event `scan` to role `window`). */
export interface WindowScanMessage {
  windowId: string;
  code: string;
  caseNo?: string;
  ticketId?: string;
  number?: string;
}
