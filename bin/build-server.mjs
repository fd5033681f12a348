// The server as compiled JavaScript (dist-server/, gitignored): `npx hallq` and `npm start` run it,
// so production does not compile TypeScript at run time (tsx held ~60 MB and slowed every module
// load: bench/README.md). Built on demand whenever a source is newer than the last build; tests and
// the dev scripts keep running the sources through tsx.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Node's flags for the server process, given by `npm start`, the `hallq` command's first line and
 * the bench alike. A young generation of 2 MB semi-spaces (V8's default grows to 16 MB under load):
 * the server under a steady load held about 65 MB less (bench/README.md, rss_mb) for a few
 * per cent of its issue throughput, which a hall's few tickets a second never miss.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=2'];

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = path.join(ROOT, 'dist-server');
const SOURCES = ['server', 'protocol', 'printers', 'devices', 'migrations', 'ui-shared', 'bench'];
const ENTRIES = { cli: 'server/cli.ts', 'bench-server': 'bench/server.ts' };
const STAMP = '.built-from';

/** What a build is built from: the newest source's time and the number of sources (a deleted file counts too). */
function sourcesKey() {
  let newest = 0;
  let count = 0;
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mts|json)$/.test(e.name)) {
        newest = Math.max(newest, fs.statSync(p).mtimeMs);
        count++;
      }
    }
  };
  for (const d of SOURCES) if (fs.existsSync(path.join(ROOT, d))) walk(path.join(ROOT, d));
  return `${newest}/${count}`;
}

function builtFrom() {
  try {
    return fs.readFileSync(path.join(OUT, STAMP), 'utf8');
  } catch {
    return null;
  }
}

/** Builds dist-server/ if it is missing or not built from the sources as they are; returns the path of an entry's file. */
export async function ensureBuilt(entry = 'cli') {
  const key = sourcesKey();
  if (builtFrom() !== key) {
    const { build } = await import('esbuild');
    // Into a folder of its own first: a process starting meanwhile never runs a half-written build.
    const tmp = `${OUT}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    await build({
      entryPoints: ENTRIES, outdir: tmp, bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20',
      packages: 'external', sourcemap: 'linked', logLevel: 'warning',
    });
    fs.writeFileSync(path.join(tmp, STAMP), key);
    if (builtFrom() === key) {
      // Another process built the same sources meanwhile: keep its build, which may be running.
      fs.rmSync(tmp, { recursive: true, force: true });
    } else {
      // Two renames, so the folder is missing for an instant only, never half-written.
      const old = `${OUT}.old-${process.pid}`;
      if (fs.existsSync(OUT)) fs.renameSync(OUT, old);
      try {
        fs.renameSync(tmp, OUT);
      } catch (err) {
        fs.rmSync(tmp, { recursive: true, force: true });
        if (builtFrom() !== key) throw err;
      }
      fs.rmSync(old, { recursive: true, force: true });
    }
  }
  return path.join(OUT, `${entry}.js`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${path.relative(process.cwd(), await ensureBuilt())}\n`);
}
