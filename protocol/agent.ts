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
