/** Shapes of the appointment endpoints (server/http/appointments.ts). */
export interface Slot {
  slotStart: string;
  slotEnd: string;
  capacity: number;
  booked: number;
}

export type { Appointment } from '../protocol/services.ts';

export const slotsUrl = (hallId: string, categoryId: string, date: string): string =>
  `/api/halls/${encodeURIComponent(hallId)}/appointment-slots?categoryId=${encodeURIComponent(categoryId)}&date=${date}`;
export const appointmentUrl = (hallId: string, code = ''): string =>
  `/api/halls/${encodeURIComponent(hallId)}/appointments${code ? `/${encodeURIComponent(code)}` : ''}`;
