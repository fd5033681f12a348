import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bearer, login, ManualClock, startServer, type TestServer } from '../../helpers/server.ts';

const at = (hhmm: string) => `2026-11-20T${hhmm}:00+08:00`;
const ID = '11010519491231002X';

describe('预约: book a slot, check in at the kiosk, called before walk-ins once the slot begins', () => {
  let s: TestServer;
  const clock = new ManualClock(Date.parse(at('09:20')));
  const book = (body: Record<string, unknown>) => api(s.url, 'POST', '/api/halls/demo/appointments', { categoryId: 'cat_B', date: '2026-11-20', ...body });
  const take = (body: Record<string, unknown>) => api(s.url, 'POST', '/api/halls/demo/tickets', { categoryId: 'cat_B', ...body });

  beforeAll(async () => {
    s = await startServer({ clock });
  });
  afterAll(() => s.close());

  it('lists slots with capacity and bookings; refuses full, past, unknown and duplicate bookings', async () => {
    const first = await book({ slotStart: '10:00', idNumber: ID });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ date: '2026-11-20', slotStart: '10:00', slotEnd: '10:30', status: 'booked', categoryName: '不动产登记' });
    expect(first.body.code).toMatch(/^[A-Z2-9]{6}$/);
    for (let i = 0; i < 3; i++) expect((await book({ slotStart: '10:00' })).status).toBe(201);
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ slotStart: '10:00' }, 409, 'SLOT_FULL'],
      [{ slotStart: '10:30', idNumber: ID }, 409, 'ALREADY_BOOKED'],
      [{ slotStart: '09:00' }, 409, 'SLOT_PAST'],
      [{ slotStart: '10:10' }, 404, 'SLOT_NOT_FOUND'],
      [{ slotStart: '10:30', date: '2026-11-19' }, 400, 'DATE_OUT_OF_RANGE'],
      [{ slotStart: '10:30', date: '2027-01-30' }, 400, 'DATE_OUT_OF_RANGE'],
      [{ slotStart: '25:00' }, 400, 'VALIDATION_FAILED'],
      [{ slotStart: '10:30', categoryId: 'cat_A' }, 404, 'SLOT_NOT_FOUND'], // 综合受理 takes no appointments
    ];
    for (const [body, status, code] of cases) {
      const r = await book(body);
      expect([r.status, r.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    const slots = await api(s.url, 'GET', '/api/halls/demo/appointment-slots?categoryId=cat_B&date=2026-11-20');
    expect(slots.body).toHaveLength(48);
    expect(slots.body.find((x: { slotStart: string }) => x.slotStart === '10:00')).toEqual({ slotStart: '10:00', slotEnd: '10:30', capacity: 4, booked: 4 });
  });

  it('checks in from 30 minutes before the slot; the ticket is called before earlier walk-ins once the slot begins', async () => {
    const booking = (await book({ slotStart: '10:30' })).body;
    expect((await take({ appointmentCode: booking.code })).body.error).toMatchObject({ code: 'CHECK_IN_TOO_EARLY', details: { slotStart: '10:30', checkInEarlyMinutes: 30 } });
    expect((await api(s.url, 'GET', '/api/halls/demo')).body.rules).toEqual({ maxConsecutivePriority: 2, requeueAfter: 3, maxRecalls: 3, requeueWithinMinutes: 0, badRatingFollowUpDays: 5, checkInEarlyMinutes: 30, appointmentGraceMinutes: 15, bookingDaysAhead: 14 });

    clock.set(at('09:35'));
    const w1 = (await take({})).body;
    const w2 = (await take({})).body;
    clock.set(at('10:05'));
    const checkedIn = await take({ appointmentCode: booking.code.toLowerCase() });
    expect(checkedIn.status).toBe(201);
    const receipt = await fetch(`${s.url}/api/tickets/${checkedIn.body.id}/receipt`, { headers: { 'x-ticket-key': checkedIn.body.key } });
    const { decode } = await import('../../../printers/decoder.ts');
    const text = decode(new Uint8Array(await receipt.arrayBuffer())).flatMap((i) => (i.type === 'text' ? [i.text] : [])).join('\n');
    expect(text).toContain('预约时段 10:30-11:00');
    expect((await take({ appointmentCode: booking.code })).body.error.code).toBe('ALREADY_CHECKED_IN');
    expect((await api(s.url, 'GET', `/api/halls/demo/appointments/${booking.code}`)).body).toMatchObject({ status: 'checked_in', ticketId: checkedIn.body.id });

    const clerk = bearer(await login(s.url, 'clerk04'));
    await api(s.url, 'POST', '/api/windows/win_4/open', undefined, clerk);
    const next = async () => (await api(s.url, 'POST', '/api/windows/win_4/call-next', undefined, clerk)).body?.ticket?.id;
    expect(await next()).toBe(w1.id); // 10:30 has not begun: arrival order
    clock.set(at('10:31'));
    expect(await next()).toBe(checkedIn.body.id); // slot begun: before w2, who came earlier
    expect(await next()).toBe(w2.id);
  });

  it('a booking not checked in by start + 15 minutes is a no-show; cancelled bookings free their place', async () => {
    const late = (await book({ slotStart: '11:00' })).body;
    const spare = (await book({ slotStart: '11:00' })).body;
    clock.set(at('11:16'));
    expect((await api(s.url, 'GET', `/api/halls/demo/appointments/${late.code}`)).body.status).toBe('no_show');
    expect((await take({ appointmentCode: late.code })).body.error.code).toBe('APPOINTMENT_MISSED');

    clock.set(at('10:40'));
    const cancelled = await api(s.url, 'POST', `/api/halls/demo/appointments/${spare.code}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    const slot = (await api(s.url, 'GET', '/api/halls/demo/appointment-slots?categoryId=cat_B&date=2026-11-20')).body.find((x: { slotStart: string }) => x.slotStart === '11:00');
    expect(slot.booked).toBe(1);
    expect((await take({ appointmentCode: spare.code })).body.error.code).toBe('APPOINTMENT_CANCELLED');
    expect((await take({ appointmentCode: 'NOPE42' })).body.error.code).toBe('APPOINTMENT_NOT_FOUND');
  });
});
