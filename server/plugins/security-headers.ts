import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

/**
 * The pages' Content-Security-Policy: only the server's own scripts and style sheets (Vite emits no
 * inline script or style), requests and socket.io to the same origin, images of its own or `data:`
 * (QR previews, the empty favicon). `style` attributes stay allowed: Vue writes them into static
 * trees it renders as HTML, and an attribute cannot load or run anything.
 */
const BASE = {
  'default-src': "'self'",
  'script-src': "'self'",
  'script-src-attr': "'none'",
  'style-src': "'self'",
  'style-src-attr': "'unsafe-inline'",
  'img-src': "'self' data:",
  'font-src': "'self' data:",
  'connect-src': "'self'",
  'media-src': "'self' data: blob:",
  'object-src': "'none'",
  'base-uri': "'self'",
  'form-action': "'self'",
  'frame-ancestors': "'self'",
};
const policy = (p: Record<string, string>) => Object.entries(p).map(([k, v]) => `${k} ${v}`).join('; ');

export const PAGE_CSP = policy(BASE);
/** /docs: swagger-ui also loads only its own scripts, but adds `<style>` elements as it renders. */
export const DOCS_CSP = policy({ ...BASE, 'style-src': "'self' 'unsafe-inline'" });

/** Headers on every answer: pages and JSON alike are not sniffed, framed by other sites, or leak their URLs. */
export default fp(
  async function securityHeaders(app: FastifyInstance) {
    app.addHook('onSend', async (req, reply) => {
      reply.header('x-content-type-options', 'nosniff');
      reply.header('x-frame-options', 'SAMEORIGIN');
      // Page URLs carry ticket ids and enrolment tokens: never sent on to another site.
      reply.header('referrer-policy', 'no-referrer');
      reply.header('content-security-policy', req.url.startsWith('/docs') ? DOCS_CSP : PAGE_CSP);
    });
  },
  { name: 'security-headers' },
);
