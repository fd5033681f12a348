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

export type DomainEvent = CallEvent | QueueEvent | WindowEvent | TicketEvent;
export type Sequenced<E extends DomainEvent = DomainEvent> = E & { seq: number };

export interface Outcome<T> {
  result: T;
  events: DomainEvent[];
}

export const outcome = <T>(result: T, events: DomainEvent[] = []): Outcome<T> => ({ result, events });
