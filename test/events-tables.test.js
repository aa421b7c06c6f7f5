'use strict';
// Tuya's and Alibaba's tables as a real events node emits them, pushed and polled (issue 31): each
// row comes out as it says, an unknown code as `operation`, a refused attempt as `failed`, and
// never a code's digits. Records are shaped as the public sources print them (Tuya: data points
// `{code, value}`, a hijack's value `unlock_fingerprint-02`; Alibaba: thing-model events with KeyID
// and LockType, history rows with event_code) and travel over HTTP, WebSocket and AMQP on 127.0.0.1.
require('should');
const { helper, startTuya, startAliyun, loadFlow, pollEvents, TUYA, ALIYUN } = require('./support/flow');
const { TuyaPushSimulator, AliyunPushSimulator } = require('../dist/lib/simulators');
const { TUYA_DATA_POINTS, TUYA_ALARMS } = require('../dist/lib/vendors/tuya/push');
const { ALIYUN_EVENTS, KEY_TYPES } = require('../dist/lib/vendors/aliyun/events');
const { formatLocal } = require('../dist/lib/time');
const { until } = require('./support/wait');

/** A guest's temporary code: it must not appear in any emitted msg. */
const CODE = '583920';

/** What a row promises of its event. */
const promised = (rule) => ({
  kind: rule.kind,
  ...(rule.method ? { method: rule.method } : {}),
  ...(rule.state ? { state: rule.state } : {}),
  ...(rule.alarm ? { alarm: rule.alarm } : {}),
});

/** A push node wired to its own helper, beside a polling node wired to `out`. */
const nodes = (devices) => [
  { id: 'n-push', type: 'smartlock-events', source: 'push', devices, configVersion: 2, wires: [['pushed']] },
  { id: 'pushed', type: 'helper' },
  { id: 'n-poll', type: 'smartlock-events', operation: 'query', devices, interval: 3600 },
];

describe('events as they happened: Tuya data points (push and poll)', function () {
  this.timeout(60_000);
  const DEV = 'lock-wifi-1';
  let sim;
  let push;
  afterEach(async () => {
    await helper.unload();
    await sim?.stop();
    await push?.stop();
  });

  /** Every row's (code, value) as a lock reports it, and the event it promises. */
  function cases() {
    const out = [];
    for (const [code, row] of Object.entries(TUYA_DATA_POINTS)) {
      if (code === 'alarm_lock') continue; // by its values, below
      if (code === 'hijack')
        out.push([code, 'unlock_fingerprint-02', { ...promised(row), method: 'fingerprint', credential: { kind: 'fingerprint', id: '02' } }]);
      else if (code === 'closed_opened') out.push([code, 'open', { ...promised(row), state: 'open' }]);
      else if (row.kind === 'unlock')
        out.push([code, String(out.length + 1), { ...promised(row), credential: { kind: row.method, id: String(out.length + 1) } }]);
      else out.push([code, code === 'lock_motor_state' ? 'true' : '1', promised(row)]);
    }
    for (const [value, row] of Object.entries(TUYA_ALARMS)) out.push(['alarm_lock', value, promised(row)]);
    out.push(['unlock_something_new', '4', { kind: 'operation', code: 'unlock_something_new' }]);
    return out;
  }
  /** The data point an emitted event came from: a push's status item, a record's dps. */
  const pointOf = (e) => {
    const item = e.raw.status?.[0] ?? e.raw.bizData?.properties?.[0];
    if (item) return [item.code, String(item.value)];
    const [entry] = Object.entries(e.raw.dps?.[0] ?? {});
    return [entry[0], String(entry[1])];
  };

  it('emits every data point and alarm value as its row says, a hijack with its unlock, an unknown code as operation, no temporary code', async () => {
    push = new TuyaPushSimulator(TUYA);
    await push.start();
    sim = (await startTuya()).reportTo(push);
    await loadFlow(sim, nodes(DEV), { eventsUrl: push.url });
    await until(() => push.consumers() === 1, 'the push connection');
    const pushed = [];
    helper.getNode('pushed').on('input', (m) => pushed.push(m.payload));
    (await pollEvents('n-poll')).should.eql([]); // the first poll only marks where the log stands
    // A temporary code the guest typed: the lock reports its password id (7), never the digits.
    sim.devices.get(DEV).passwords.set(7, { password_id: 7, name: 'Guest', pin: CODE, effective_time: 0, invalid_time: 2e9, phase: 2 });
    const all = cases();
    all.push(['unlock_temporary', '7', { kind: 'unlock', method: 'password', credential: { kind: 'password', id: '7' } }]);
    all.forEach(([code, value], i) => sim.recordOpen(DEV, code, value, `user ${i}`));
    await until(() => pushed.length === all.length && push.unacked() === 0, 'every report pushed');
    const polled = await pollEvents('n-poll');
    polled.length.should.equal(all.length);
    for (const [source, events] of [
      ['push', pushed],
      ['poll', polled],
    ]) {
      const byPoint = new Map(events.map((e) => [pointOf(e).join('='), e]));
      for (const [code, value, expected] of all) {
        const e = byPoint.get(`${code}=${value}`);
        (e !== undefined).should.be.true(`${source}: ${code}=${value}`);
        e.should.match(expected, `${source}: ${code}=${value}`);
      }
      byPoint.get('alarm_lock=wrong_password').should.match({ kind: 'failed', method: 'password' }); // a refused attempt
      JSON.stringify(events).should.not.containEql(CODE);
    }
  });
});

