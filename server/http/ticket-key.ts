import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { TICKET_KEY_HEADER } from '../services/ticket-keys.ts';

/** The ticket holder's secret travels in one header on every ticket call (read, cancel, rate, receipt). */
export const TicketKeyHeader = Type.Object({
  [TICKET_KEY_HEADER]: Type.Optional(Type.String({ maxLength: 128, description: "the secret in the ticket's QR (ticket.html#key=…)" })),
});

export function ticketKey(req: FastifyRequest): string | undefined {
  const v = req.headers[TICKET_KEY_HEADER];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
