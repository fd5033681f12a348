/** The socket.io contract (path /socket.io): one typed event map shared by server and UIs. */
import type { Hall, Ticket, Window } from './schemas.ts';

export type ClientRole = 'display' | 'window' | 'kiosk' | 'manager' | 'ticket';

export interface ConnectAuth {
  hallId: string;
  role: ClientRole;
  windowId?: string;
  ticketId?: string;
  token?: string;
}

export interface CallMessage {
  seq: number;
  ticketId: string;
  number: string;
  windowId: string;
  windowNo: number;
  windowName: string;
  categoryName: string;
  recall: boolean;
  at: string;
}

export interface QueueMessage {
  seq: number;
  categoryId: string;
  waiting: number;
}

export interface WindowMessage {
  seq: number;
  windowId: string;
  status: string;
  currentNumber: string | null;
}

export interface TicketMessage {
  seq: number;
  ticketId: string;
  status: string;
  number: string;
  windowNo: number | null;
}

export interface Snapshot {
  seq: number;
  hall: Hall;
  recentCalls: CallMessage[];
  /** role `window`: its window; role `ticket`: its ticket. */
  window?: Window;
  ticket?: Ticket;
}

export interface ServerToClientEvents {
  snapshot: (s: Snapshot) => void;
  call: (m: CallMessage) => void;
  queue: (m: QueueMessage) => void;
  window: (m: WindowMessage) => void;
  ticket: (m: TicketMessage) => void;
  error: (e: { code: string; message: string }) => void;
}

export interface ClientToServerEvents {
  resync: () => void;
}
