import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig, type Config } from './config.ts';
import { prepareSqliteFolder } from './db/integrity.ts';
import { migrateToLatest, openDatabase } from './db/index.ts';
import { systemClock } from './clock.ts';
import { ROLES, type Role } from './domain/rules.ts';
import { addStaff } from './services/staff.ts';
import { UI_DIST } from './plugins/ui.ts';
import { refusedCharacter } from '../protocol/text.ts';

const USAGE = `hallq <command>

  start                         build the UI if needed, check and migrate the database, seed the demo hall
                                into a new data folder, serve (a damaged database is refused: README, Operations)
  migrate                       run the database migrations
  backup [--out <file>]         copy the SQLite database safely while it runs (default: <HALLQ_DATA>/backups/)
  copy-data --from <sqlite file> --to <postgres url>
                                move a stopped hall's SQLite database into an empty PostgreSQL one, checked by counts
  user add --username <u> --name <n> --role clerk|manager|admin [--staff-no <no>] [--hall <id> | --region <id>]
                                (password from HALLQ_NEW_PASSWORD or the prompt-free --password)
  print-test --printer <uri> [--width 58|80]
                                print a sample ticket and a sample pickup slip
  decode <file> [--width 58|80] show raw ESC/POS bytes (a file: printer's output) as text
  simulate [--days <n>] [--seed <s>]
                                fill the demo hall's records with the working days of the last n days (default 30)
                                of simulated visitors, waits and windows (the server should be stopped; days that
                                already have tickets are kept as they are)
  agent --server <url> --token <device token> [--printer <uri>|none] [--config agent.json]
        [--hid-replay file.jsonl] [--state file]
                                print this kiosk's or window's jobs on its local printer (default
                                usblp:/dev/usb/lp0) and drive its scanners, call keypad and evaluator
  hid list                      the HID devices attached, with vid:pid and usage pages
  hid record --device <vid:pid> [--out file.jsonl]
                                record a device's raw reports with times (replay with agent --hid-replay)
Environment: PORT, HOST, HALLQ_DATA, HALLQ_DEMO_PASSWORD, DATABASE_URL, HALLQ_RATE_LIMIT, HALLQ_SOCKETS_PER_ADDRESS`;

const ROOT = path.resolve(path.dirname(UI_DIST));

function uiIsStale(): boolean {
  const built = path.join(UI_DIST, 'index.html');
  if (!fs.existsSync(path.join(ROOT, 'vite.config.ts'))) return false;
  if (!fs.existsSync(built)) return true;
  const builtAt = fs.statSync(built).mtimeMs;
  const newer = (dir: string): boolean =>
    fs.existsSync(dir) &&
    fs.readdirSync(dir, { withFileTypes: true }).some((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? e.name !== 'node_modules' && newer(p) : fs.statSync(p).mtimeMs > builtAt;
    });
  return ['kiosk-ui', 'display-ui', 'staff-ui', 'protocol', 'printers'].some((d) => newer(path.join(ROOT, d)));
}

