'use strict';
// A chained operation (a catalog `then`): Tuya's issue card with a validity window issues the
// card, then sets its validity. Every step's input is checked before the first request; a later
// step that fails after the card exists ends PARTIAL, with the card in msg.payload.
require('should');
const { helper, startTuya, loadFlow, send } = require('./support/flow');

const DEV = 'lock-wifi-1';
const HOUR = 3600e3;

describe('chained operations', function () {
  this.timeout(30_000);
  let sim;
  before(async () => {
    sim = await startTuya();
    await loadFlow(sim, [{ id: 'card', type: 'smartlock-card', operation: 'issue' }]);
  });
  after(async () => {
    await helper.unload();
    await sim.stop();
  });
  beforeEach(() => {
    sim.clearFaults();
    sim.resetCounts();
  });

  it('a second step failing with HTTP 500 three times ends PARTIAL with the issued card, not retryable', async () => {
    sim.inject({ kind: 'status', status: 500 }, { match: 'osaas.modifyCard', times: 3 });
    const now = Date.now();
    const { msg, error } = await send('card', { payload: { deviceId: DEV, cardNumber: 'CARD-P1', validFrom: now, validUntil: now + 24 * HOUR } });
    error.should.match({ code: 'PARTIAL', retryable: false, vendorCode: 'HTTP 500' });
    error.message.should.match(/issue card succeeded, then change validity failed/);
    msg.payload.should.match({ deviceId: DEV, failedStep: 'osaas.modifyCard', failure: { code: 'VENDOR' } });
    msg.payload.cardId.should.be.a.String().and.not.be.empty();
    sim.devices.get(DEV).cards.has(msg.payload.cardId).should.be.true();
    sim.executed['osaas.issueCard'].should.equal(1);
  });

  it('a second step the service refuses ends PARTIAL too', async () => {
    sim.inject(
      {
        kind: 'status',
        status: 200,
        body: '{"success":false,"code":2008,"msg":"command or value not support"}',
        headers: { 'Content-Type': 'application/json' },
      },
      { match: 'osaas.modifyCard' },
    );
    const now = Date.now();
    const { msg, error } = await send('card', { payload: { deviceId: DEV, cardNumber: 'CARD-P2', validUntil: now + HOUR } });
    error.should.match({ code: 'PARTIAL', retryable: false, vendorCode: 2008 });
    msg.payload.should.have.properties('cardId', 'failedStep', 'failure');
    msg.payload.failure.should.match({ code: 'NOT_SUPPORTED', vendorMessage: 'command or value not support' });
  });

  it("checks the second step's rules before the first request: nothing is issued", async () => {
    const now = Date.now();
    const { error } = await send('card', { payload: { deviceId: DEV, cardNumber: 'CARD-P3', validFrom: now + 2 * HOUR, validUntil: now + HOUR } });
    error.should.match({ code: 'VALIDATION' });
    (sim.received['osaas.issueCard'] ?? 0).should.equal(0);
  });

  it('both steps succeeding answer one payload', async () => {
    const now = Date.now();
    const { msg, error } = await send('card', { payload: { deviceId: DEV, cardNumber: 'CARD-P4', validFrom: now, validUntil: now + HOUR } });
    (error === undefined).should.be.true(error?.message);
    msg.payload.should.have.property('cardId');
    msg.payload.should.not.have.property('failedStep');
  });
});
