import type { CallMessage, PrinterMessage, QueueMessage, TicketMessage, WindowMessage } from '../../protocol/events.ts';

/**
 * Domain events: what services return alongside their result. They carry no `seq` yet: the
 * unit of work numbers them hall-wide inside the transaction, and the realtime publisher
 * emits them only after it commits. Each is the socket message of protocol/events.ts without its seq.
 */
type Unsequenced<M> = Omit<M, 'seq'>;

export type CallEvent = { type: 'call'; hallId: string; ticketId: string } & Unsequenced<CallMessage>;
export type QueueEvent = { type: 'queue'; hallId: string } & Unsequenced<QueueMessage>;
export type WindowEvent = { type: 'window'; hallId: string } & Unsequenced<WindowMessage>;
/** For the citizen's phone (role `ticket`): only its own ticket's changes. */
export type TicketEvent = { type: 'ticket'; hallId: string } & Unsequenced<TicketMessage>;
/** A printer's state changed (paper out, back online ...): kiosks and managers show it. */
export type PrinterEvent = { type: 'printer'; hallId: string } & Unsequenced<PrinterMessage>;

/** A print job was queued: wakes the spool once the transaction commits. */
export interface PrintEvent {
  type: 'print';
  hallId: string;
  jobId: string;
  printerUri: string;
}

/** Webhook deliveries were queued in the outbox: wakes the dispatcher once the transaction commits. */
export interface WebhookEvent {
  type: 'webhook';
  hallId: string;
}

export type DomainEvent = CallEvent | QueueEvent | WindowEvent | TicketEvent | PrintEvent | PrinterEvent | WebhookEvent;
export type Sequenced<E extends DomainEvent = DomainEvent> = E & { seq: number };

export interface Outcome<T> {
  result: T;
  events: DomainEvent[];
}

export const outcome = <T>(result: T, events: DomainEvent[] = []): Outcome<T> => ({ result, events });

/** Events every display, window, kiosk and manager of the hall receives, numbered by the hall's seq. */
export const isHallWide = (e: DomainEvent): boolean => e.type === 'call' || e.type === 'queue' || e.type === 'window' || e.type === 'printer';
