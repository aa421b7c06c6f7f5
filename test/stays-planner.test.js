'use strict';
// The stays planner, table by table: (wanted, remembered, observed) → actions. Pure: no Node-RED, no network.
require('should');
const { plan, contentOf } = require('../dist/lib/stays/planner');
const { readStay } = require('../dist/lib/stays/stay');

const DOORS = [
  { name: 'building', timeZone: 'Europe/Berlin', grant: 'code', checkIn: '15:00', checkOut: '11:00', bufferMinutes: 30 },
  { name: 'apartment', timeZone: 'Europe/Berlin', grant: 'code', checkIn: '15:00', checkOut: '11:00', bufferMinutes: 0 },
];
const ABLE = { building: { change: true, list: true }, apartment: { change: false, list: true } };
const stay = (over = {}) => readStay({ id: 'S1', guest: 'Ada', from: '2026-12-20', until: '2026-12-23', ...over }, DOORS);
/** What the executor stores once every action of a stay succeeded. */
const applied = (s, ids = { building: 'b1', apartment: 'a1' }) => ({
  id: s.id,
  content: contentOf(s),
  live: s.status === 'confirmed',
  credentials: Object.entries(s.windows).map(([door, window]) => ({ door, state: 'active', id: ids[door], window })),
});
const mem = (...rs) => new Map(rs.map((r) => [r.id, r]));
const brief = (actions) =>
  actions.map((a) => `${a.do} ${a.stay}/${a.door}${a.id ? ` ${a.id}` : ''}${a.replaces ? ` replacing ${a.replaces}` : ''}${a.why ? ` (${a.why})` : ''}`);

describe('stays: reading a stay', () => {
  it('dates take each door’s check-in/check-out time in its zone, widened by its buffer', () => {
    const s = stay();
    new Date(s.windows.building.from).toISOString().should.equal('2026-12-20T13:30:00.000Z'); // 15:00 CET − 30 min
    new Date(s.windows.building.until).toISOString().should.equal('2026-12-23T10:30:00.000Z');
    new Date(s.windows.apartment.from).toISOString().should.equal('2026-12-20T14:00:00.000Z');
    s.guest.should.eql({ name: 'Ada' });
  });
  it('an ISO time is that instant; doors default to every door; a list picks some', () => {
    const s = stay({ from: '2026-12-20T16:00:00Z', until: '2026-12-21T09:00:00Z', doors: ['apartment'] });
    Object.keys(s.windows).should.eql(['apartment']);
    new Date(s.windows.apartment.from).toISOString().should.equal('2026-12-20T16:00:00.000Z');
  });
  it('says what is wrong, in one line', () => {
    (() => stay({ doors: ['garage'] })).should.throw({ code: 'VALIDATION', message: 'no door "garage" in this node (its doors: building, apartment)' });
    (() => stay({ until: '2026-12-19' })).should.throw({ code: 'VALIDATION', message: /ends \(2026-12-19\) before it starts \(2026-12-20\)/ });
    (() => stay({ id: '' })).should.throw({ code: 'VALIDATION', message: "the stay's id is missing or not valid" });
    (() => stay({ status: 'maybe' })).should.throw({ code: 'VALIDATION', message: "the stay's status is missing or not valid" });
    (() => readStay([], DOORS)).should.throw({ code: 'VALIDATION' });
  });
  it('a cancellation needs no dates or guest', () => {
    readStay({ id: 'S1', status: 'cancelled' }, DOORS).status.should.equal('cancelled');
  });
});

