'use strict';
// Booking calendars (iCal feeds) read into bookings: lib/stays/calendar.ts over fixtures shaped like
// each platform's export (sources: docs/evidence/calendar-feeds.md), RFC 5545's edges and broken
// feeds. Nothing here depends on the machine's time zone: run it with TZ=UTC and TZ=Pacific/Auckland.
const fs = require('node:fs');
const path = require('node:path');
const should = require('should');
const { readCalendar, platformOf, MAX_CALENDAR_BYTES } = require('../dist/lib/stays/calendar');
const { LockError } = require('../dist/lib/errors');
const { MESSAGES } = require('../dist/lib/messages');

const dir = path.join(__dirname, 'fixtures/calendars');
const fixture = (name) => fs.readFileSync(path.join(dir, name), 'utf8');
const read = (text, timeZone = 'Europe/Berlin') => readCalendar(text, { timeZone });
/** A feed from its lines, CRLF as RFC 5545 writes it. */
const ics = (...lines) => [...lines, ''].join('\r\n');
const calendar = (...events) => ics('BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Example Rentals//Booking Export 2.3//EN', ...events, 'END:VCALENDAR');
const vevent = (...props) => ['BEGIN:VEVENT', ...props, 'END:VEVENT'].join('\r\n');
const one = (...props) => {
  const { events, skipped } = read(calendar(vevent(...props)));
  events.should.have.length(1, JSON.stringify(skipped));
  return events[0];
};
const none = { cancelled: 0, recurring: 0, invalid: 0 };

/** The LockError a call throws. */
function refusal(fn) {
  try {
    fn();
  } catch (err) {
    err.should.be.instanceOf(LockError);
    err.code.should.equal('VALIDATION');
    err.message.should.not.match(/[\r\n]/); // one line
    return err;
  }
  throw new Error('not refused');
}

