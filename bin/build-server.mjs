// The server as compiled JavaScript (dist-server/, gitignored): `npx hallq` and `npm start` run it,
// so production does not compile TypeScript at run time (tsx held ~60 MB and slowed every module
// load: bench/README.md). Built on demand whenever a source is newer than the last build; tests and
// the dev scripts keep running the sources through tsx.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = path.join(ROOT, 'dist-server');
const SOURCES = ['server', 'protocol', 'printers', 'devices', 'migrations', 'ui-shared', 'bench'];
const ENTRIES = { cli: 'server/cli.ts', 'bench-server': 'bench/server.ts' };
const STAMP = '.built-from';

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mts|json)$/.test(e.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const d of SOURCES) if (fs.existsSync(path.join(ROOT, d))) walk(path.join(ROOT, d));
  return newest;
}

function builtFrom() {
  try {
    return Number(fs.readFileSync(path.join(OUT, STAMP), 'utf8'));
  } catch {
    return -1;
  }
}

/** Builds dist-server/ if it is missing or older than a source; returns the path of an entry's file. */
export async function ensureBuilt(entry = 'cli') {
  const newest = newestSource();
  if (builtFrom() < newest) {
    const { build } = await import('esbuild');
    // Into a folder of its own first: a process starting meanwhile never runs a half-written build.
    const tmp = `${OUT}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    await build({
      entryPoints: ENTRIES, outdir: tmp, bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20',
      packages: 'external', sourcemap: 'linked', logLevel: 'warning',
    });
    fs.writeFileSync(path.join(tmp, STAMP), String(newest));
    fs.rmSync(OUT, { recursive: true, force: true });
    try {
      fs.renameSync(tmp, OUT);
    } catch (err) {
      // Another process built at the same moment and renamed first: its build is as good.
      fs.rmSync(tmp, { recursive: true, force: true });
      if (builtFrom() < newest) throw err;
    }
  }
  return path.join(OUT, `${entry}.js`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${path.relative(process.cwd(), await ensureBuilt())}\n`);
}
