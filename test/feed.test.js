'use strict';
// What a booking feed's polls mean for stays (lib/stays/feed.ts, pure): flapping feeds, failed
// polls, a UID re-issued for an extended stay, blocked dates and Booking.com's CLOSED.
require('should');
const { track } = require('../dist/lib/stays/feed');

const SETTINGS = { missedPolls: 3, blockedAreStays: false, closedAreStays: false };
const TODAY = '2026-12-08';
const booking = (uid, from, until, over = {}) => ({ uid, from, until, kind: 'booking', ...over });
const feed = (...events) => ({ events });

/** Polls the reads in turn from an empty state; resolves with every poll's changes and the last state. */
function polls(reads, settings = SETTINGS, today = TODAY) {
  let state = { known: [] };
  return reads.map((read) => {
    const out = track(read, state, settings, today);
    state = out.state;
    return out.changes;
  });
}

describe('booking feeds → stays (pure)', () => {
  it('a new booking is a confirmed stay, its UID the id; the same feed again changes nothing; new dates change it', () => {
    const a = booking('A1', '2026-12-20', '2026-12-23', { guest: 'Ada' });
    const [first, again, moved] = polls([feed(a), feed(a), feed({ ...a, until: '2026-12-24' })]);
    first.should.eql([{ id: 'A1', guest: 'Ada', from: '2026-12-20', until: '2026-12-23', status: 'confirmed' }]);
    again.should.eql([]);
    moved.should.eql([{ id: 'A1', guest: 'Ada', from: '2026-12-20', until: '2026-12-24', status: 'confirmed' }]);
  });

  it('a booking gone from the feed is cancelled only after 3 polls in a row; back before that, nothing happened', () => {
    const a = booking('A1', '2026-12-20', '2026-12-23', { guest: 'Ada' });
    const changes = polls([feed(a), feed(), feed(), feed(a), feed(), feed(), feed()]);
    changes.slice(1).should.eql([[], [], [], [], [], [{ id: 'A1', status: 'cancelled' }]]);
  });

  it('a failed poll (HTTP error, not iCal, too large) changes nothing and counts for nothing', () => {
    const a = booking('A1', '2026-12-20', '2026-12-23', { guest: 'Ada' });
    const changes = polls([feed(a), feed(), undefined, undefined, undefined, feed(), feed()]);
    changes.slice(1, 6).should.eql([[], [], [], [], []]);
    changes[6].should.eql([{ id: 'A1', status: 'cancelled' }]);
  });

  it('an empty calendar after a full one (Airbnb for a few minutes) cancels nothing until it stays so for K polls', () => {
    const all = Array.from({ length: 20 }, (_, i) => booking(`B${i}`, '2026-12-20', '2026-12-23', { guest: `G${i}` }));
    const changes = polls([feed(...all), feed(), feed(), feed(...all)]);
    changes.slice(1).should.eql([[], [], []]);
  });

  it('a new UID carrying a vanished booking’s reservation code is that booking, changed: the stay id (and so the code) is kept', () => {
    const a = booking('old-uid', '2026-12-20', '2026-12-23', { reservation: 'HMABC12345', phoneLast4: '1234' });
    const [first, extended, again] = polls([feed(a), feed({ ...a, uid: 'new-uid', until: '2026-12-25' }), feed({ ...a, uid: 'new-uid', until: '2026-12-25' })]);
    first.should.eql([{ id: 'old-uid', guest: 'guest HMABC12345', from: '2026-12-20', until: '2026-12-23', status: 'confirmed' }]);
    extended.should.eql([{ id: 'old-uid', guest: 'guest HMABC12345', from: '2026-12-20', until: '2026-12-25', status: 'confirmed' }]);
    again.should.eql([]);
  });

  it('without codes, a new UID is the vanished booking only for the same guest over the same nights; another guest is a new stay', () => {
    const a = booking('u1', '2026-12-20', '2026-12-23', { guest: 'Ada' });
    const [, shortened] = polls([feed(a), feed({ ...a, uid: 'u2', until: '2026-12-22' })]);
    shortened.should.eql([{ id: 'u1', guest: 'Ada', from: '2026-12-20', until: '2026-12-22', status: 'confirmed' }]);
    const [, other] = polls([feed(a), feed({ ...a, uid: 'u3', guest: 'Bo' })]);
    other.should.eql([{ id: 'u3', guest: 'Bo', from: '2026-12-20', until: '2026-12-23', status: 'confirmed' }]);
  });

  it('blocked dates make no stay by default, so Airbnb’s booking-window block moving forward every day churns nothing', () => {
    const days = ['2027-12-08', '2027-12-09', '2027-12-10'];
    const changes = polls(days.map((d) => feed({ uid: 'window', from: d, until: '2028-12-08', kind: 'blocked' })));
    changes.should.eql([[], [], []]);
    const asStays = polls([feed({ uid: 'b', from: '2026-12-24', until: '2026-12-26', kind: 'blocked' })], { ...SETTINGS, blockedAreStays: true });
    asStays[0].should.eql([{ id: 'b', guest: 'guest', from: '2026-12-24', until: '2026-12-26', status: 'confirmed' }]);
  });

  it('Booking.com’s CLOSED - Not available is a stay only when the feed says its closures are bookings', () => {
    const closed = { uid: 'c1', from: '2026-12-20', until: '2026-12-22', kind: 'closed' };
    polls([feed(closed)])[0].should.eql([]);
    polls([feed(closed)], { ...SETTINGS, closedAreStays: true })[0].should.match([{ id: 'c1', status: 'confirmed' }]);
  });

  it('a booking that ended and left the feed is forgotten, not cancelled (its credential has run out)', () => {
    const past = booking('P', '2026-12-01', '2026-12-05', { guest: 'Ada' });
    const changes = polls([feed(past), feed(), feed(), feed()]);
    changes.slice(1).should.eql([[], [], []]);
  });

  it('reads 1 000 bookings in one poll, each once', () => {
    const all = Array.from({ length: 1000 }, (_, i) => booking(`U${i}`, '2026-12-20', '2026-12-23', { guest: `G${i}` }));
    const [first, again] = polls([feed(...all), feed(...all)]);
    first.length.should.equal(1000);
    again.length.should.equal(0);
  });
});

