import type { Ticket } from '../protocol/schemas.ts';
import { api } from '../ui-shared/api.ts';
import { keyFor } from './intent.ts';
import type { KioskPriority } from './priority.ts';

/** 取号 from the kiosk's answers: both the one-sheet form and elder mode's one-question steps send this. */
export interface TakeAnswers {
  categoryId: string;
  priority: KioskPriority | null;
  idNumber: string;
  matterId: string | null;
  /** 一件事: one ticket for all the bundle's matters (then no single matter). */
  bundleId?: string | null;
}

export function takeTicket(hallId: string, a: TakeAnswers): Promise<Ticket> {
  const body = {
    categoryId: a.categoryId,
    ...(a.priority ? { priority: a.priority } : {}),
    ...(a.idNumber ? { idNumber: a.idNumber } : {}),
    ...(a.matterId && !a.bundleId ? { matterId: a.matterId } : {}),
    ...(a.bundleId ? { bundleId: a.bundleId } : {}),
  };
  // The key follows the body: a double tap or a retry gets the same ticket.
  return api<Ticket>(`/api/halls/${encodeURIComponent(hallId)}/tickets`, { body, idempotencyKey: keyFor(body) });
}

/** 110101********1234: the number shown back, never whole on a shared screen. */
export const maskId = (id: string): string => (id ? `${id.slice(0, 3)}***********${id.slice(-4)}` : '');
