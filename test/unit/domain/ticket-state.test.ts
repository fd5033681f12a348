import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../server/domain/errors.ts';
import { applyAction, canApply, TICKET_STATUSES, type TicketAction, type TicketStatus } from '../../../server/domain/ticket-state.ts';

/** Every legal step of a ticket's life, written out independently of the implementation's table. */
const LEGAL: Array<[TicketStatus, TicketAction, TicketStatus]> = [
  ['waiting', 'call', 'called'],
  ['called', 'recall', 'called'],
  ['called', 'start', 'serving'],
  ['called', 'complete', 'done'],
  ['serving', 'complete', 'done'],
  ['called', 'no_show', 'no_show'],
  ['no_show', 'requeue', 'waiting'],
  ['called', 'suspend', 'suspended'],
  ['serving', 'suspend', 'suspended'],
  ['suspended', 'resume', 'serving'],
  ['called', 'transfer', 'waiting'],
  ['serving', 'transfer', 'waiting'],
  ['waiting', 'transfer', 'waiting'],
  ['suspended', 'transfer', 'waiting'],
  ['waiting', 'cancel', 'cancelled'],
  ['suspended', 'cancel', 'cancelled'],
  ['no_show', 'cancel', 'cancelled'],
  ['waiting', 'close_day', 'abandoned'],
  ['called', 'close_day', 'abandoned'],
  ['serving', 'close_day', 'abandoned'],
  ['suspended', 'close_day', 'abandoned'],
];
const ACTIONS: TicketAction[] = ['call', 'recall', 'start', 'complete', 'no_show', 'requeue', 'suspend', 'resume', 'transfer', 'cancel', 'close_day'];
const isLegal = (s: TicketStatus, a: TicketAction) => LEGAL.some(([from, act]) => from === s && act === a);
const ILLEGAL = TICKET_STATUSES.flatMap((s) => ACTIONS.filter((a) => !isLegal(s, a)).map((a) => [s, a] as [TicketStatus, TicketAction]));

describe('ticket state machine', () => {
  it.each(LEGAL)('%s --%s--> %s', (from, action, to) => {
    expect(canApply(from, action)).toBe(true);
    expect(applyAction(from, action)).toBe(to);
  });

  it('covers every status and every action', () => {
    expect(TICKET_STATUSES).toHaveLength(8);
    expect(ILLEGAL.length + LEGAL.length).toBe(8 * ACTIONS.length);
  });

  it.each(ILLEGAL)('%s --%s--> throws INVALID_STATE', (from, action) => {
    expect(canApply(from, action)).toBe(false);
    let err: unknown;
    try {
      applyAction(from, action);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ kind: 'conflict', code: 'INVALID_STATE', details: { status: from, action } });
  });

  it.each(['done', 'cancelled', 'abandoned'] as TicketStatus[])('%s is final: no action applies', (s) => {
    expect(ACTIONS.filter((a) => canApply(s, a))).toEqual([]);
  });
});