describe('booking feeds → stays: what has ended', () => {
  it('a past booking still in the feed makes no stay (no code for a stay that is over); a known one that ends is forgotten', () => {
    const past = booking('P', '2026-11-01', '2026-11-05', { guest: 'Ada' });
    const now = booking('N', '2026-12-07', '2026-12-10', { guest: 'Bo' });
    const [first] = polls([feed(past, now)]);
    first.should.eql([{ id: 'N', guest: 'Bo', from: '2026-12-07', until: '2026-12-10', status: 'confirmed' }]);
    const later = polls([feed(now), feed(now)], SETTINGS, '2026-12-11');
    later.should.eql([[], []]);
  });
});

describe('a booking feed over HTTP (FeedPoller against the calendar simulator on 127.0.0.1)', function () {
  this.timeout(30_000);
  const fs = require('node:fs');
  const os = require('node:os');
  const path = require('node:path');
  const { BookingCalendarSimulator } = require('../dist/lib/simulators');
  const { readCalendar } = require('../dist/lib/stays/calendar');
  const { FeedPoller } = require('../dist/lib/stays/feed');
  const { openStore } = require('../dist/lib/store');
  let sim;
  let store;
  let poller;
  beforeEach(async () => {
    sim = new BookingCalendarSimulator('secret-feed-token');
    await sim.start();
    store = await openStore({ file: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'smartlock-feed-')), 'store.jsonl') });
    poller = new FeedPoller(store, 'feed/test', sim.feedUrl, SETTINGS, 'Europe/Berlin', readCalendar);
  });
  afterEach(async () => {
    poller.close();
    await sim.stop();
    await store.close();
  });
  const ahead = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

  it('a feed that fails (an HTML error page, an empty 200, a 500) changes nothing, says why without the feed’s token', async () => {
    sim.bookings = [{ uid: 'a', from: ahead(3), until: ahead(5), summary: 'Reserved', reservation: 'HMAAAAAAAA' }];
    // (a 500 is tried twice: a GET is safe to repeat)
    for (const [fault, times] of [
      [{ kind: 'html' }, 1],
      [{ kind: 'empty' }, 1],
      [{ kind: 'status', status: 500 }, 2],
    ]) {
      sim.inject(fault, { match: 'calendar', times });
      const out = await poller.poll();
      out.changes.should.eql([]);
      out.error.message.should.be.a.String();
      out.error.message.should.not.containEql('secret-feed-token');
    }
    (await poller.poll()).changes.should.have.length(1);
  });

  it('a feed of thousands of events (a feed gone wrong) changes nothing; 1 000 bookings are read', async () => {
    sim.bookings = Array.from({ length: 6000 }, (_, i) => ({ uid: `u${i}`, from: ahead(3), until: ahead(5), summary: 'Reserved' }));
    const many = await poller.poll();
    many.changes.should.eql([]);
    many.error.message.should.match(/6000 events.*at most 5000/);
    sim.bookings = sim.bookings.slice(0, 1000);
    (await poller.poll()).changes.should.have.length(1000);
  });
});
