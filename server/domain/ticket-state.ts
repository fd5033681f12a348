import { conflict } from './errors.ts';

/**
 * The ticket's life as a pure state machine.
 * waiting → called (重呼 keeps it called) → serving → done;
 * called/serving → suspended (挂起) → serving again at the same window;
 * called → no_show (过号) → waiting again (过号重排);
 * called/serving → waiting (转窗/转移: transferred, keeping its arrival time);
 * waiting → cancelled; any open state → abandoned at day end (弃号).
 */
export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'suspended', 'done', 'no_show', 'cancelled', 'abandoned'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export type TicketAction =
  | 'call'
  | 'recall'
  | 'start'
  | 'complete'
  | 'no_show'
  | 'requeue'
  | 'suspend'
  | 'resume'
  | 'transfer'
  | 'cancel'
  | 'close_day';

const TRANSITIONS: Record<TicketAction, { from: readonly TicketStatus[]; to: TicketStatus }> = {
  call: { from: ['waiting'], to: 'called' },
  recall: { from: ['called'], to: 'called' },
  start: { from: ['called'], to: 'serving' },
  // A keypad's "next" completes whatever the window holds, called or serving.
  complete: { from: ['called', 'serving'], to: 'done' },
  no_show: { from: ['called'], to: 'no_show' },
  requeue: { from: ['no_show'], to: 'waiting' },
  suspend: { from: ['called', 'serving'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'serving' },
  transfer: { from: ['called', 'serving', 'waiting', 'suspended'], to: 'waiting' },
  cancel: { from: ['waiting', 'suspended', 'no_show'], to: 'cancelled' },
  close_day: { from: ['waiting', 'called', 'serving', 'suspended'], to: 'abandoned' },
};

export function canApply(status: TicketStatus, action: TicketAction): boolean {
  return TRANSITIONS[action].from.includes(status);
}

/** The next status, or 409 INVALID_STATE. */
export function applyAction(status: TicketStatus, action: TicketAction): TicketStatus {
  if (!canApply(status, action)) {
    throw conflict('INVALID_STATE', `号票当前状态为 ${status}，不能执行 ${action}`, { status, action });
  }
  return TRANSITIONS[action].to;
}

export const OPEN_STATUSES: readonly TicketStatus[] = ['waiting', 'called', 'serving', 'suspended'];
/** States in which a ticket holds a window's attention. */
export const AT_WINDOW: readonly TicketStatus[] = ['called', 'serving'];
