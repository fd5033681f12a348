/**
 * Domain events: what services return alongside their result. They carry no `seq` yet: the
 * unit of work numbers them hall-wide inside the transaction, and the realtime publisher
 * emits them only after it commits.
 */
export interface CallEvent {
  type: 'call';
  hallId: string;
  ticketId: string;
  number: string;
  windowId: string;
  windowNo: number;
  windowName: string;
  categoryName: string;
  recall: boolean;
  at: string;
}

export interface QueueEvent {
  type: 'queue';
  hallId: string;
  categoryId: string;
  waiting: number;
}

export interface WindowEvent {
  type: 'window';
  hallId: string;
  windowId: string;
  status: string;
  currentNumber: string | null;
}

/** For the citizen's phone (role `ticket`): only its own ticket's changes. */
export interface TicketEvent {
  type: 'ticket';
  hallId: string;
  ticketId: string;
  status: string;
  number: string;
  windowNo: number | null;
}

/** A print job was queued: wakes the spool once the transaction commits. */
export interface PrintEvent {
  type: 'print';
  hallId: string;
  jobId: string;
  printerUri: string;
}

/** A printer's state changed (paper out, back online ...): kiosks and managers show it. */
export interface PrinterEvent {
  type: 'printer';
  hallId: string;
  printerUri: string;
  deviceId: string | null;
  deviceName: string | null;
  windowId: string | null;
  state: string;
}

export type DomainEvent = CallEvent | QueueEvent | WindowEvent | TicketEvent | PrintEvent | PrinterEvent;
export type Sequenced<E extends DomainEvent = DomainEvent> = E & { seq: number };

export interface Outcome<T> {
  result: T;
  events: DomainEvent[];
}

export const outcome = <T>(result: T, events: DomainEvent[] = []): Outcome<T> => ({ result, events });

/** Events every display, window, kiosk and manager of the hall receives, numbered by the hall's seq. */
export const isHallWide = (e: DomainEvent): boolean => e.type === 'call' || e.type === 'queue' || e.type === 'window' || e.type === 'printer';
