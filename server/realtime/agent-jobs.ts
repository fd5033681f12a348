import type { FastifyInstance } from 'fastify';
import type { Socket } from 'socket.io';
import type { AgentJob, JobResultAck } from '../../protocol/agent.ts';
import { SocketJobResult } from '../../protocol/agent-schemas.ts';
import { DomainError } from '../domain/errors.ts';
import { compileStrict } from '../http/validation.ts';
import { agentPrinterAt, agentQueue, claimJobs, heldJobs, nextDue, reportJob } from '../services/agent-jobs.ts';
import type { Actor } from '../services/context.ts';

const validResult = compileStrict(SocketJobResult);
/** How long one pushed job waits for the agent's "received" before the pusher moves on (it stays `sent`, resent at the next ready). */
const RECEIVED_MS = 5000;

/**
 * Print jobs over the agent's socket: once the agent says `agent:ready` (after it has sent the
 * results it kept), the jobs it already holds are sent again and its due jobs are claimed and
 * pushed, one `agent:job` each, acknowledged on receipt; results come back as `agent:job-result`.
 * Claiming is the same service as the HTTP long poll (SKIP LOCKED, 补打 on a copy that may have
 * printed), so an agent that falls back to polling or comes back on another instance is served
 * from the same rows. A job is done only when the agent reports the printer's confirmation.
 */
export class JobPusher {
  private running: Promise<void> | null = null;
  private again = false;
  private ready = false;
  private resend = false;
  private timer: NodeJS.Timeout | undefined;
  readonly queue: string;

  constructor(private readonly app: FastifyInstance, private readonly socket: Socket, private readonly actor: Actor) {
    this.queue = agentQueue(actor);
  }

  /** The agent asked for jobs (on every connect): what it holds goes again, then what is due. */
  start(): void {
    this.ready = true;
    this.resend = true;
    this.kick();
  }

  /** A job for this queue committed (here or on another instance), or a retry fell due. */
  kick(): void {
    if (!this.ready || !this.socket.connected) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.drain()
      .catch((err) => this.app.log.warn({ err, queue: this.queue }, 'agent job push failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        } else void this.schedule();
      });
  }

  stop(): void {
    this.ready = false;
    clearTimeout(this.timer);
  }

  /** An `agent:job-result`: the HTTP report's rules, and the printer state it saw for kiosks and managers. */
  async result(raw: unknown): Promise<JobResultAck> {
    if (!validResult(raw)) return { ok: false, error: { code: 'VALIDATION', message: validResult.errors?.[0]?.message ?? 'bad job result' } };
    const { id, attempt: _a, ...report } = raw as { id: string; attempt: number; ok: boolean; written?: boolean; error?: string; printerState?: string };
    try {
      const r = await this.app.run((trx) => reportJob(trx, this.app.ctx, this.actor, id, report, this.app.spool.opts));
      if (report.printerState) await this.app.spool.record(agentPrinterAt(this.actor), report.printerState, null, report.error);
      // A job not printed may be due again soon (its backoff), or the next one is waiting.
      this.kick();
      return { ok: true, status: r.status };
    } catch (err) {
      if (!(err instanceof DomainError)) this.app.log.error({ err }, 'agent job result failed');
      return { ok: false, error: err instanceof DomainError ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: 'result not recorded' } };
    }
  }

  private async drain(): Promise<void> {
    if (this.resend) {
      this.resend = false;
      await this.push(await this.app.run((trx) => heldJobs(trx, this.actor)));
    }
    while (this.socket.connected && this.ready) {
      const jobs = await this.app.run((trx) => claimJobs(trx, this.app.ctx, this.actor, this.app.spool.opts));
      if (jobs.length === 0) return;
      await this.push(jobs);
    }
  }

  private async push(jobs: AgentJob[]): Promise<void> {
    for (const job of jobs) {
      if (!this.socket.connected) return;
      // No receipt (the link dropped): the job stays `sent` and is resent when the agent is ready again.
      await this.socket.timeout(RECEIVED_MS).emitWithAck('agent:job', job).catch(() => undefined);
    }
  }

  /** Wakes when the queue's next retry falls due, as the long poll does. */
  private async schedule(): Promise<void> {
    if (!this.ready || !this.socket.connected) return;
    const due = await nextDue(this.app.db, this.actor).catch(() => null);
    if (due === null || this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.kick(), Math.max(0, due - this.app.ctx.clock.now()) + 5);
    this.timer.unref();
  }
}
