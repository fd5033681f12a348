import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const UI_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist');

/** Serves the built kiosk, display and staff pages (one Vite multi-page build in dist/). */
export default fp(
  async function ui(app: FastifyInstance) {
    if (!fs.existsSync(path.join(UI_DIST, 'index.html'))) {
      app.log.warn('no built UI in dist/: run `npm run build` (npm start does it for you)');
      app.get('/', async () => ({ name: 'hallq', docs: '/docs', health: '/api/health' }));
      return;
    }
    await app.register(fastifyStatic, { root: UI_DIST, index: ['index.html'], redirect: true, wildcard: true });
  },
  { name: 'ui' },
);
