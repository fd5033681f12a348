import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PrintRunner } from '../../devices/print-runner.ts';
import type { AgentJob, AgentJobResult } from '../../protocol/agent.ts';
import { tempDataDir } from '../helpers/server.ts';
import { until } from '../helpers/wait.ts';

const job = (id: string, attempt = 1): AgentJob => ({ id, kind: 'ticket', attempt, payload: Buffer.from('x').toString('base64') });

describe('the agent prints each hand-out of a job once and keeps its result until the server answers', () => {
  it('the same (id, attempt) offered by the socket and the poll prints once; a new attempt (a retry) prints again', async () => {
    const printed: string[] = [];
    const sent: AgentJobResult[] = [];
    const r = new PrintRunner(async (j) => (printed.push(`${j.id}#${j.attempt}`), { ok: true, printerState: 'ok' }), () => async (x) => (sent.push(x), true), () => {});
    r.offer(job('a'));
    r.offer(job('a'));
    await until(() => sent.length === 1);
    r.offer(job('a'));
    r.offer(job('a', 2));
    await until(() => sent.length === 2);
    expect(printed).toEqual(['a#1', 'a#2']);
  });

  it('killed while printing: the restarted agent reports that job unconfirmed (bytes may have gone), and does not print it itself', async () => {
    const file = path.join(tempDataDir('hallq-runner-'), 'pending.json.print');
    fs.writeFileSync(file, JSON.stringify({ printing: { id: 'j1', attempt: 3 }, results: [], recent: [] }));
    const printed: string[] = [];
    const sent: AgentJobResult[] = [];
    let reachable = false;
    const r = new PrintRunner(async (j) => (printed.push(j.id), { ok: true }), () => async (x) => (reachable ? (sent.push(x), true) : false), () => {}, file);
    expect(r.pendingResults()).toBe(1);
    await r.flush();
    expect(r.pendingResults()).toBe(1); // the server not reachable: kept
    r.offer(job('j1', 3)); // the server hands the same attempt over again before it heard
    reachable = true;
    await r.flush();
    expect(sent).toEqual([{ id: 'j1', attempt: 3, ok: false, written: true, error: 'INTERRUPTED: the agent stopped while printing', printerState: 'unknown' }]);
    expect(printed).toEqual([]);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ printing: null, results: [] });
  });
});
