import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import { CallResult, PauseBody, Ticket, TransferBody, Window } from '../../protocol/schemas.ts';
import type { Trx } from '../db/index.ts';
import { requireStaffOrDevice } from '../plugins/auth.ts';
import type { Actor, ServiceContext } from '../services/context.ts';
import type { Outcome } from '../services/events.ts';
import * as calls from '../services/windows.ts';
import * as status from '../services/window-status.ts';
import { loadWindow, windowView } from '../services/window-view.ts';
import { audienceOf, windowFor } from '../services/audience.ts';
import { errors } from './errors.ts';
import { idempotent } from './idempotency.ts';

const Params = Type.Object({ windowId: Type.String({ minLength: 1, maxLength: 64 }) });
const TicketRef = Type.Object({ ticketId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

type Service<B, T> = (trx: Trx, ctx: ServiceContext, actor: Actor, windowId: string, body: B) => Promise<Outcome<T>>;

const windows: FastifyPluginAsyncTypebox = async (app) => {
  /** Every window action: staff or the window's own device, idempotent, one transaction, thin. */
  function action<B, T>(path: string, summary: string, response: TSchema, service: Service<B, T>, body?: TSchema, emptyWhenNoTicket = false) {
    app.post(`/api/windows/:windowId/${path}`, {
      config: { scope: { window: 'params.windowId' } },
      preHandler: requireStaffOrDevice,
      // A keypad posts no body: treat it as {} where the body is optional.
      preValidation: async (req) => {
        if (body && req.body === undefined && !(body as { required?: string[] }).required?.length) req.body = {};
      },
      schema: {
        tags: ['window'],
        summary,
        params: Params,
        ...(body ? { body } : {}),
        response: { 200: response, ...(emptyWhenNoTicket ? { 204: Type.Null() } : {}), ...errors(400, 401, 403, 404, 409) },
      },
    }, async (req, reply) => {
      const { windowId } = req.params as { windowId: string };
      const result = await idempotent(app, req, reply, 200, (trx) => service(trx, app.ctx, req.actor, windowId, req.body as B));
      if (emptyWhenNoTicket && (result as { ticket: unknown }).ticket === null) return reply.status(204).send(null);
      return result;
    });
  }

  action('open', '开窗: open the window and bind it to the caller', Window, (trx, ctx, a, id) => status.openWindow(trx, ctx, a, id));
  action('take-over', 'AB角: the backup clerk takes over an open window (logged)', Window, (trx, ctx, a, id) => status.takeOverWindow(trx, ctx, a, id));
  action<{ reason?: string } | undefined, unknown>('pause', '暂停服务, with a reason', Window, (trx, ctx, a, id, b) => status.pauseWindow(trx, ctx, a, id, b?.reason ?? null), PauseBody);
  action('resume', 'Resume a paused window', Window, (trx, ctx, a, id) => status.resumeWindow(trx, ctx, a, id));
  action('close', 'Close the window', Window, (trx, ctx, a, id) => status.closeWindow(trx, ctx, a, id));

  action('call-next', '叫号: complete the current ticket, then call the next in call order (204: nobody waiting)', CallResult, (trx, ctx, a, id) => calls.callNext(trx, ctx, a, id), undefined, true);
  action<{ ticketId: string }, unknown>('call', '指定叫号: call one waiting ticket out of turn', CallResult, (trx, ctx, a, id, b) => calls.callTicket(trx, ctx, a, id, b.ticketId), TicketRef);
  action('recall', '重呼: announce the current ticket again', CallResult, (trx, ctx, a, id) => calls.recall(trx, ctx, a, id));
  action('start', '开始办理: the citizen arrived', CallResult, (trx, ctx, a, id) => calls.start(trx, ctx, a, id));
  action('complete', '办结: done', CallResult, (trx, ctx, a, id) => calls.complete(trx, ctx, a, id));
  action('no-show', '过号: the citizen did not come', CallResult, (trx, ctx, a, id) => calls.noShow(trx, ctx, a, id));
  action('suspend', '挂起: the citizen left to fetch or copy a document', CallResult, (trx, ctx, a, id) => calls.suspend(trx, ctx, a, id));
  action<{ ticketId: string }, unknown>('resume-ticket', 'Resume a suspended ticket at this window', CallResult, (trx, ctx, a, id, b) => calls.resumeTicket(trx, ctx, a, id, b.ticketId), TicketRef);
  action<{ categoryId?: string; windowId?: string }, unknown>('transfer', '转窗/转移: to a category or one window, keeping the arrival time', CallResult, (trx, ctx, a, id, b) => calls.transfer(trx, ctx, a, id, b), TransferBody);

  app.get('/api/windows/:windowId/suspended', {
    config: { scope: { window: 'params.windowId' } },
    preHandler: requireStaffOrDevice,
    schema: { tags: ['window'], summary: '挂起: the tickets suspended at this window today, to resume', params: Params, response: { 200: Type.Array(Ticket), ...errors(400, 401, 404) } },
  }, async (req) => app.db.transaction().execute((trx) => calls.suspendedAt(trx, app.ctx, req.params.windowId)));

  app.get('/api/windows/:windowId', {
    config: { scope: { window: 'params.windowId' } },
    schema: { tags: ['window'], summary: 'A window and its current ticket (its id for staff of the hall only)', params: Params, response: { 200: Window, ...errors(400, 404) } },
  }, async (req) => {
    const w = await windowView(app.db, await loadWindow(app.db, req.params.windowId));
    return windowFor(w, audienceOf(req.actor, w.hallId));
  });
};

export default windows;
