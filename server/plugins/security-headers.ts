import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

/**
 * The pages' Content-Security-Policy: only the server's own scripts (Vite emits no inline script),
 * requests and socket.io to the same origin, images of its own or `data:` (QR previews, the empty
 * favicon). Styles may be inline: Vue's static trees and echarts set `style` attributes; a style
 * cannot run code.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/** /docs (swagger-ui): the same, as swagger-ui too loads only its own scripts. */
export const DOCS_CSP = PAGE_CSP;

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
