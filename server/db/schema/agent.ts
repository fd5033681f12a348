/** Device agents' presence (migration 019): times are ms since the epoch; `devices` is JSON text. */
export interface AgentPresenceTable {
  device_id: string;
  hall_id: string;
  name: string;
  kind: string;
  window_id: string | null;
  /** The socket holding the agent now (any instance); null: not connected. */
  conn_id: string | null;
  last_heard_at: number;
  printer_state: string | null;
  devices: string;
  /** Set by the silence check when it raised the alert; cleared when the agent is heard again. */
  silent_since: number | null;
}
