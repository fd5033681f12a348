#!/usr/bin/env -S node --max-semi-space-size=2
// `npx hallq <command>`: runs the server compiled to JavaScript (bin/build-server.mjs, built on
// demand when a source changed). HALLQ_FROM_SOURCE=1 runs the TypeScript sources through tsx
// instead (development), as does a package folder that cannot be written to build in.
import { pathToFileURL } from 'node:url';
import { ensureBuilt } from './build-server.mjs';

let entry = null;
if (process.env.HALLQ_FROM_SOURCE !== '1') {
  try {
    entry = pathToFileURL(await ensureBuilt()).href;
  } catch (err) {
    if (err?.code !== 'EACCES' && err?.code !== 'EROFS' && err?.code !== 'EPERM') throw err;
    process.stderr.write(`hallq: cannot build dist-server/ (${err.code}); running the sources through tsx\n`);
  }
}
if (!entry) {
  const { register } = await import('tsx/esm/api');
  register();
}
const { run } = await import(entry ?? '../server/cli.ts');
process.exitCode = await run(process.argv.slice(2));
