import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Appointment } from '../../protocol/services.ts';
import { bookAppointment, cancelAppointment, getAppointment, listSlots } from '../services/appointments.ts';
import { errors } from './errors.ts';
import { idempotent } from './idempotency.ts';

const HallParams = Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }) });
const CodeParams = Type.Object({ hallId: Type.String({ minLength: 1, maxLength: 64 }), code: Type.String({ minLength: 1, maxLength: 16 }) });
const Hhmm = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

const appointments: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/halls/:hallId/appointment-slots', {
    config: { scope: { hall: 'params.hallId' } },
    schema: {
      tags: ['appointment'],
      summary: 'Bookable slots of a category on a day (hall time) with capacity and bookings',
      params: HallParams,
      querystring: Type.Object({ categoryId: Type.String({ minLength: 1, maxLength: 64 }), date: Day }),
      response: { 200: Type.Array(Type.Object({ slotStart: Type.String(), slotEnd: Type.String(), capacity: Type.Integer(), booked: Type.Integer() })), ...errors(400, 404) },
    },
  }, async (req) => listSlots(app.db, app.ctx, req.params.hallId, req.query.categoryId, req.query.date));

  app.post('/api/halls/:hallId/appointments', {
    config: { scope: { hall: 'params.hallId' } },
    schema: {
      tags: ['appointment'],
      summary: '预约: book a slot; the code checks in at the kiosk (a ticket issued with appointmentCode)',
      params: HallParams,
      body: Type.Object(
        {
          categoryId: Type.String({ minLength: 1, maxLength: 64 }),
          date: Day,
          slotStart: Hhmm,
          idNumber: Type.Optional(Type.String({ pattern: '^\\s*[0-9]{17}[0-9Xx]\\s*$' })),
          phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9][0-9 -]{5,19}$', description: '11-digit mobile or a landline with area code (0531-12345678); else 400 INVALID_PHONE' })),
        },
        { additionalProperties: false },
      ),
      response: { 201: Appointment, ...errors(400, 404, 409, 429) },
    },
  }, async (req, reply) => idempotent(app, req, reply, 201, (trx) => bookAppointment(trx, app.ctx, req.actor, req.params.hallId, req.body)));

  app.get('/api/halls/:hallId/appointments/:code', {
    config: { scope: { hall: 'params.hallId' } },
    schema: { tags: ['appointment'], summary: 'A booking, for whoever holds its code', params: CodeParams, response: { 200: Appointment, ...errors(400, 404) } },
  }, async (req) => getAppointment(app.db, app.ctx, req.params.hallId, req.params.code));

  app.post('/api/halls/:hallId/appointments/:code/cancel', {
    config: { scope: { hall: 'params.hallId' } },
    schema: { tags: ['appointment'], summary: 'Cancel a booking that is not checked in yet', params: CodeParams, response: { 200: Appointment, ...errors(400, 404, 409) } },
  }, async (req, reply) => idempotent(app, req, reply, 200, (trx) => cancelAppointment(trx, app.ctx, req.params.hallId, req.params.code)));
};

export default appointments;
