'use strict';
// Calendar validation and daylight-saving disambiguation in lib/time.
const should = require('should');
const { toDate, formatLocal, parseLocal, formatIso } = require('../dist/lib/time');
const { LockError } = require('../dist/lib/errors');

const iso = (d) => d.toISOString();
const local = (text, zone) => new Date(parseLocal(text, zone)).toISOString();

function refusal(value, zone) {
  let err;
  try {
    toDate(value, 'validUntil', zone);
  } catch (e) {
    err = e;
  }
  should(err).be.instanceOf(LockError);
  err.should.not.be.instanceOf(RangeError);
  err.code.should.equal('VALIDATION');
  return err;
}

describe('time: impossible dates', () => {
  const impossible = [
    '2026-13-45',
    '2026-02-30',
    '2026-00-00',
    '2026-04-31',
    '2025-02-29',
    '2100-02-29',
    '2026-01-01 24:00',
    '2026-01-01 23:60',
    '2026-01-01 23:59:60',
    '2026-01-01T99:99:99',
  ];

  it('refuses them without an offset, in any zone', () => {
    for (const text of impossible) {
      for (const zone of ['UTC', 'America/New_York', 'Europe/Berlin']) {
        refusal(text, zone).message.should.match(/validUntil must be an ISO 8601 time/);
      }
    }
  });

  it('refuses them with an offset', () => {
    for (const text of [
      '2026-02-30T10:00:00Z',
      '2026-13-01T00:00:00+08:00',
      '2026-00-10T00:00Z',
      '2026-06-31T12:00:00-0500',
      '2026-01-01T25:00:00Z',
      '2026-01-01T12:00:00+25:00',
      '2026-01-01T12:00:00+08:60',
    ]) {
      refusal(text).message.should.match(/validUntil must be an ISO 8601 time/);
    }
  });

  it('parseLocal returns NaN for them', () => {
    for (const text of impossible) {
      parseLocal(text, 'Europe/Berlin').should.be.NaN();
    }
    parseLocal('2026-02-30', 'UTC').should.be.NaN();
    parseLocal('2026-03-01T10:00:00Z', 'UTC').should.be.NaN();
  });

  it('accepts valid edge dates', () => {
    iso(toDate('2024-02-29', 't')).should.equal('2024-02-29T00:00:00.000Z');
    iso(toDate('2024-02-29T12:00:00+08:00', 't')).should.equal('2024-02-29T04:00:00.000Z');
    iso(toDate('2000-02-29 08:00', 't')).should.equal('2000-02-29T08:00:00.000Z');
    iso(toDate('2026-12-31 23:59:59', 't')).should.equal('2026-12-31T23:59:59.000Z');
    iso(toDate('2026-12-31T23:59:59Z', 't')).should.equal('2026-12-31T23:59:59.000Z');
    iso(toDate('2026-12-31T23:59:59.5-05:00', 't')).should.equal('2027-01-01T04:59:59.500Z');
    iso(toDate('2026-04-30 00:00:00', 't', 'Europe/Berlin')).should.equal('2026-04-29T22:00:00.000Z');
    local('2024-02-29 23:59:59', 'America/New_York').should.equal('2024-03-01T04:59:59.000Z');
  });
});

describe('time: huge and non-finite numbers', () => {
  it('refuses them as out of range, never with a RangeError', () => {
    for (const n of [1e17, -1e17, 8.64e15 + 1, 1e300, -1e300, Number.MAX_VALUE, Infinity, -Infinity, NaN, -1, 0, 1e11 - 1, new Date(8.64e15), new Date(NaN)]) {
      refusal(n).message.should.match(/not a valid time between 2000 and 2100/);
    }
  });
  it('refuses digit strings out of range', () => {
    refusal('9999999999999').message.should.match(/not a valid time between 2000 and 2100/);
  });
});