describe('booking calendars: reading an iCal feed', function () {
  describe('per platform, on fixtures shaped like their exports', () => {
    it('Airbnb: Reserved with its HM code and phone digits from the folded DESCRIPTION; Not available blocks, the booking window one too', () => {
      const feed = read(fixture('airbnb.ics'));
      feed.platform.should.equal('airbnb');
      feed.prodId.should.equal('-//Airbnb Inc//Hosting Calendar 1.0//EN');
      feed.skipped.should.eql(none);
      feed.events.should.eql([
        {
          uid: '1418fb94e984-5c2d7e0a9b3f4a61c8e2d1f0a7b6c5d4@airbnb.com',
          from: '2026-12-04',
          until: '2026-12-08',
          kind: 'booking',
          reservation: 'HM4KQ7ZP2X',
          phoneLast4: '0457',
          summary: 'Reserved',
        },
        // back to back: its check-in day is the previous stay's (exclusive) end
        {
          uid: '1418fb94e984-0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b@airbnb.com',
          from: '2026-12-08',
          until: '2026-12-11',
          kind: 'booking',
          reservation: 'HMR8T3WJ6N',
          phoneLast4: '3921',
          summary: 'Reserved',
        },
        {
          uid: '7f662ec65913-3a4b5c6d7e8f90a1b2c3d4e5f6a7b8c9@airbnb.com',
          from: '2026-12-15',
          until: '2026-12-18',
          kind: 'blocked',
          summary: 'Airbnb (Not available)',
        },
        {
          uid: '1418fb94e984-9f8e7d6c5b4a39281706f5e4d3c2b1a0@airbnb.com',
          from: '2026-12-23',
          until: '2026-12-30',
          kind: 'booking',
          reservation: 'HMX2L9DC5F',
          phoneLast4: '8806',
          summary: 'Reserved',
        },
        // the far edge of the booking window: a block, never a guest
        {
          uid: '7f662ec65913-b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6@airbnb.com',
          from: '2027-08-20',
          until: '2027-11-22',
          kind: 'blocked',
          summary: 'Airbnb (Not available)',
        },
      ]);
    });

    it('Airbnb, older exports: a PRODID with a parameter, the itinerary?code= URL, a SUMMARY naming the guest with the code', () => {
      const feed = read(
        ics(
          'BEGIN:VCALENDAR',
          'PRODID;X-RICAL-TZSOURCE=TZINFO:-//Airbnb Inc//Hosting Calendar 0.8.8//EN',
          'CALSCALE:GREGORIAN',
          'VERSION:2.0',
          vevent(
            'DTEND;VALUE=DATE:20261212',
            'DTSTART;VALUE=DATE:20261202',
            'UID:1418fb94e984-00aa@airbnb.com',
            'DESCRIPTION:Reservation URL: https://www.airbnb.com/reservation/itinerary',
            ' ?code=HMN7QK8J99\\nPhone Number (Last 4 Digits): 4235',
            'SUMMARY:Reserved',
          ),
          vevent('DTEND;VALUE=DATE:20261220', 'DTSTART;VALUE=DATE:20261215', 'UID:1418fb94e984-00bb@airbnb.com', 'SUMMARY:Jane Roe (HMZ4HZCAP8)'),
          'END:VCALENDAR',
        ),
      );
      feed.platform.should.equal('airbnb');
      feed.prodId.should.equal('-//Airbnb Inc//Hosting Calendar 0.8.8//EN');
      feed.events[0].should.containEql({ kind: 'booking', reservation: 'HMN7QK8J99', phoneLast4: '4235' });
      feed.events[1].should.containEql({ kind: 'booking', guest: 'Jane Roe', reservation: 'HMZ4HZCAP8' });
    });

    it("Booking.com: 'CLOSED - Not available' is 'closed' (bookings and closures alike), its PRODID's escaped comma read", () => {
      const feed = read(fixture('booking-com.ics'));
      feed.platform.should.equal('booking.com');
      feed.prodId.should.equal('-//admin.booking.com, b.v.//NONSGML v1.0//EN');
      feed.events
        .map((e) => [e.from, e.until, e.kind, e.guest])
        .should.eql([
          ['2026-12-04', '2026-12-06', 'closed', undefined],
          ['2026-12-19', '2026-12-26', 'closed', undefined],
          ['2027-01-04', '2027-03-01', 'closed', undefined],
        ]);
      feed.events[0].uid.should.equal('3f9a1c7e5b2d48a6904c1e7b3d5f2a86@booking.com');
      // older exports put the guest's name after the dash
      const older = read(
        ics(
          'BEGIN:VCALENDAR',
          'PRODID:-//admin.booking.com//NONSGML v1.0//EN',
          vevent('UID:a@booking.com', 'DTSTART;VALUE=DATE:20261201', 'DTEND;VALUE=DATE:20261203', 'SUMMARY:CLOSED - Jan Novak'),
          'END:VCALENDAR',
        ),
      );
      older.events[0].should.containEql({ kind: 'closed', guest: 'Jan Novak' });
    });

    it("Vrbo: 'Reserved - <name>' a booking with the guest (escaped comma included), 'Blocked' a block, bare UUIDs as UIDs", () => {
      const feed = read(fixture('vrbo.ics'));
      feed.platform.should.equal('vrbo');
      feed.prodId.should.equal('-//HomeAway.com, Inc.//EN');
      feed.events
        .map((e) => [e.uid, e.from, e.until, e.kind, e.guest])
        .should.eql([
          ['0b6e2f1a-93c4-4d7e-8a15-6c2f9e4b7d30', '2026-12-04', '2026-12-09', 'booking', 'Maria Lopez'],
          ['5d3a8c71-2e4f-4b90-a6d2-1f7e3c9b5a48', '2026-12-12', '2026-12-14', 'blocked', undefined],
          ['e91f4b26-7c08-4a3d-b5e1-83d6f2a09c17', '2026-12-20', '2026-12-27', 'booking', 'Smith, J. & family'],
          ['27c5e9d3-b16a-4f82-9e04-5a8d1c3f6b72', '2027-01-02', '2027-01-05', 'booking', undefined],
        ]);
      feed.events[2].summary.should.equal('Reserved - Smith, J. & family');
      // Abritel, Vrbo's French twin
      const abritel = read(
        ics(
          'BEGIN:VCALENDAR',
          'PRODID:-//HomeAway.com, Inc.//EN',
          vevent('UID:x', 'DTSTART;VALUE=DATE:20261201', 'DTEND;VALUE=DATE:20261203', 'SUMMARY:Réservée - Mélanie'),
          vevent('UID:y', 'DTSTART;VALUE=DATE:20261205', 'DTEND;VALUE=DATE:20261206', 'SUMMARY:Indisponible'),
          'END:VCALENDAR',
        ),
      );
      abritel.events
        .map((e) => [e.kind, e.guest])
        .should.eql([
          ['booking', 'Mélanie'],
          ['blocked', undefined],
        ]);
    });

    it('other systems: the SUMMARY is the guest, unless it reads like a block', () => {
      const kinds = [
        ['Jane Doe', 'booking', 'Jane Doe'],
        ['Reserved - Kenji Sato', 'booking', 'Kenji Sato'],
        ['Reserved', 'booking', undefined],
        ['', 'booking', undefined],
        ['Not available', 'blocked', undefined],
        ['Blocked by owner', 'blocked', undefined],
        ['Closed', 'blocked', undefined],
        ['UNAVAILABLE', 'blocked', undefined],
      ];
      for (const [summary, kind, guest] of kinds) {
        const e = one('UID:x', 'DTSTART;VALUE=DATE:20261201', 'DTEND;VALUE=DATE:20261203', ...(summary ? [`SUMMARY:${summary}`] : []));
        [e.kind, e.guest, e.summary].should.eql([kind, guest, summary], summary);
      }
    });

    it('the platform is read from PRODID', () => {
      platformOf('-//Airbnb Inc//Hosting Calendar 1.0//EN').should.equal('airbnb');
      platformOf('-//admin.booking.com, b.v.//NONSGML v1.0//EN').should.equal('booking.com');
      platformOf('-//HomeAway.com, Inc.//EN').should.equal('vrbo');
      platformOf('-//Google Inc//Google Calendar 70.9054//EN').should.equal('other');
      platformOf('').should.equal('other');
      read(ics('BEGIN:VCALENDAR', 'VERSION:2.0', 'END:VCALENDAR')).should.eql({ platform: 'other', prodId: '', events: [], skipped: none });
    });
  });

  describe('dates and times', () => {
    it('VALUE=DATE is the date as written, whatever the configured zone (and the process zone)', () => {
      for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC']) {
        const e = readCalendar(calendar(vevent('UID:x', 'DTSTART;VALUE=DATE:20261231', 'DTEND;VALUE=DATE:20270101')), { timeZone: zone }).events[0];
        [e.from, e.until].should.eql(['2026-12-31', '2027-01-01'], zone);
      }
      // an 8-digit value without VALUE=DATE is a date too
      const bare = one('UID:x', 'DTSTART:20261201', 'DTEND:20261203');
      [bare.from, bare.until].should.eql(['2026-12-01', '2026-12-03']);
    });

    it('an all-day event without DTEND lasts its one day (RFC 5545 3.6.1), over a month, a year and a leap day', () => {
      one('UID:x', 'DTSTART;VALUE=DATE:20261130').until.should.equal('2026-12-01');
      one('UID:x', 'DTSTART;VALUE=DATE:20261231').until.should.equal('2027-01-01');
      one('UID:x', 'DTSTART;VALUE=DATE:20280228').until.should.equal('2028-02-29');
      // a timed one without DTEND ends when it starts
      const timed = one('UID:x', 'DTSTART:20261201T150000Z');
      timed.until.should.equal(timed.from);
    });

    it('DURATION instead of DTEND: days on the calendar, hours exact', () => {
      one('UID:x', 'DTSTART;VALUE=DATE:20261228', 'DURATION:P1W').until.should.equal('2027-01-04');
      one('UID:x', 'DTSTART;VALUE=DATE:20261201', 'DURATION:P3D').until.should.equal('2026-12-04');
      one('UID:x', 'DTSTART:20261201T150000Z', 'DURATION:PT19H30M').until.should.equal('2026-12-02T10:30:00.000Z');
      // Berlin's clocks go back on 25 Oct 2026: P1D from 15:00 is 15:00 the next day, 25 hours later
      const dst = one('UID:x', 'DTSTART;TZID=Europe/Berlin:20261024T150000', 'DURATION:P1DT2H');
      [dst.from, dst.until].should.eql(['2026-10-24T13:00:00.000Z', '2026-10-25T16:00:00.000Z']);
    });

    it('a time with Z is that instant', () => {
      const e = one('UID:x', 'DTSTART:20261220T140000Z', 'DTEND:20261223T100000Z');
      [e.from, e.until].should.eql(['2026-12-20T14:00:00.000Z', '2026-12-23T10:00:00.000Z']);
    });

    it('a TZID whose VTIMEZONE is in the file: ical.js converts it, across a DST change, and a zone Intl does not know', () => {
      const feed = read(fixture('vtimezone.ics'), 'Asia/Tokyo');
      feed.platform.should.equal('other');
      feed.events
        .map((e) => [e.guest ?? e.kind, e.from, e.until])
        .should.eql([
          // 16:00 PDT (UTC-7) to 11:00 PST (UTC-8): the clocks went back on 1 Nov 2026
          ['Priya Nair', '2026-10-30T23:00:00.000Z', '2026-11-02T19:00:00.000Z'],
          // 16:00 PST + P2D = 16:00 PDT on 14 Mar 2027 (clocks forward that day), + 19 h exact
          ['Luis Ortega', '2027-03-13T00:00:00.000Z', '2027-03-15T18:00:00.000Z'],
          // 'Resort Local Time' is only in the file: +05:30
          ['blocked', '2026-12-10T08:30:00.000Z', '2026-12-12T05:30:00.000Z'],
          ['Chen Wei', '2026-12-18', '2026-12-21'],
        ]);
      // the file's rules, not the configured zone's
      read(fixture('vtimezone.ics'), 'Pacific/Auckland').events.should.eql(feed.events);
    });

    it("the file's VTIMEZONE wins over the IANA zone of the same name; rules that are not yearly are not expanded (the name is read as without VTIMEZONE)", () => {
      const zone = (tzid, rrule) =>
        [
          'BEGIN:VTIMEZONE',
          `TZID:${tzid}`,
          'BEGIN:STANDARD',
          'TZOFFSETFROM:+0300',
          'TZOFFSETTO:+0300',
          'DTSTART:19700101T000000',
          ...(rrule ? [rrule] : []),
          'END:STANDARD',
          'END:VTIMEZONE',
        ].join('\r\n');
      const feed = read(
        calendar(
          zone('Europe/Berlin'),
          zone('Europe/Paris', 'RRULE:FREQ=MINUTELY'),
          vevent('UID:a', 'DTSTART;TZID=Europe/Berlin:20261201T150000'),
          vevent('UID:b', 'DTSTART;TZID=Europe/Paris:20261201T150000'),
        ),
        'Asia/Tokyo',
      );
      feed.events.map((e) => e.from).should.eql(['2026-12-01T12:00:00.000Z', '2026-12-01T14:00:00.000Z']);
      // at most 16 zones of a feed's own are built; TZIDs without VTIMEZONE do not count
      const many = [];
      for (let i = 0; i < 17; i++) many.push(zone(`Zone ${i}`), vevent(`UID:${i}`, `DTSTART;TZID=Zone ${i}:20261201T150000`));
      const froms = read(
        calendar(vevent('UID:lisbon', 'DTSTART;TZID=Europe/Lisbon:20261201T150000'), vevent('UID:odd', 'DTSTART;TZID=Nowhere:20261201T150000'), ...many),
        'Asia/Tokyo',
      ).events.map((e) => e.from);
      froms.slice(0, 2).should.eql(['2026-12-01T15:00:00.000Z', '2026-12-01T06:00:00.000Z']);
      froms.slice(2, 18).should.eql(Array(16).fill('2026-12-01T12:00:00.000Z'));
      froms[18].should.equal('2026-12-01T06:00:00.000Z');
    });

    it("a TZID without VTIMEZONE: an IANA name is that zone; another name, and a floating time, the configured zone's wall clock", () => {
      const inShanghai = read(fixture('tzid-no-vtimezone.ics'), 'Asia/Shanghai');
      inShanghai.events
        .map((e) => [e.uid, e.from, e.until, e.kind, e.guest])
        .should.eql([
          // Europe/Lisbon is UTC+0 in December
          ['stay-1001@rentals.example', '2026-12-04T16:00:00.000Z', '2026-12-08T11:00:00.000Z', 'booking', 'Ana Ribeiro'],
          // "Customized Time Zone" (an Outlook name): 15:00 in Shanghai (UTC+8)
          ['stay-1002@rentals.example', '2026-12-10T07:00:00.000Z', '2026-12-13T02:00:00.000Z', 'booking', 'Tom Becker'],
          // floating: 16:00 in Shanghai
          ['stay-1003@rentals.example', '2026-12-15T08:00:00.000Z', '2026-12-17T03:00:00.000Z', 'blocked', undefined],
          ['stay-1004@rentals.example', '2026-12-20T15:00:00.000Z', '2026-12-23T10:00:00.000Z', 'booking', 'Kenji Sato'],
        ]);
      const inNewYork = read(fixture('tzid-no-vtimezone.ics'), 'America/New_York');
      inNewYork.events
        .map((e) => e.from)
        .should.eql(['2026-12-04T16:00:00.000Z', '2026-12-10T20:00:00.000Z', '2026-12-15T21:00:00.000Z', '2026-12-20T15:00:00.000Z']);
    });

    it('a wall clock skipped by daylight saving moves forward by the gap, as RFC 5545 says', () => {
      // 02:30 does not exist in Berlin on 28 Mar 2027: it is 03:30 CEST
      one('UID:x', 'DTSTART;TZID=Europe/Berlin:20270328T023000').from.should.equal('2027-03-28T01:30:00.000Z');
    });
  });

  describe('what is left out, and counted', () => {
    it('STATUS:CANCELLED, and recurring events (RRULE, RDATE, RECURRENCE-ID: no booking platform sends one)', () => {
      const feed = read(
        calendar(
          vevent('UID:a', 'DTSTART;VALUE=DATE:20261201', 'DTEND;VALUE=DATE:20261203', 'STATUS:CANCELLED', 'SUMMARY:Gone'),
          vevent('UID:b', 'DTSTART;VALUE=DATE:20261201', 'STATUS:cancelled'),
          vevent('UID:c', 'DTSTART:20261201T100000Z', 'RRULE:FREQ=WEEKLY', 'SUMMARY:Cleaning'),
          vevent('UID:d', 'DTSTART:20261201T100000Z', 'RDATE:20261208T100000Z'),
          vevent('UID:c', 'RECURRENCE-ID:20261208T100000Z', 'DTSTART:20261208T120000Z'),
          vevent('UID:e', 'DTSTART;VALUE=DATE:20261210', 'STATUS:CONFIRMED', 'SUMMARY:Kept'),
        ),
      );
      feed.skipped.should.eql({ cancelled: 2, recurring: 3, invalid: 0 });
      feed.events.map((e) => e.uid).should.eql(['e']);
    });

    it('an event that cannot be a booking is invalid; the others are read', () => {
      const feed = read(
        calendar(
          vevent('DTSTART;VALUE=DATE:20261201', 'SUMMARY:no UID'),
          vevent('UID:  ', 'DTSTART;VALUE=DATE:20261201'),
          vevent('UID:no-start', 'DTEND;VALUE=DATE:20261201'),
          vevent('UID:feb30', 'DTSTART;VALUE=DATE:20260230'),
          vevent('UID:hour25', 'DTSTART:20261201T250000Z'),
          vevent('UID:garbage', 'DTSTART:tomorrow'),
          vevent('UID:backwards', 'DTSTART;VALUE=DATE:20261205', 'DTEND;VALUE=DATE:20261201'),
          vevent('UID:mixed', 'DTSTART;VALUE=DATE:20261201', 'DTEND:20261203T100000Z'),
          vevent('UID:bad-duration', 'DTSTART;VALUE=DATE:20261201', 'DURATION:three days'),
          vevent('UID:hours-on-a-date', 'DTSTART;VALUE=DATE:20261201', 'DURATION:PT5H'),
          vevent('UID:year-3000', 'DTSTART;VALUE=DATE:30001201'),
          vevent('UID:good', 'DTSTART;VALUE=DATE:20261201', 'DTEND;VALUE=DATE:20261203'),
        ),
      );
      feed.events.map((e) => e.uid).should.eql(['good']);
      feed.skipped.should.eql({ cancelled: 0, recurring: 0, invalid: 11 });
    });
  });

  describe("RFC 5545's text", () => {
    const expected = [
      {
        uid: 'stay-2001-a-rather-long-identifier-that-the-exporter-folded-somewhere-inthe-middle@rentals.example',
        from: '2026-12-04',
        until: '2026-12-07',
        kind: 'booking',
        guest: 'Dupont, Jean-Luc ; party of 4 (see notes) \\ VIP and a name long enough to be folded',
        summary: 'Dupont, Jean-Luc ; party of 4 (see notes) \\ VIP and a name long enough to be folded',
      },
      // no DTEND: its one day; folded before a character of four UTF-8 bytes
      {
        uid: 'stay-2002@rentals.example',
        from: '2026-12-10',
        until: '2026-12-11',
        kind: 'booking',
        guest: 'Zoë Müller-Łukasiewicz 😀',
        summary: 'Zoë Müller-Łukasiewicz 😀',
      },
      { uid: 'stay-2003@rentals.example', from: '2026-12-15', until: '2026-12-22', kind: 'booking', guest: 'Olu Adebayo', summary: 'Reserved - Olu Adebayo' },
    ];

    it('a BOM, CRLF, folded lines (space and tab), escaped commas, semicolons and backslashes', () => {
      const text = fixture('folded-crlf-bom.ics');
      text.charCodeAt(0).should.equal(0xfeff);
      text.should.containEql('\r\n ');
      const feed = read(text);
      feed.events.should.eql(expected);
      feed.skipped.should.eql({ cancelled: 1, recurring: 1, invalid: 0 });
    });

    it('the same feed with LF line ends, without the BOM, or with old CR-only line ends reads the same', () => {
      const text = fixture('folded-crlf-bom.ics');
      read(text.replace(/\r\n/g, '\n')).events.should.eql(expected);
      read(text.slice(1)).events.should.eql(expected);
      read(text.replace(/\r\n/g, '\r')).events.should.eql(expected);
    });

    it("a DESCRIPTION's escaped newline is a newline, and does not hide Airbnb's fields", () => {
      const feed = read(
        ics(
          'BEGIN:VCALENDAR',
          'PRODID:-//Airbnb Inc//Hosting Calendar 1.0//EN',
          vevent(
            'UID:x@airbnb.com',
            'DTSTART;VALUE=DATE:20261201',
            'DTEND;VALUE=DATE:20261203',
            'SUMMARY:Reserved',
            'DESCRIPTION:Reservation URL: https://www.airbnb.com/hosting/reservations/details/HMQ2W3E4R5\\nPhone Number (Last 4 Digits): 0012\\, thanks',
          ),
          'END:VCALENDAR',
        ),
      );
      feed.events[0].should.containEql({ reservation: 'HMQ2W3E4R5', phoneLast4: '0012' });
    });

    it('two VCALENDARs in one body: the events of both', () => {
      const two = calendar(vevent('UID:a', 'DTSTART;VALUE=DATE:20261201')) + calendar(vevent('UID:b', 'DTSTART;VALUE=DATE:20261205'));
      read(two)
        .events.map((e) => e.uid)
        .should.eql(['a', 'b']);
    });
  });

  describe('what is not a calendar: a VALIDATION that says why', () => {
    it('an HTML error page', () => {
      const err = refusal(() => read('<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head><body>Try again later</body></html>'));
      err.key.should.equal('calendarNotIcal');
      err.message.should.equal('the calendar feed is not iCalendar: it starts with "<!DOCTYPE html>", not BEGIN:VCALENDAR');
      refusal(() => read('{"error":"token expired"}')).key.should.equal('calendarNotIcal');
    });

    it('an empty body (or only a BOM and blank lines)', () => {
      for (const text of ['', '\uFEFF', ' \r\n\r\n']) refusal(() => read(text)).message.should.equal('the calendar feed is empty');
    });

    it('a feed truncated mid-event, mid-line or before its END:VCALENDAR', () => {
      const whole = fixture('airbnb.ics');
      const midEvent = whole.slice(0, whole.indexOf('SUMMARY:Airbnb (Not available)'));
      refusal(() => read(midEvent)).message.should.equal('the calendar feed stops before END:VCALENDAR: it was cut short');
      refusal(() => read(whole.slice(0, whole.indexOf('HMX2L9') + 3))).key.should.equal('calendarCut');
      refusal(() => read(whole.slice(0, whole.lastIndexOf('END:VCALENDAR')))).key.should.equal('calendarCut');
      refusal(() => read(whole.slice(0, whole.lastIndexOf('END:VCALENDAR') + 8))).key.should.equal('calendarCut');
    });

    it('a body the parser refuses, the parser saying why', () => {
      // an event that never ends, in a calendar that does
      const err = refusal(() => read(ics('BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'UID:x', 'END:VCALENDAR')));
      err.key.should.equal('calendarUnreadable');
      err.message.should.startWith('the calendar feed cannot be read as iCalendar: ');
      refusal(() => read(ics('BEGIN:VCALENDAR', 'this line has no colon', 'END:VCALENDAR'))).key.should.equal('calendarUnreadable');
    });

    it('what is not text, and an unknown configured zone', () => {
      for (const value of [undefined, null, 42, Buffer.from('BEGIN:VCALENDAR')])
        refusal(() => readCalendar(value, { timeZone: 'UTC' })).key.should.equal('notString');
      refusal(() => readCalendar(fixture('airbnb.ics'), { timeZone: 'Mars/Olympus' })).key.should.equal('unknownTimeZone');
      // no zone is not the machine's zone
      for (const options of [undefined, {}, { timeZone: '' }]) refusal(() => readCalendar(fixture('airbnb.ics'), options)).key.should.equal('required');
    });

    it('over 10 MB: refused by its size, not parsed', () => {
      const big = calendar(vevent('UID:x', 'DTSTART;VALUE=DATE:20261201', `DESCRIPTION:${'x'.repeat(20 * 1024 * 1024)}`));
      const started = process.hrtime.bigint();
      const err = refusal(() => read(big));
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      err.key.should.equal('calendarTooLarge');
      err.message.should.equal('the calendar feed is 20.0 MB; at most 10 MB are read');
      ms.should.be.below(1000); // a byte count, not a parse (which takes seconds)
      MAX_CALENDAR_BYTES.should.equal(10 * 1024 * 1024);
      // multi-byte characters count as their UTF-8 bytes
      refusal(() => read(calendar(vevent('UID:x', 'DTSTART;VALUE=DATE:20261201', `SUMMARY:${'é'.repeat(5.5 * 1024 * 1024)}`)))).key.should.equal(
        'calendarTooLarge',
      );
    });

    it('each message has its zh-CN twin, with the same values', () => {
      const zh = JSON.parse(fs.readFileSync(path.join(__dirname, '../locales/zh-CN/smartlock.json'), 'utf8')).smartlock.errors;
      const values = (t) => (t.match(/__\w+__/g) ?? []).sort();
      for (const key of ['calendarEmpty', 'calendarNotIcal', 'calendarCut', 'calendarUnreadable', 'calendarTooLarge']) {
        should(zh[key]).be.a.String();
        values(zh[key]).should.eql(values(MESSAGES[key]), key);
      }
    });
  });

  describe('size', () => {
    /** A generated feed of n Airbnb-shaped events, alternating bookings and blocks, some with a TZID that has no VTIMEZONE. */
    function airbnbFeed(n) {
      const events = [];
      for (let i = 0; i < n; i++) {
        const day = new Date(Date.UTC(2026, 11, 1) + i * 864e5);
        const ymd = (d) => d.toISOString().slice(0, 10).replace(/-/g, '');
        const next = new Date(day.getTime() + 864e5);
        const code = `HM${String(i).padStart(8, '0')}`;
        events.push(
          i % 3 === 2
            ? vevent(
                `UID:stay-${i}@rentals.example`,
                `DTSTART;TZID=Europe/Lisbon:${ymd(day)}T160000`,
                `DTEND;TZID=Europe/Lisbon:${ymd(next)}T110000`,
                `SUMMARY:Guest ${i}`,
              )
            : i % 3 === 1
              ? vevent(`UID:7f662ec65913-${i}@airbnb.com`, `DTSTART;VALUE=DATE:${ymd(day)}`, `DTEND;VALUE=DATE:${ymd(next)}`, 'SUMMARY:Airbnb (Not available)')
              : vevent(
                  `UID:1418fb94e984-${i}@airbnb.com`,
                  `DTSTART;VALUE=DATE:${ymd(day)}`,
                  `DTEND;VALUE=DATE:${ymd(next)}`,
                  'SUMMARY:Reserved',
                  'DESCRIPTION:Reservation URL: https://www.airbnb.com/hosting/reservations/de',
                  ` tails/${code}\\nPhone Number (Last 4 Digits): ${String(i % 10000).padStart(4, '0')}`,
                ),
        );
      }
      return ics('BEGIN:VCALENDAR', 'PRODID:-//Airbnb Inc//Hosting Calendar 1.0//EN', ...events, 'END:VCALENDAR');
    }

    it('a 1 000-event feed: every event, in order, each read right', () => {
      const feed = read(airbnbFeed(1000));
      feed.events.should.have.length(1000);
      feed.skipped.should.eql(none);
      feed.events[0].should.eql({
        uid: '1418fb94e984-0@airbnb.com',
        from: '2026-12-01',
        until: '2026-12-02',
        kind: 'booking',
        reservation: 'HM00000000',
        phoneLast4: '0000',
        summary: 'Reserved',
      });
      feed.events[1].should.containEql({ kind: 'blocked', from: '2026-12-02', until: '2026-12-03' });
      feed.events[2].should.containEql({ kind: 'booking', guest: 'Guest 2', from: '2026-12-03T16:00:00.000Z', until: '2026-12-04T11:00:00.000Z' });
      feed.events[999].should.containEql({ uid: '1418fb94e984-999@airbnb.com', from: '2029-08-26', reservation: 'HM00000999', phoneLast4: '0999' });
    });

    it('reading time grows with the feed, not with its square (TZIDs without VTIMEZONE included)', function () {
      this.timeout(120000);
      const best = (text) => {
        let ms = Infinity;
        for (let i = 0; i < 3; i++) {
          const started = process.hrtime.bigint();
          read(text);
          ms = Math.min(ms, Number(process.hrtime.bigint() - started) / 1e6);
        }
        return ms;
      };
      const small = airbnbFeed(2000);
      const large = airbnbFeed(16000);
      best(small); // warm up
      const [a, b] = [best(small), best(large)];
      // 8 times the events: about 8 times the time; a square would be 64
      (b / Math.max(a, 1)).should.be.below(24, `${a.toFixed(0)} ms for 2 000 events, ${b.toFixed(0)} ms for 16 000`);
      (large.length / 1e6).should.be.above(2.5);
    });
  });
});
