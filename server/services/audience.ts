import type { CallMessage } from '../../protocol/events.ts';
import type { Hall, Window } from '../../protocol/schemas.ts';
import type { Actor } from './context.ts';

/**
 * Who a view is for. Staff (a clerk's window console, a manager) see ticket ids; every anonymous
 * screen (wall display, window screen, kiosk, a phone's view of the hall) names tickets by number
 * only, so nothing it shows acts as a key.
 */
export type Audience = 'staff' | 'public';

export const audienceOf = (actor: Actor, hallId: string): Audience =>
  actor.staffId && (!actor.hallId || actor.hallId === hallId) ? 'staff' : 'public';

export function windowFor(w: Window, audience: Audience): Window {
  if (audience === 'staff' || !w.currentTicket) return w;
  return { ...w, currentTicket: { number: w.currentTicket.number, status: w.currentTicket.status } };
}

export function hallFor(h: Hall, audience: Audience): Hall {
  return audience === 'staff' ? h : { ...h, windows: h.windows.map((w) => windowFor(w, audience)) };
}

export function callFor<C extends CallMessage>(c: C, audience: Audience): C {
  if (audience === 'staff') return c;
  const { ticketId: _id, ...rest } = c;
  return rest as C;
}
