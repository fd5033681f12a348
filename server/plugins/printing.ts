import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_SPOOL, PrintSpool, type SpoolOptions } from '../printing/spool.ts';
import { AgentInbox } from '../printing/agent-inbox.ts';
import { spoolDirOf } from '../services/printing.ts';

declare module 'fastify' {
  interface FastifyInstance {
    spool: PrintSpool;
    agentInbox: AgentInbox;
  }
}

/** The print spool runs in the server process and wakes when a committed transaction queued a job. */
export default fp(
  async function printing(app: FastifyInstance, opts: { spool?: Partial<SpoolOptions> }) {
    const policy = { spoolDir: spoolDirOf(app.ctx) };
    const spool = new PrintSpool({ db: app.db, ctx: app.ctx, log: app.log, policy, run: (w) => app.run(w) }, { ...DEFAULT_SPOOL, ...opts.spool });
    const inbox = new AgentInbox();
    app.decorate('spool', spool);
    app.decorate('agentInbox', inbox);
    app.onCommitted((events) => {
      for (const e of events) {
        if (e.type !== 'print') continue;
        if (e.printerUri.startsWith('agent:')) inbox.notify(e.printerUri);
        else spool.kick(e.printerUri);
      }
    });
    app.addHook('onReady', async () => spool.start());
    app.addHook('preClose', async () => {
      inbox.closeAll();
      await spool.stop();
    });
  },
  { name: 'printing', dependencies: ['core'] },
);
