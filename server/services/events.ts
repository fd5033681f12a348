import type { DisplaySoundMessage } from '../../protocol/voice.ts';
import type { AlertClearedMessage, HallAlert } from '../../protocol/oversight.ts';
import type { WindowScanMessage } from '../../protocol/agent.ts';
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

/** A scan at a window named a case or a ticket: that window's clerk console opens it (no hall seq: one window's). */
export type WindowScanEvent = { type: 'scan'; hallId: string } & WindowScanMessage;

/** 进厅不办事 / 效能监察: an alert raised or cleared; for the hall's managers only. */
export type AlertEvent = { type: 'alert'; hallId: string; alert: HallAlert };
export type AlertClearedEvent = { type: 'alert_cleared'; hallId: string; cleared: AlertClearedMessage };

/** A display reported its sound: for the hall's managers (no hall seq). */
export type DisplaySoundEvent = { type: 'display_sound'; hallId: string } & DisplaySoundMessage;

export type DomainEvent =
  | CallEvent | QueueEvent | WindowEvent | TicketEvent | PrintEvent | PrinterEvent | AlertEvent | AlertClearedEvent | WindowScanEvent | WebhookEvent | DisplaySoundEvent;
export type Sequenced<E extends DomainEvent = DomainEvent> = E & { seq: number };

export interface Outcome<T> {
  result: T;
  events: DomainEvent[];
}

export const outcome = <T>(result: T, events: DomainEvent[] = []): Outcome<T> => ({ result, events });

/** Events every display, window, kiosk and manager of the hall receives, numbered by the hall's seq. */
export const isHallWide = (e: DomainEvent): boolean => e.type === 'call' || e.type === 'queue' || e.type === 'window' || e.type === 'printer';