describe('events as they happened: Alibaba living-link lock events (push and poll)', function () {
  this.timeout(60_000);
  const DEV = 'dev-door-1';
  let sim;
  let amqp;
  afterEach(async () => {
    await helper.unload();
    await sim?.stop();
    await amqp?.stop();
  });

  /** Every row with the outputs the product definition gives it, and the event it promises; then a refusal, an unknown event, a password unlock. */
  function cases() {
    const out = Object.entries(ALIYUN_EVENTS).map(([identifier, row], i) => {
      const keyed = row.kind === 'unlock' || row.alarm === 'duress';
      const outputs = keyed ? { KeyID: String(i + 1), LockType: (i % 4) + 1, ...(row.refusedUnless ? { Status: 0 } : {}) } : {};
      const method = row.method ?? (keyed ? KEY_TYPES[outputs.LockType] : undefined);
      const expected = {
        ...promised(row),
        ...(method ? { method } : {}),
        ...(keyed && !row.method ? { credential: { kind: KEY_TYPES[outputs.LockType], id: outputs.KeyID } } : {}),
        code: identifier,
        text: row.text,
      };
      return [identifier, outputs, expected];
    });
    out.push(['RemoteUnlockNotification', { Status: 1 }, { kind: 'failed', method: 'remote', code: 'RemoteUnlockNotification' }]);
    out.push(['SomethingNewNotification', {}, { kind: 'operation', code: 'SomethingNewNotification' }]);
    out.push(['DoorOpenNotification', { KeyID: '77', LockType: 2 }, { kind: 'unlock', method: 'password', credential: { kind: 'password', id: '77' } }]);
    return out;
  }
  /** Which case an event is: its identifier, the key or the status it carried. */
  const keyOf = (identifier, outputs) => [identifier, outputs.KeyID ?? '', outputs.Status ?? ''].join('/');

  it('emits every event of the table as its row says, a refused remote unlock as failed, an unknown event as operation, no password digits', async () => {
    amqp = new AliyunPushSimulator(ALIYUN);
    await amqp.start();
    sim = await startAliyun();
    await loadFlow(sim, nodes(DEV), { eventsUrl: amqp.url });
    await until(() => amqp.consumers() === 1, 'the push connection');
    const pushed = [];
    helper.getNode('pushed').on('input', (m) => pushed.push(m.payload));
    (await pollEvents('n-poll')).should.eql([]);
    const all = cases();
    const t = Date.now() - 60_000;
    all.forEach(([identifier, outputs], i) => {
      amqp.event(DEV, identifier, outputs);
      const ms = t + i * 1000;
      const at = formatLocal(new Date(ms), 'Asia/Shanghai');
      // A history row as the doc prints it; a password's digits beside it are not among the outputs the service lists.
      sim.events.unshift({ iot_id: DEV, event_code: identifier, service_date: at, client_date: at, ...outputs, TemporaryPassword: CODE, ms });
    });
    // The lock's temporary-password property, as a living-link lock module posts it: its value never reaches a msg.
    amqp.publish(`/a1sim-lock/${DEV}/thing/event/property/post`, { iotId: DEV, items: { TemporaryPassword: { value: CODE, time: Date.now() } } });
    await until(() => pushed.length === all.length + 1 && amqp.unaccepted() === 0, 'every event pushed');
    const polled = await pollEvents('n-poll');
    polled.length.should.equal(all.length);
    pushed.find((e) => e.method === 'TemporaryPassword').should.match({ kind: 'operation' });
    const outputsOf = (e) => ({ KeyID: e.credential?.id ?? e.raw.value?.KeyID ?? e.raw.keyId, Status: e.raw.value?.Status ?? e.raw.status });
    for (const [source, events] of [
      ['push', pushed.filter((e) => e.method !== 'TemporaryPassword')],
      ['poll', polled],
    ]) {
      const byCase = new Map(events.map((e) => [keyOf(e.code, outputsOf(e)), e]));
      for (const [identifier, outputs, expected] of all) {
        const e = byCase.get(keyOf(identifier, outputs));
        (e !== undefined).should.be.true(`${source}: ${keyOf(identifier, outputs)}`);
        e.should.match(expected, `${source}: ${identifier}`);
        (e.user === undefined).should.be.true(`${source}: the key is the credential, not the user`);
      }
    }
    JSON.stringify([...pushed, ...polled]).should.not.containEql(CODE);
  });
});
