#!/usr/bin/env node
// `npx hallq <command>`: runs the TypeScript sources through tsx, so there is no separate compile step.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../server/cli.ts');
process.exitCode = await run(process.argv.slice(2));