describe('time: daylight saving, one rule for every zone', () => {
  it('moves a time in a spring-forward gap forward by the gap', () => {
    local('2026-03-08 02:30', 'America/New_York').should.equal('2026-03-08T07:30:00.000Z');
    local('2026-03-29 02:30', 'Europe/Berlin').should.equal('2026-03-29T01:30:00.000Z');
    formatLocal(new Date(parseLocal('2026-03-08 02:30', 'America/New_York')), 'America/New_York').should.equal('2026-03-08 03:30:00');
    formatLocal(new Date(parseLocal('2026-03-29 02:30', 'Europe/Berlin')), 'Europe/Berlin').should.equal('2026-03-29 03:30:00');
    iso(toDate('2026-03-08 02:30:00', 't', 'America/New_York')).should.equal('2026-03-08T07:30:00.000Z');
    iso(toDate('2026-03-29 02:30:00', 't', 'Europe/Berlin')).should.equal('2026-03-29T01:30:00.000Z');
  });

  it('reads a time in a fall-back overlap as the earlier instant', () => {
    local('2026-11-01 01:30', 'America/New_York').should.equal('2026-11-01T05:30:00.000Z');
    local('2026-10-25 02:30', 'Europe/Berlin').should.equal('2026-10-25T00:30:00.000Z');
    iso(toDate('2026-11-01 01:30:00', 't', 'America/New_York')).should.equal('2026-11-01T05:30:00.000Z');
    iso(toDate('2026-10-25 02:30:00', 't', 'Europe/Berlin')).should.equal('2026-10-25T00:30:00.000Z');
  });

  it('reads the times next to the changes unambiguously', () => {
    local('2026-03-08 01:59:59', 'America/New_York').should.equal('2026-03-08T06:59:59.000Z');
    local('2026-03-08 03:00', 'America/New_York').should.equal('2026-03-08T07:00:00.000Z');
    local('2026-11-01 02:00', 'America/New_York').should.equal('2026-11-01T07:00:00.000Z');
    local('2026-03-29 03:00', 'Europe/Berlin').should.equal('2026-03-29T01:00:00.000Z');
    local('2026-10-25 03:00', 'Europe/Berlin').should.equal('2026-10-25T02:00:00.000Z');
  });

  it('round-trips a normal time through formatLocal in each zone', () => {
    for (const [zone, wall, utc] of [
      ['America/New_York', '2026-07-04 12:34:56', '2026-07-04T16:34:56.000Z'],
      ['America/New_York', '2026-01-15 08:00:00', '2026-01-15T13:00:00.000Z'],
      ['Europe/Berlin', '2026-07-04 12:34:56', '2026-07-04T10:34:56.000Z'],
      ['Europe/Berlin', '2026-01-15 08:00:00', '2026-01-15T07:00:00.000Z'],
    ]) {
      local(wall, zone).should.equal(utc);
      formatLocal(new Date(utc), zone).should.equal(wall);
    }
  });
});

