import { SimServer, type SimRequest, type SimResponse } from './server';

/** A booking as a rental platform's calendar lists it. */
export interface CalendarBooking {
  uid: string;
  /** 'YYYY-MM-DD': arrival and departure dates (all-day, as the platforms export them) */
  from: string;
  until: string;
  /** 'Reserved' (a booking) or 'Airbnb (Not available)' (a block), as Airbnb writes them */
  summary: string;
  /** the reservation code (HM…) and the guest phone's last digits, in Airbnb's DESCRIPTION */
  reservation?: string;
  phoneLast4?: string;
}

const fold = (line: string): string => {
  // RFC 5545 3.1: lines longer than 75 octets are folded with CRLF and a space (ASCII here: a char an octet).
  const out = [line.slice(0, 75)];
  for (let i = 75; i < line.length; i += 74) out.push(` ${line.slice(i, i + 74)}`);
  return out.join('\r\n');
};
const date = (d: string): string => d.replace(/-/g, '');

/**
 * A rental platform's iCal export for the demo and tests, shaped as Airbnb's (docs/evidence/
 * calendar-feeds.md): all-day dates, `Reserved` with the reservation URL and phone digits in
 * DESCRIPTION, `Airbnb (Not available)` blocks. `GET /calendar/<token>.ics`; the bookings are
 * the simulator's to change while a Node-RED polls it.
 */
export class BookingCalendarSimulator extends SimServer {
  bookings: CalendarBooking[] = [];

  constructor(readonly token = 'demo-feed-token') {
    super();
  }

  /** The feed's address (its token in the path, as Airbnb's export URLs carry one). */
  get feedUrl(): string {
    return `${this.url}/calendar/${this.token}.ics`;
  }

  ics(): string {
    const stamp = `${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
    const lines = ['BEGIN:VCALENDAR', 'PRODID:-//Airbnb Inc//Hosting Calendar 1.0//EN', 'CALSCALE:GREGORIAN', 'VERSION:2.0'];
    for (const b of this.bookings) {
      lines.push(
        'BEGIN:VEVENT',
        `DTSTAMP:${stamp}`,
        `DTSTART;VALUE=DATE:${date(b.from)}`,
        `DTEND;VALUE=DATE:${date(b.until)}`,
        `SUMMARY:${b.summary}`,
        `UID:${b.uid}`,
      );
      if (b.reservation) {
        const phone = b.phoneLast4 ? `\\nPhone Number (Last 4 Digits): ${b.phoneLast4}` : '';
        lines.push(fold(`DESCRIPTION:Reservation URL: https://www.airbnb.com/hosting/reservations/details/${b.reservation}${phone}`));
      }
      lines.push('END:VEVENT');
    }
    lines.push('END:VCALENDAR');
    return `${lines.join('\r\n')}\r\n`;
  }

  protected operationOf(req: SimRequest): string {
    return req.path.startsWith('/calendar/') ? 'calendar' : req.path;
  }

  protected fieldsOf(): string[] {
    return [];
  }

  protected handle(req: SimRequest): SimResponse {
    if (req.method !== 'GET' || req.path !== `/calendar/${this.token}.ics`)
      return { status: 404, body: 'not found', headers: { 'Content-Type': 'text/plain' } };
    return { body: this.ics(), headers: { 'Content-Type': 'text/calendar; charset=utf-8' } };
  }
}