/** A command that writes to the database refuses a damaged one, as `start` does (server/db/integrity.ts). */
function checkFolder(config: Config): void {
  if (!config.databaseUrl && config.sqliteFile !== ':memory:') prepareSqliteFolder(config.dataDir, config.sqliteFile);
}

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start': {
        if (process.env.HALLQ_SKIP_BUILD !== '1' && uiIsStale()) {
          process.stdout.write('building the kiosk, display and staff pages ...\n');
          execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
        }
        const { main } = await import('./main.ts');
        await main();
        return 0;
      }
      case 'migrate': {
        const config = readConfig();
        checkFolder(config);
        const db = openDatabase(config);
        const done = await migrateToLatest(db);
        await db.destroy();
        process.stdout.write(done.length ? `applied: ${done.join(', ')}\n` : 'database is up to date\n');
        return 0;
      }
      case 'backup': {
        const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } } });
        const config = readConfig();
        if (config.databaseUrl) {
          process.stderr.write('backup copies the SQLite file; with DATABASE_URL back up PostgreSQL with pg_dump (see README)\n');
          return 2;
        }
        const out = values.out ?? path.join(config.dataDir, 'backups', `hallq-${new Date().toISOString().replace(/[:.]/g, '-')}.sqlite`);
        const { backupSqlite } = await import('./db/backup.ts');
        await backupSqlite(config.sqliteFile, out);
        const { damage } = await import('./db/integrity.ts');
        const problem = damage(out);
        if (problem) {
          process.stderr.write(`backup written to ${out}, but the copy ${problem}: the database itself needs attention (README.md, Operations)\n`);
          return 1;
        }
        process.stdout.write(`backup written: ${out}\n`);
        return 0;
      }
      case 'copy-data': {
        const { values } = parseArgs({ args: rest, options: { from: { type: 'string' }, to: { type: 'string' } } });
        if (!values.from || !values.to || !/^postgres(ql)?:\/\//.test(values.to) || !fs.existsSync(values.from)) {
          process.stderr.write('copy-data needs --from <an existing SQLite file> --to <postgres://… URL>\n');
          return 2;
        }
        const { copySqliteToPostgres } = await import('./db/copy-data.ts');
        const counts = await copySqliteToPostgres(values.from, values.to, (line) => process.stdout.write(`copied ${line}\n`));
        const wrong = counts.filter((c) => c.from !== c.to);
        for (const c of wrong) process.stderr.write(`count mismatch in ${c.table}: ${c.from} in SQLite, ${c.to} in PostgreSQL\n`);
        if (wrong.length > 0) return 1;
        process.stdout.write(`counts match in all ${counts.length} tables (${counts.reduce((n, c) => n + c.to, 0)} rows)\n`);
        return 0;
      }
      case 'simulate': {
        const { values } = parseArgs({ args: rest, options: { days: { type: 'string', default: '30' }, seed: { type: 'string', default: '1' } } });
        const days = Number(values.days);
        if (!Number.isInteger(days) || days < 1 || days > 366) {
          process.stderr.write('simulate --days takes a whole number of days from 1 to 366\n');
          return 2;
        }
        const config = readConfig();
        checkFolder(config);
        const db = openDatabase(config);
        try {
          await migrateToLatest(db);
          const { simulateMonth } = await import('./simulator/month.ts');
          return await simulateMonth(db, days, Number(values.seed), (line) => process.stdout.write(`${line}\n`));
        } finally {
          await db.destroy();
        }
      }
      case 'user': {
        const [sub, ...args] = rest;
        if (sub !== 'add') break;
        const { values } = parseArgs({
          args,
          options: { username: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, 'staff-no': { type: 'string' }, hall: { type: 'string' }, region: { type: 'string' }, password: { type: 'string' } },
        });
        const password = values.password ?? process.env.HALLQ_NEW_PASSWORD;
        if (!values.username || !values.name || !values.role || !password || !ROLES.includes(values.role as Role)) {
          process.stderr.write('user add needs --username, --name, --role clerk|manager|admin and a password (--password or HALLQ_NEW_PASSWORD)\n');
          return 2;
        }
        // The same rule as the API's (protocol/text.ts): the name prints on every pickup slip.
        const odd = (['name', 'staff-no'] as const).find((k) => values[k] !== undefined && refusedCharacter(values[k], 'line'));
        if (odd) {
          process.stderr.write(`--${odd} contains the control character ${refusedCharacter(values[odd]!, 'line')?.codePoint}\n`);
          return 2;
        }
        const config = readConfig();
        checkFolder(config);
        const db = openDatabase(config);
        await migrateToLatest(db);
        const ctx = { clock: systemClock, idHashKey: Buffer.alloc(0), publicUrl: '' };
        const { id } = await db.transaction().execute((trx) =>
          addStaff(trx, ctx, { username: values.username!, name: values.name!, role: values.role as Role, staffNo: values['staff-no'] ?? values.username!, password, hallId: values.hall ?? null, regionId: values.region ?? null }),
        );
        await db.destroy();
        process.stdout.write(`user ${values.username} added (${id})\n`);
        return 0;
      }
      case 'print-test': {
        const { values } = parseArgs({ args: rest, options: { printer: { type: 'string' }, width: { type: 'string', default: '80' } } });
        if (!values.printer || !['58', '80'].includes(values.width!)) {
          process.stderr.write('print-test needs --printer <uri> [--width 58|80]\n');
          return 2;
        }
        const { printSample } = await import('../printers/sample.ts');
        const { canPrint } = await import('../printers/status.ts');
        const r = await printSample(values.printer, Number(values.width) as 58 | 80);
        process.stdout.write(`sent ${r.bytesWritten} bytes to ${r.uri}\n`);
        if (!r.confirmed) process.stdout.write('the printer did not confirm the bytes (no status answer after them)\n');
        if (!r.status.known) process.stdout.write('printer status unknown (no answer to the status query, or this transport cannot read answers)\n');
        else if (!canPrint(r.status)) process.stdout.write(`warning: printer reports a problem: ${JSON.stringify(r.status)}\n`);
        return 0;
      }
      case 'agent':
        return (await import('../devices/cli.ts')).agentCommand(rest);
      case 'hid':
        return (await import('../devices/cli.ts')).hidCommand(rest);
      case 'decode': {
        const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { width: { type: 'string', default: '80' } } });
        if (positionals.length !== 1) {
          process.stderr.write('decode needs a file: hallq decode <file> [--width 58|80]\n');
          return 2;
        }
        const { decode, renderText } = await import('../printers/decoder.ts');
        const items = decode(new Uint8Array(fs.readFileSync(positionals[0])));
        process.stdout.write(`${renderText(items, values.width === '58' ? 32 : 48)}\n`);
        return 0;
      }
      case undefined:
      case 'help':
      case '--help':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
    }
    process.stderr.write(`unknown command: ${argv.join(' ')}\n\n${USAGE}\n`);
    return 2;
  } catch (err) {
    const e = err as Error & { code?: string };
    process.stderr.write(`hallq ${command}: ${e.code ? `${e.code}: ` : ''}${e.message}\n`);
    return 1;
  }
}