describe('time: formatIso, the one output format', () => {
  const at = (text) => Date.parse(text);
  const same = (ms, zone, text) => {
    formatIso(ms, zone).should.equal(text);
    Date.parse(text).should.equal(ms); // the text is the exact instant
  };
  /** Rows of [UTC instant, its text in Berlin], asked in this order. */
  const inBerlin = (rows) => rows.forEach(([utc, text]) => same(at(utc), 'Europe/Berlin', text));

  it('writes the wall clock of the zone with its offset, to the second', () => {
    same(at('2026-12-20T06:00:00Z'), 'Asia/Shanghai', '2026-12-20T14:00:00+08:00');
    same(at('2026-12-20T06:00:00Z'), 'America/New_York', '2026-12-20T01:00:00-05:00');
    same(at('2026-12-20T06:00:00Z'), 'America/St_Johns', '2026-12-20T02:30:00-03:30');
    formatIso(new Date('2026-12-20T06:00:00Z'), 'Asia/Shanghai').should.equal('2026-12-20T14:00:00+08:00');
  });

  it('asked in a row across a switch (the offset is remembered per minute), each side has its own offset', () => {
    inBerlin([
      // Berlin springs forward at 01:00 UTC on 2026-03-29 and falls back at 01:00 UTC on 2026-10-25.
      ['2026-03-29T00:59:59.999Z', '2026-03-29T01:59:59.999+01:00'],
      ['2026-03-29T00:59:30Z', '2026-03-29T01:59:30+01:00'],
      ['2026-03-29T01:00:00Z', '2026-03-29T03:00:00+02:00'],
      ['2026-03-29T01:00:59Z', '2026-03-29T03:00:59+02:00'],
      ['2026-10-25T00:59:59Z', '2026-10-25T02:59:59+02:00'],
      ['2026-10-25T01:00:00Z', '2026-10-25T02:00:00+01:00'],
      ['2026-10-25T00:59:00Z', '2026-10-25T02:59:00+02:00'],
    ]);
  });

  it('writes UTC as +00:00, never Z', () => {
    same(at('2026-12-20T06:00:00Z'), 'UTC', '2026-12-20T06:00:00+00:00');
    same(at('2026-07-01T06:00:00Z'), 'Europe/London', '2026-07-01T07:00:00+01:00');
    same(at('2026-12-01T06:00:00Z'), 'Europe/London', '2026-12-01T06:00:00+00:00');
  });

  it('keeps milliseconds only when the instant has them', () => {
    same(at('2026-12-20T06:00:00.123Z'), 'Asia/Shanghai', '2026-12-20T14:00:00.123+08:00');
    same(at('2026-12-20T06:00:00.001Z'), 'Asia/Shanghai', '2026-12-20T14:00:00.001+08:00');
    same(at('2026-12-20T06:00:00.000Z'), 'Asia/Shanghai', '2026-12-20T14:00:00+08:00');
  });

  it('in a burst of one second (the text is remembered per second and zone), each instant keeps its own fraction', () => {
    const base = at('2026-12-20T06:00:07Z');
    for (const [d, zone, text] of [
      [0, 'Asia/Shanghai', '2026-12-20T14:00:07+08:00'],
      [5, 'Asia/Shanghai', '2026-12-20T14:00:07.005+08:00'],
      [5, 'Europe/Berlin', '2026-12-20T07:00:07.005+01:00'],
      [999, 'Asia/Shanghai', '2026-12-20T14:00:07.999+08:00'],
      [0, 'Asia/Shanghai', '2026-12-20T14:00:07+08:00'],
      [1000, 'Asia/Shanghai', '2026-12-20T14:00:08+08:00'],
      [-1, 'Asia/Shanghai', '2026-12-20T14:00:06.999+08:00'],
    ])
      same(base + d, zone, text);
    same(Date.UTC(9998, 11, 31, 23, 59, 59, 500), 'Asia/Tokyo', '9999-01-01T08:59:59.500+09:00');
    same(Date.UTC(10000, 0, 1), 'Asia/Tokyo', '+010000-01-01T09:00:00+09:00');
  });

  it('writes a +05:45 zone (Asia/Kathmandu)', () => {
    same(at('2026-12-20T06:00:00Z'), 'Asia/Kathmandu', '2026-12-20T11:45:00+05:45');
    same(at('2026-12-19T18:15:00Z'), 'Asia/Kathmandu', '2026-12-20T00:00:00+05:45');
    same(at('2026-12-20T06:00:00.5Z'), 'Asia/Kathmandu', '2026-12-20T11:45:00.500+05:45');
  });

  it('follows daylight saving in Europe/Berlin on both sides of each switch', () => {
    inBerlin([
      // spring forward 2026-03-29 01:00 UTC: 02:00 CET becomes 03:00 CEST
      ['2026-03-29T00:59:59Z', '2026-03-29T01:59:59+01:00'],
      ['2026-03-29T01:00:00Z', '2026-03-29T03:00:00+02:00'],
      // fall back 2026-10-25 01:00 UTC: 03:00 CEST becomes 02:00 CET; 02:30 is shown twice, told apart by the offset
      ['2026-10-25T00:30:00Z', '2026-10-25T02:30:00+02:00'],
      ['2026-10-25T00:59:59Z', '2026-10-25T02:59:59+02:00'],
      ['2026-10-25T01:00:00Z', '2026-10-25T02:00:00+01:00'],
      ['2026-10-25T01:30:00Z', '2026-10-25T02:30:00+01:00'],
      // summer and winter
      ['2026-07-04T10:00:00Z', '2026-07-04T12:00:00+02:00'],
      ['2026-01-15T11:00:00Z', '2026-01-15T12:00:00+01:00'],
    ]);
  });

  it('follows daylight saving in America/New_York', () => {
    same(at('2026-03-08T06:59:59Z'), 'America/New_York', '2026-03-08T01:59:59-05:00');
    same(at('2026-03-08T07:00:00Z'), 'America/New_York', '2026-03-08T03:00:00-04:00');
    same(at('2026-11-01T05:30:00Z'), 'America/New_York', '2026-11-01T01:30:00-04:00');
    same(at('2026-11-01T06:30:00Z'), 'America/New_York', '2026-11-01T01:30:00-05:00');
  });

  it('reads back through toDate and parseLocal to the same instant', () => {
    for (const zone of ['Asia/Shanghai', 'Europe/Berlin', 'Asia/Kathmandu', 'America/New_York', 'UTC']) {
      for (const ms of [at('2026-03-29T01:00:00Z'), at('2026-10-25T00:30:00Z'), at('2026-10-25T01:30:00Z'), at('2026-12-20T06:00:00.250Z')]) {
        const text = formatIso(ms, zone);
        toDate(text, 't', 'UTC').getTime().should.equal(ms);
        formatLocal(new Date(ms), zone).should.equal(text.slice(0, 19).replace('T', ' '));
      }
    }
  });

  it('orders by instant, not by text: compare Date.parse or the Ms twin', () => {
    const earlier = formatIso(at('2026-12-20T06:00:00Z'), 'Asia/Shanghai'); // 14:00+08:00
    const later = formatIso(at('2026-12-20T07:00:00Z'), 'Europe/Berlin'); // 08:00+01:00
    (earlier > later).should.be.true(); // as strings, the wrong way round
    (Date.parse(earlier) < Date.parse(later)).should.be.true();
  });

  it('writes times the zone rules cannot place in UTC, still exact', () => {
    same(8.64e15, 'Asia/Tokyo', '+275760-09-13T00:00:00+00:00');
    same(-8.64e15, 'America/New_York', '-271821-04-20T00:00:00+00:00');
    same(Date.UTC(1900, 0, 1), 'Asia/Kolkata', '1900-01-01T05:21:00+05:21'); // local mean time +05:21:10, rounded
  });
});
