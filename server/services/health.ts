import { sql } from 'kysely';
import type { Database, Queryable } from '../db/index.ts';
import { inTransaction } from '../db/unit-of-work.ts';
import { isLow, type FreeSpace } from '../db/storage.ts';
import { AGENT_PRINTER, agentAddress } from './printing.ts';

/** The parts a deep health check looks at; each says what is wrong in words an operator can act on. */

export interface PartHealth {
  ok: boolean;
  problems: string[];
}

const part = (problems: string[]): PartHealth => ({ ok: problems.length === 0, problems });
const MB = 2 ** 20;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

/** States in which a printer prints: anything else (unknown included) needs a person. */
const PRINTING = new Set(['ok', 'paper_near_end']);

/** After start-up, printers and agents have this long to be checked or heard before they count as lost. */
export const SETTLE_MS = 2 * 60_000;
/** A running agent long-polls for jobs every ~25 s: silent this long, it is not running. */
export const AGENT_SILENT_MS = 2 * 60_000;

const PROBE = Symbol('health probe');

/** The database takes a write: a real UPDATE in a transaction that is then rolled back. */
export async function probeWrite(db: Database): Promise<PartHealth> {
  try {
    await inTransaction(db, async (trx) => {
      await trx.updateTable('halls').set({ event_seq: sql<number>`event_seq` }).execute();
      throw PROBE;
    });
  } catch (err) {
    if (err === PROBE) return part([]);
    const e = err as Error & { code?: string };
    return part([`database: cannot write (${e.code ? `${e.code}: ` : ''}${e.message})`]);
  }
  return part([]);
}

export function storageHealth(space: FreeSpace | null): PartHealth {
  if (!space) return part(['storage: the data folder cannot be examined']);
  return part(isLow(space) ? [`storage: only ${mb(space.freeBytes)} free of ${mb(space.totalBytes)} on the data folder's disk`] : []);
}

interface Printer {
  hallId: string;
  owner: string;
  uri: string;
}

/** Printers the server or an agent prints on; `file:` ones are files in the data folder (see storage). */
async function configuredPrinters(db: Queryable): Promise<Printer[]> {
  const devices = await db.selectFrom('devices').select(['id', 'hall_id', 'kind', 'name', 'printer_uri']).where('printer_uri', 'is not', null).execute();
  const windows = await db.selectFrom('windows').select(['id', 'hall_id', 'no', 'name', 'printer_uri']).where('printer_uri', 'is not', null).execute();
  return [
    ...devices.map((d) => ({ hallId: d.hall_id, owner: `${d.kind} "${d.name}"`, uri: d.printer_uri === AGENT_PRINTER ? agentAddress('device', d.id) : d.printer_uri! })),
    ...windows.map((w) => ({ hallId: w.hall_id, owner: `window ${w.no} "${w.name}"`, uri: w.printer_uri === AGENT_PRINTER ? agentAddress('window', w.id) : w.printer_uri! })),
  ].filter((p) => !p.uri.startsWith('file:'));
}

/** Every printer's last known state; none yet counts only once the start-up has settled. */
export async function printerHealth(db: Queryable, now: number, startedAt: number): Promise<PartHealth> {
  const printers = await configuredPrinters(db);
  const states = new Map((await db.selectFrom('printer_states').select(['printer_uri', 'state', 'checked_at']).execute()).map((s) => [s.printer_uri, s]));
  const problems: string[] = [];
  for (const p of printers) {
    const s = states.get(p.uri);
    if (!s) {
      // An agent reports its printer after printing; whether it runs at all is agentHealth's part.
      if (now - startedAt > SETTLE_MS && !p.uri.startsWith('agent:')) problems.push(`printer of ${p.owner} (hall ${p.hallId}): never checked, state unknown`);
    } else if (!PRINTING.has(s.state)) {
      problems.push(`printer of ${p.owner} (hall ${p.hallId}): ${s.state} since ${new Date(Number(s.checked_at)).toISOString()}`);
    }
  }
  return part(problems);
}

/** Every `agent:` printer needs its device agent polling: one not heard from prints nothing. */
export async function agentHealth(db: Queryable, now: number, startedAt: number, heard: ReadonlyMap<string, number>): Promise<PartHealth> {
  const agents = (await configuredPrinters(db)).filter((p) => p.uri.startsWith('agent:'));
  const problems: string[] = [];
  for (const a of agents) {
    const last = heard.get(a.uri);
    if (now - (last ?? startedAt) > AGENT_SILENT_MS) {
      problems.push(`agent of ${a.owner} (hall ${a.hallId}): not heard from ${last ? `since ${new Date(last).toISOString()}` : 'since the server started'}`);
    }
  }
  return part(problems);
}
