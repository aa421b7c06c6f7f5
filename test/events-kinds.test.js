'use strict';
// Every system's records as the events node emits them (issue 31): each row of a vendor's table
// comes out as the row says, a code no row names as `operation`, a refused attempt as `failed`,
// and never a code's digits. Records are shaped as the public sources print them and read by a
// real events node from the simulators over HTTP on 127.0.0.1.
require('should');
const { helper, startTtlock, loadFlow, pollEvents, send } = require('./support/flow');
const { TTLOCK_RECORD_TABLE } = require('../dist/lib/vendors/ttlock/records');

/** A guest's working passcode: it must not appear in any emitted msg. */
const CODE = '83920571';

/** What a row promises of its event. */
const promised = (rule) => ({
  kind: rule.kind,
  ...(rule.method ? { method: rule.method } : {}),
  ...(rule.state ? { state: rule.state } : {}),
  ...(rule.alarm ? { alarm: rule.alarm } : {}),
});

describe('events as they happened: TTLock record types (poll)', function () {
  this.timeout(60_000);
  let sim;
  afterEach(async () => {
    await helper.unload();
    await sim?.stop();
  });

  it('emits every type of the table as its row says, an unknown type as operation, success 0 as failed, no passcode digits', async () => {
    sim = await startTtlock();
    const LOCK = '163377';
    await loadFlow(sim, [{ id: 'n-events', type: 'smartlock-events', operation: 'query', devices: LOCK, interval: 3600 }]);
    (await pollEvents('n-events')).should.eql([]);
    const t = Date.now() - 60_000;
    const types = Object.keys(TTLOCK_RECORD_TABLE);
    // keyboardPwd as the list page prints it: the passcode itself for a passcode record, else the card or fingerprint number
    const number = (rule) => (rule.method === 'password' ? CODE : rule.method === 'card' ? '3210987654' : rule.method === 'fingerprint' ? '12' : '');
    types.forEach((type, i) => sim.record(Number(LOCK), Number(type), `user ${type}`, t + i * 100, { keyboardPwd: number(TTLOCK_RECORD_TABLE[type]) }));
    sim.record(Number(LOCK), 999, 'someone', t + 10_000);
    sim.record(Number(LOCK), 4, 'Guest code', t + 10_100, { success: 0, keyboardPwd: CODE });
    const events = await pollEvents('n-events');
    events.length.should.equal(types.length + 2);
    const byUser = new Map(events.map((e) => [e.user, e]));
    for (const type of types) {
      const e = byUser.get(`user ${type}`);
      e.should.match(promised(TTLOCK_RECORD_TABLE[type]), `type ${type}`);
      e.code.should.equal(type);
    }
    byUser.get('user 7').credential.should.eql({ kind: 'card', id: '3210987654' });
    byUser.get('user 8').credential.should.eql({ kind: 'fingerprint', id: '12' });
    byUser.get('user 1').credential.should.eql({ kind: 'ekey', id: 'user 1' });
    byUser.get('user 4').credential.should.eql({ kind: 'password' });
    byUser.get('someone').should.match({ kind: 'operation', code: '999' });
    byUser.get('Guest code').should.match({ kind: 'failed', method: 'password', credential: { kind: 'password' } });
    JSON.stringify(events).should.not.containEql(CODE);
  });

  it("names a passcode by the password node's passwordId; an unknown code lists the passcodes again at most once a minute", async () => {
    sim = await startTtlock();
    const LOCK = '163377';
    await loadFlow(sim, [
      { id: 'n-events', type: 'smartlock-events', operation: 'query', devices: LOCK, interval: 3600 },
      { id: 'n-pw', type: 'smartlock-password', operation: 'create' },
    ]);
    (await pollEvents('n-events')).should.eql([]);
    const made = await send('n-pw', {
      payload: { deviceId: LOCK, name: 'Guest 3', password: CODE, validFrom: '2030-01-01T14:00:00Z', validUntil: '2030-01-04T11:00:00Z' },
    });
    const { passwordId } = made.msg.payload;
    const t = Date.now() - 60_000;
    sim.record(Number(LOCK), 4, 'Guest 3', t, { keyboardPwd: CODE });
    const [opened] = await pollEvents('n-events');
    opened.should.match({ kind: 'unlock', method: 'password', credential: { kind: 'password', id: passwordId } });
    const listings = sim.received['lock/listKeyboardPwd'];
    listings.should.equal(1);
    // Wrong codes tried in a row: the list just read is not read again for each.
    sim.record(Number(LOCK), 4, 'guess', t + 100, { keyboardPwd: '5550123', success: 0 });
    sim.record(Number(LOCK), 4, 'guess', t + 200, { keyboardPwd: '5550124', success: 0 });
    const guesses = await pollEvents('n-events');
    guesses.map((e) => e.credential).should.eql([{ kind: 'password' }, { kind: 'password' }]);
    sim.received['lock/listKeyboardPwd'].should.equal(listings);
    JSON.stringify([opened, guesses]).should.not.containEql(CODE);
  });
});
