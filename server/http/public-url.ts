import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../services/context.ts';

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The base URL printed in QR codes. HALLQ_PUBLIC_URL when set; otherwise the address the kiosk or
 * console itself used to reach the server (its LAN address), which phones in the hall can open —
 * unlike `localhost`.
 */
export function ctxFor(app: FastifyInstance, req: FastifyRequest): ServiceContext {
  // A DNS name is at most 253 characters: a longer Host is not an address anyone can scan to.
  const host = req.host ?? '';
  if (app.config.publicUrl || host.length > 260 || !HOST.test(host)) return app.ctx;
  return { ...app.ctx, publicUrl: `${req.protocol}://${host}` };
}
