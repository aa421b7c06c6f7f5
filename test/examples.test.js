'use strict';
require('should');
const path = require('node:path');
const { helper, modules, startHotel, APPID, APPSECRET } = require('./support/flow');
const core = ['20-inject.js', '90-comment.js'].map((f) => require(`@node-red/nodes/core/common/${f}`));

const ROOM = '775032240849920';

/** An example flow as shipped, its debug nodes swapped for test sinks and the config aimed at `url`. */
function example(file, url) {
  const flow = require(path.join('..', 'examples', file));
  return flow.map((n) => {
    if (n.type === 'debug') return { id: n.id, z: n.z, type: 'helper', name: n.name };
    if (n.type === 'smartlock-hotel') return { ...n, baseUrl: url };
    return { ...n };
  });
}

function next(node) {
  return new Promise((resolve) => node.once('input', resolve));
}

describe('example flows run against the simulator', function () {
  let sim;
  before(async () => { sim = await startHotel(); });
  after(async () => {
    await helper.unload();
    await sim.stop();
  });

  it('hotel check-in / check-out: card and offline password at check-in, card revoked at check-out', async () => {
    const flow = example('hotel-check-in-check-out.json', sim.url);
    const cfg = flow.find((n) => n.type === 'smartlock-hotel');
    await helper.load([...core, ...modules], flow, { [cfg.id]: { appid: APPID, appsecret: APPSECRET } });
    const byName = (name) => helper.getNode(flow.find((n) => n.name === name).id);

    const checkedIn = byName('checked in');
    const results = [];
    checkedIn.on('input', (m) => results.push(m.payload));
    const errors = [];
    byName('error').on('input', (m) => errors.push(m.error));
    byName('check-in 1-101').receive({});
    while (results.length + errors.length < 2) await new Promise((r) => setTimeout(r, 10));
    errors.should.eql([]);
    const card = results.find((p) => p.cardId);
    const password = results.find((p) => p.password);
    card.roomId.should.equal(ROOM);
    sim.cards.get(card.cardId).rm_id.should.equal(ROOM);
    sim.offline.get(password.passwordId).active.should.be.true();
    (new Date(card.validUntil) - new Date(card.validFrom)).should.be.within(86_399_000, 86_401_000);

    const out = next(byName('checked out'));
    byName('check-out 1-101').receive({});
    (await out).payload.cardId.should.equal(card.cardId);
    sim.cards.has(card.cardId).should.be.false();

    const rooms = next(byName('rooms'));
    byName('list rooms').receive({});
    (await rooms).payload.rooms.length.should.equal(4);
  });
});