describe('stays: the planner', () => {
  it('a new stay: one credential per door', () => {
    brief(plan({ wanted: [stay()], remembered: mem(), abilities: ABLE })).should.eql(['create S1/building (new)', 'create S1/apartment (new)']);
  });
  it('the same stay again: nothing', () => {
    const s = stay();
    plan({ wanted: [s], remembered: mem(applied(s)), abilities: ABLE }).should.eql([]);
  });
  it('changed dates: changed in place where the system can (the code stays), replaced where it cannot', () => {
    const before = applied(stay());
    const actions = plan({ wanted: [stay({ until: '2026-12-24' })], remembered: mem(before), abilities: ABLE });
    brief(actions).should.eql(['change S1/building b1', 'create S1/apartment replacing a1 (replace)']);
  });
  it('changed doors: the added door made, the removed one revoked', () => {
    const before = applied(stay({ doors: ['building'] }));
    brief(plan({ wanted: [stay({ doors: ['apartment'] })], remembered: mem(before), abilities: ABLE })).should.eql([
      'revoke S1/building b1 (door removed)',
      'create S1/apartment (door added)',
    ]);
  });
  it('cancelled or checked out: every credential revoked', () => {
    const before = applied(stay());
    for (const status of ['cancelled', 'checked-out']) {
      brief(plan({ wanted: [readStay({ id: 'S1', status }, DOORS)], remembered: mem(before), abilities: ABLE })).should.eql([
        'revoke S1/building b1 (cancelled)',
        'revoke S1/apartment a1 (cancelled)',
      ]);
    }
  });
  it('a door that refused: tried again at a reconcile, with the same code; the others kept', () => {
    const s = stay();
    const r = applied(s);
    r.credentials[1] = { door: 'apartment', state: 'refused', window: s.windows.apartment, code: '482913', reason: 'the lock is full' };
    plan({ wanted: [s], remembered: mem(r), abilities: ABLE }).should.eql([]); // the same msg again: not by itself
    const retry = plan({ wanted: [], remembered: mem(r), abilities: ABLE, retry: true });
    brief(retry).should.eql(['create S1/apartment (retry)']);
    retry[0].code.should.equal('482913');
  });
  it('after a crash: an intent with no outcome is settled (looked up), never made twice', () => {
    const s = stay();
    const r = applied(s);
    r.credentials[0] = { door: 'building', state: 'creating', window: s.windows.building, code: '111222' };
    brief(plan({ wanted: [], remembered: mem(r), abilities: ABLE })).should.eql(['settle S1/building']);
    brief(plan({ wanted: [s], remembered: mem(r), abilities: ABLE })).should.eql(['settle S1/building']);
  });
  it('after a crash between a replacement and the old one’s revoke: the old one revoked, nothing made again', () => {
    const s = stay({ until: '2026-12-24' });
    const r = applied(s, { building: 'b1', apartment: 'a2' });
    r.credentials[1].replaces = 'a1';
    brief(plan({ wanted: [s], remembered: mem(r), abilities: ABLE })).should.eql(['revoke S1/apartment a1 (replaced)']);
  });
  it('a reconcile that settles a lost create: what the lock lists for that stay is settled, not revoked as an orphan', () => {
    const s = stay();
    const r = applied(s);
    r.credentials[0] = { door: 'building', state: 'creating', window: s.windows.building, code: '111222' };
    const observed = new Map([['building', { ids: new Set(['b7']), tagged: new Map([['b7', 'S1']]) }]]);
    brief(plan({ wanted: [], remembered: mem(r), abilities: ABLE, observed })).should.eql(['settle S1/building']);
  });
  it('a reconcile: a credential gone from its lock is made again; one the package made for no stay is revoked; one it did not make is untouched', () => {
    const s = stay();
    const observed = new Map([
      [
        'building',
        {
          ids: new Set(['b1', 'x9', 'own7']),
          tagged: new Map([
            ['b1', 'S1'],
            ['own7', 'S0'],
          ]),
        },
      ],
      ['apartment', { ids: new Set(['mine-not']), tagged: new Map() }],
    ]);
    brief(plan({ wanted: [], remembered: mem(applied(s)), abilities: ABLE, observed })).should.eql([
      'create S1/apartment (missing)',
      'revoke S0/building own7 (not a stay)',
    ]);
  });
  it('a reconcile after a cancellation the locks still hold: revoked once', () => {
    const r = { ...applied(stay()), live: false };
    const observed = new Map([['building', { ids: new Set(['b1']), tagged: new Map([['b1', 'S1']]) }]]);
    brief(plan({ wanted: [], remembered: mem(r), abilities: ABLE, observed })).should.eql([
      'revoke S1/building b1 (cancelled)',
      'revoke S1/apartment a1 (cancelled)',
    ]);
  });
});

describe('stays: codes whose stay has ended (found by the stays bench)', () => {
  const s = stay();
  const after = Date.parse('2026-12-24T00:00:00Z');
  const seenNone = new Map([
    ['building', { ids: new Set(), tagged: new Map() }],
    ['apartment', { ids: new Set(), tagged: new Map() }],
  ]);
  it('an ended code gone from its lock’s list (Tuya lists only valid ones) is not made again: the stay is revoked and forgotten instead', () => {
    brief(plan({ wanted: [], remembered: mem(applied(s)), abilities: ABLE, observed: seenNone, retry: true, now: after })).should.eql([
      'revoke S1/building b1 (ended)',
      'revoke S1/apartment a1 (ended)',
    ]);
  });
  it('before its end, a code gone from the list is made again (deleted at the lock)', () => {
    const during = Date.parse('2026-12-21T00:00:00Z');
    brief(plan({ wanted: [], remembered: mem(applied(s)), abilities: ABLE, observed: seenNone, retry: true, now: during })).should.eql([
      'create S1/building (missing)',
      'create S1/apartment (missing)',
    ]);
  });
});

describe('stays: a lock two stay nodes share (a building door)', () => {
  it('a tagged code of a stay another node keeps is not this node’s orphan; one no node keeps is', () => {
    const seen = new Map([
      [
        'building',
        {
          ids: new Set(['x1', 'x2']),
          tagged: new Map([
            ['x1', 'THEIRS'],
            ['x2', 'NOBODY'],
          ]),
        },
      ],
    ]);
    brief(plan({ wanted: [], remembered: mem(), abilities: ABLE, observed: seen, retry: true, othersKeep: new Set(['THEIRS']) })).should.eql([
      'revoke NOBODY/building x2 (not a stay)',
    ]);
  });
});
