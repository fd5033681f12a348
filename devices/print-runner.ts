import fs from 'node:fs';
import type { AgentJob, AgentJobResult } from '../protocol/agent.ts';

type Report = Omit<AgentJobResult, 'id' | 'attempt'>;
/** Sends one result to the server: true once it answered (yes or no), false when it could not be reached. */
export type ResultSender = (r: AgentJobResult) => Promise<boolean>;

interface State {
  /** The job whose bytes may be on their way to the printer now. */
  printing: { id: string; attempt: number } | null;
  /** Results not yet answered by the server, oldest first. */
  results: AgentJobResult[];
  /** The last jobs printed (id#attempt), so one handed over twice (socket and poll, a resend) prints once. */
  recent: string[];
}

const RECENT = 200;
const keyOf = (j: { id: string; attempt: number }) => `${j.id}#${j.attempt}`;

/**
 * The agent's print jobs, from the socket or the long poll alike: each (id, attempt) printed once,
 * one at a time in the order received, and its result kept on disk until the server answered it.
 * So a result whose answer was lost (the link dropped, the agent killed) is sent again on the next
 * connection instead of the job printing again; a job the agent was killed in the middle of is
 * reported "not confirmed, bytes may have gone" (the server prints it again marked 补打, the
 * printing rule: done only after the printer answered).
 */
export class PrintRunner {
  private state: State = { printing: null, results: [], recent: [] };
  private queue: AgentJob[] = [];
  private running = false;
  private flushing: Promise<void> | null = null;
  private again = false;
  /** Jobs printed in this process (tests and the log). */
  readonly printed: Array<{ job: AgentJob; report: Report }> = [];

  constructor(
    private readonly print: (job: AgentJob) => Promise<Report>,
    private readonly sendResult: () => ResultSender,
    private readonly log: (m: string) => void,
    private readonly stateFile?: string,
  ) {
    if (stateFile && fs.existsSync(stateFile)) {
      try {
        this.state = { printing: null, results: [], recent: [], ...(JSON.parse(fs.readFileSync(stateFile, 'utf8')) as Partial<State>) };
      } catch {
        this.state = { printing: null, results: [], recent: [] };
      }
    }
    if (this.state.printing) {
      const p = this.state.printing;
      this.state.results.push({ ...p, ok: false, written: true, error: 'INTERRUPTED: the agent stopped while printing', printerState: 'unknown' });
      this.state.recent.push(keyOf(p));
      this.state.printing = null;
      this.save();
    }
  }

  /** A job handed over (pushed or claimed): printed unless this (id, attempt) is known already. */
  offer(job: AgentJob): void {
    const key = keyOf(job);
    const known = this.state.recent.includes(key)
      || this.queue.some((j) => keyOf(j) === key)
      || (this.state.printing !== null && keyOf(this.state.printing) === key);
    if (known) {
      // Its result may still be waiting for the server: sending it again settles the job.
      void this.flush();
      return;
    }
    this.queue.push(job);
    void this.run();
  }

  pendingResults(): number {
    return this.state.results.length;
  }

  /** Sends the kept results, oldest first; stops at the first the server could not be reached for. */
  flush(): Promise<void> {
    // A flush asked for while one runs makes it go round once more: that one may be past the newest result.
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      try {
        do {
          this.again = false;
          await this.sendKept();
        } while (this.again);
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  private async sendKept(): Promise<void> {
    while (this.state.results.length > 0) {
      const r = this.state.results[0];
      if (!(await this.sendResult()(r).catch(() => false))) return;
      this.state.results.shift();
      this.save();
    }
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let job = this.queue.shift(); job; job = this.queue.shift()) {
        this.state.printing = { id: job.id, attempt: job.attempt };
        this.save();
        const report = await this.print(job);
        this.state.printing = null;
        this.state.results.push({ id: job.id, attempt: job.attempt, ...report });
        this.state.recent = [...this.state.recent, keyOf(job)].slice(-RECENT);
        this.save();
        this.printed.push({ job, report });
        this.log(`${job.kind} ${job.id}: ${report.ok ? 'printed' : `not printed (${report.error})`}`);
        await this.flush();
      }
    } finally {
      this.running = false;
    }
  }

  private save(): void {
    if (!this.stateFile) return;
    const tmp = `${this.stateFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.state));
    fs.renameSync(tmp, this.stateFile);
  }
}
