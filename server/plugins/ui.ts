import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * The package's folder, found upwards from this module: the same from the sources (server/plugins/)
 * and from the compiled bundle (dist-server/, bin/build-server.mjs).
 */
function packageRoot(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'bin', 'hallq.mjs'))) return dir;
    if (path.dirname(dir) === dir) throw new Error('hallq: package folder not found');
  }
}

export const UI_DIST = path.join(packageRoot(), 'dist');

/**
 * Addresses people can type (and short QR codes): each serves its page as is, so the address stays
 * what was typed; the pages read the id from the path. The built paths (/kiosk-ui/…) keep working.
 * A ticket's secret stays in the fragment (/t/<id>#key=…), which never reaches the server.
 */
export const SHORT_PAGES: ReadonlyArray<readonly [route: string, page: string]> = [
  ['/kiosk', 'kiosk-ui/index.html'],
  ['/display', 'display-ui/index.html'],
  ['/display/window/:windowId', 'display-ui/window.html'],
  ['/staff', 'staff-ui/index.html'],
  ['/t/:ticketId', 'kiosk-ui/ticket.html'],
  ['/c/:caseNo', 'kiosk-ui/case.html'],
];

/** Serves the built kiosk, display and staff pages (one Vite multi-page build in dist/). */
export default fp(
  async function ui(app: FastifyInstance) {
    if (!fs.existsSync(path.join(UI_DIST, 'index.html'))) {
      app.log.warn('no built UI in dist/: run `npm run build` (npm start does it for you)');
      app.get('/', async () => ({ name: 'hallq', docs: '/docs', health: '/api/health' }));
      return;
    }
    await app.register(fastifyStatic, { root: UI_DIST, index: ['index.html'], redirect: true, wildcard: true });
    for (const [route, page] of SHORT_PAGES) {
      for (const url of [route, `${route}/`]) app.get(url, { schema: { hide: true } }, (_req, reply) => reply.header('cache-control', 'no-cache').sendFile(page));
    }
  },
  { name: 'ui' },
);
