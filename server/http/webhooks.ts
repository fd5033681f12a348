import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { WEBHOOK_EVENTS, type WebhookEventName } from '../domain/webhook.ts';
import { requireHallRole } from '../plugins/auth.ts';
import { deleteWebhook, listDeliveries, listWebhooks, saveWebhook } from '../services/webhooks.ts';
import { errors } from './errors.ts';
import { idempotent } from './idempotency.ts';

const HallParams = Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }) });
const HookParams = Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }), webhookId: Type.String({ minLength: 1, maxLength: 64 }) });
const EventName = Type.Union(WEBHOOK_EVENTS.map((e) => Type.Literal(e)));
const Body = Type.Object(
  {
    // No spaces or control characters: what is left is judged by the service (http/https only, BAD_WEBHOOK_URL).
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 500, pattern: '^[^\\s\\u0000-\\u001f\\u007f]+$', description: 'http or https only' })),
    secret: Type.Optional(Type.String({ minLength: 16, maxLength: 200, pattern: '^[\\x21-\\x7e]+$', description: 'HMAC-SHA256 key (printable ASCII, no spaces); never shown again' })),
    events: Type.Optional(Type.Array(EventName, { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const WebhookView = Type.Object({ id: Type.String(), url: Type.String(), events: Type.Array(Type.String()), active: Type.Boolean(), createdAt: Type.String() });
const Delivery = Type.Object({
  id: Type.String(), webhookId: Type.String(), event: Type.String(), status: Type.String({ description: 'pending, delivered or failed' }), attempts: Type.Integer(),
  createdAt: Type.String(), deliveredAt: Type.Union([Type.String(), Type.Null()]), nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  lastStatus: Type.Union([Type.Integer(), Type.Null()]), lastError: Type.Union([Type.String(), Type.Null()]),
  tries: Type.Array(Type.Object({ at: Type.String(), statusCode: Type.Union([Type.Integer(), Type.Null()]), error: Type.Union([Type.String(), Type.Null()]), durationMs: Type.Integer() })),
});

/** A hall's webhooks (its SMS gateway, 政务微信): set up by its admin, with the delivery log. */
const webhooks: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['webhooks'];
  const admin = requireHallRole('admin');
  type Input = { url?: string; secret?: string; events?: WebhookEventName[]; active?: boolean };

  app.get('/api/halls/:hallId/webhooks', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: admin,
    schema: { tags, summary: "The hall's webhooks (secrets are not shown)", params: HallParams, response: { 200: Type.Array(WebhookView), ...errors(400, 401, 403, 404) } },
  }, async (req) => listWebhooks(app.db, req.params.hallId));

  app.post('/api/halls/:hallId/webhooks', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: admin,
    schema: { tags, summary: `Add a webhook: URL, signing secret, events (${WEBHOOK_EVENTS.join(', ')})`, params: HallParams, body: Body, response: { 201: WebhookView, ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => idempotent(app, req, reply, 201, (trx) => saveWebhook(trx, app.ctx, req.actor, req.params.hallId, null, req.body as Input)));

  app.patch('/api/halls/:hallId/webhooks/:webhookId', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: admin,
    schema: { tags, summary: 'Change a webhook', params: HookParams, body: Body, response: { 200: WebhookView, ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => saveWebhook(trx, app.ctx, req.actor, req.params.hallId, req.params.webhookId, req.body as Input)));

  app.delete('/api/halls/:hallId/webhooks/:webhookId', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: admin,
    schema: { tags, summary: 'Remove a webhook (its undelivered events end as failed; the log stays)', params: HookParams, response: { 200: Type.Null(), ...errors(400, 401, 403, 404) } },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => deleteWebhook(trx, app.ctx, req.actor, req.params.hallId, req.params.webhookId)));

  app.get('/api/halls/:hallId/webhooks/deliveries', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: admin,
    schema: {
      tags, summary: 'The delivery log, newest first: each event, its state, every try',
      params: HallParams, querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }), response: { 200: Type.Array(Delivery), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => listDeliveries(app.db, req.params.hallId, req.query.limit ?? 100));
};

export default webhooks;
