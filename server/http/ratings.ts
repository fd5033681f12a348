import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Rating } from '../../protocol/services.ts';
import { requireHallRole, requireRole } from '../plugins/auth.ts';
import { closeFollowUp, listRatings, rateTicket } from '../services/ratings.ts';
import { errors } from './errors.ts';
import { idempotent } from './idempotency.ts';

const ratings: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/tickets/:id/rating', {
    config: { scope: { ticket: 'params.id' } },
    schema: {
      tags: ['rating'],
      summary: '好差评: rate a served ticket once (5 非常满意 … 1 非常不满意; 2 and 1 open a follow-up)',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
      body: Type.Object(
        {
          score: Type.Integer({ minimum: 1, maximum: 5 }),
          tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 20 }), { maxItems: 10 })),
          comment: Type.Optional(Type.String({ maxLength: 500 })),
        },
        { additionalProperties: false },
      ),
      response: { 201: Type.Object({ id: Type.String(), score: Type.Integer(), label: Type.String() }), ...errors(400, 403, 404, 409) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 201, (trx) => rateTicket(trx, app.ctx, req.actor, req.params.id, req.body)));

  app.get('/api/halls/:hallId/ratings', {
    config: { scope: { hall: 'params.hallId' } },
    preHandler: requireHallRole('manager'),
    schema: {
      tags: ['rating'],
      summary: 'Ratings of the hall, newest first; followUp=open lists the 差评 still to follow up',
      security: [{ bearer: [] }],
      params: Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }) }),
      querystring: Type.Object({
        followUp: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
        date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a service day (hall time)' })),
      }),
      response: { 200: Type.Array(Rating), ...errors(400, 401, 403) },
    },
  }, async (req) => listRatings(app.db, app.ctx, req.params.hallId, req.query));

  app.post('/api/ratings/:id/follow-up', {
    config: { scope: { rating: 'params.id' } },
    preHandler: requireRole('manager'),
    schema: {
      tags: ['rating'],
      summary: '差评整改: record the call-back and the fix; closes the follow-up',
      security: [{ bearer: [] }],
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
      body: Type.Object({ result: Type.String({ minLength: 2, maxLength: 1000 }) }, { additionalProperties: false }),
      response: { 200: Rating, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => closeFollowUp(trx, app.ctx, req.actor, req.params.id, req.body.result)));
};

export default ratings;
