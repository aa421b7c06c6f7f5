'use strict';
// Runs smartlock nodes in a real Node-RED runtime (node-red-node-test-helper) against a
// simulator on 127.0.0.1, and collects what reaches the output and the Catch node.
const helper = require('node-red-node-test-helper');
const nodeRed = require('../../scripts/node-red');

const { hooks } = nodeRed.load('@node-red/util');
const { HotelSimulator, TuyaSimulator, AliyunSimulator, TtlockSimulator } = require('../../dist/lib/simulators');
const { hotelWire, aliyunWire, tuyaWire, ttlockWire } = require('./documented');

helper.init(nodeRed.resolve('node-red'));

const NODE_TYPES = [
  'systems',
  'card',
  'password',
  'face',
  'fingerprint',
  'remote-open',
  'logs',
  'keep-open',
  'qrcode',
  'users',
  'device',
  'api',
  'events',
  'stay',
];
// The helper's RED has no hooks; hand the nodes the runtime's own, as Node-RED does.
/** The RED object the nodes were last loaded with (its httpNode serves the http in nodes). */
const runtime = { RED: undefined };
const modules = NODE_TYPES.map((t) => {
  const mod = require(`../../dist/nodes/smartlock-${t}.js`);
  return (RED) => {
    runtime.RED = RED;
    return mod(Object.assign(RED, { hooks }));
  };
});

const APPID = '4773aa036f7f49c68d876bb4be85c80c';
const APPSECRET = 'S3cr3t-appsecret-9f1c2e7d';

async function startHotel() {
  // Only what the doc shows: a route or field the catalog invents is refused.
  const sim = new HotelSimulator(APPID, APPSECRET).document(hotelWire());
  await sim.start();
  return sim;
}

const TUYA = { accessId: 'sim-access-id-0001', accessSecret: 'S3cr3tTuyaAccessSecret0123456789' };

async function startTuya(options = {}) {
  const sim = new TuyaSimulator({ ...TUYA, ...options }).document(tuyaWire());
  await sim.start();
  return sim;
}

const ALIYUN = {
  appKey: 'sim-cloud-appkey',
  appSecret: 'S3cr3tAliyunCloudAppSecret00001',
  userAppKey: 'sim-app-appkey',
  userAppSecret: 'S3cr3tAliyunAppAppSecret000001',
  iotToken: 'sim-iot-token-0001',
  refreshToken: 'sim-refresh-token-0001',
  identityId: 'sim-identity-0001',
};

async function startAliyun(options = {}) {
  const sim = new AliyunSimulator({ ...ALIYUN, projectId: 'a1sim-project', ...options }).document(aliyunWire());
  await sim.start();
  return sim;
}

// The open platform's app and a TTLock app account (made up); eKeys go to the other accounts.
const TTLOCK = { clientId: 'sim-ttlock-client-0001', clientSecret: 'S3cr3tTtlockClientSecret000001', username: 'host_apartments', password: 'Door-Pass-2580' };

async function startTtlock(options = {}) {
  const sim = new TtlockSimulator({ ...TTLOCK, accounts: ['guest@example.com', '+15550100'], ...options }).document(ttlockWire());
  await sim.start();
  return sim;
}

/** The config node and its credentials for a simulator. */
function configFor(sim, extra, credentials) {
  // A system the tests add themselves says its own config node.
  if (typeof sim.flowConfig === 'function') return sim.flowConfig(extra, credentials);
  if (sim instanceof AliyunSimulator) {
    return {
      vendor: 'aliyun',
      node: {
        id: 'cfg',
        type: 'smartlock-aliyun',
        host: 'custom',
        baseUrl: sim.url,
        projectId: sim.opts.projectId,
        timeZone: 'Asia/Shanghai',
        maxQueue: 500,
        ...extra,
      },
      credentials: credentials ?? ALIYUN,
    };
  }
  if (sim instanceof TtlockSimulator) {
    return {
      vendor: 'ttlock',
      node: { id: 'cfg', type: 'smartlock-ttlock', region: 'custom', baseUrl: sim.url, passwordForm: 'plain', maxQueue: 500, ...extra },
      credentials: credentials ?? TTLOCK,
    };
  }
  if (sim instanceof TuyaSimulator) {
    return {
      vendor: 'tuya',
      node: {
        id: 'cfg',
        type: 'smartlock-tuya',
        region: 'custom',
        baseUrl: sim.url,
        projectId: sim.opts.projectId,
        lockType: 'wifi',
        ratePerSecond: 0,
        maxQueue: 500,
        ...extra,
      },
      credentials: credentials ?? TUYA,
    };
  }
  return {
    vendor: 'hotel',
    node: { id: 'cfg', type: 'smartlock-hotel', baseUrl: sim.url, timeZone: 'Asia/Shanghai', maxQueue: 500, ...extra },
    credentials: credentials ?? { appid: APPID, appsecret: APPSECRET },
  };
}

/**
 * Loads a flow: one hotel config `cfg`, the given action nodes (wired to helper `out`) and a
 * Catch node wired to helper `caught`. `nodes` are partial definitions {id, type, ...}.
 */
async function loadFlow(sim, nodes, configExtra = {}, credentials) {
  const config = configFor(sim, configExtra, credentials);
  const flow = [
    config.node,
    { id: 'tab', type: 'tab', label: 'test' },
    ...nodes.map((n) => ({ z: 'tab', vendor: config.vendor, [config.vendor]: 'cfg', params: {}, wires: [['out']], ...n })),
    { id: 'out', z: 'tab', type: 'helper' },
    { id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', z: 'tab', type: 'helper' },
  ];
  await helper.load(modules, flow, { cfg: config.credentials });
  return {
    out: helper.getNode('out'),
    caught: helper.getNode('caught'),
    node: (id) => helper.getNode(id),
  };
}

/**
 * Sends one msg into node `id` and resolves with {msg, error} for whichever arrives, after
 * checking that nothing else arrives for that msg within `settleMs`.
 */
function send(id, msg, settleMs = 30, timeoutMs = 15000) {
  const node = helper.getNode(id);
  const out = helper.getNode('out');
  const caught = helper.getNode('caught');
  const ref = { ...msg, _ref: Math.random().toString(36).slice(2) };
  return new Promise((resolve, reject) => {
    const seen = [];
    const onOut = (m) => m._ref === ref._ref && seen.push({ msg: m });
    const onErr = (m) => m._ref === ref._ref && seen.push({ error: m.error, msg: m });
    out.on('input', onOut);
    caught.on('input', onErr);
    const started = Date.now();
    const finish = (fn) => {
      clearInterval(timer);
      out.removeListener('input', onOut);
      caught.removeListener('input', onErr);
      fn();
    };
    const timer = setInterval(() => {
      if (seen.length === 0) {
        if (Date.now() - started > timeoutMs) finish(() => reject(new Error(`no output and no error from ${id} within ${timeoutMs} ms`)));
        return;
      }
      clearInterval(timer);
      setTimeout(
        () => finish(() => (seen.length !== 1 ? reject(new Error(`expected exactly one output or error, got ${seen.length}`)) : resolve(seen[0]))),
        settleMs,
      );
    }, 2);
    node.receive(ref);
  });
}

/** Makes events node `id` poll once (an input msg); resolves with what it emitted, rejects with its red status. */
async function pollEvents(id, outId = 'out') {
  const out = helper.getNode(outId);
  const node = helper.getNode(id);
  const emitted = [];
  const take = (m) => emitted.push(m.payload);
  out.on('input', take);
  const status = node.status;
  try {
    await new Promise((resolve, reject) => {
      node.status = function (s) {
        status.call(this, s);
        if (s.fill === 'green') setTimeout(resolve, 20);
        if (s.fill === 'red') reject(new Error(s.text));
      };
      node.receive({});
    });
  } finally {
    node.status = status;
    out.removeListener('input', take);
  }
  return emitted;
}

module.exports = {
  helper,
  configFor,
  modules,
  runtime,
  startHotel,
  startTuya,
  startAliyun,
  startTtlock,
  loadFlow,
  send,
  pollEvents,
  APPID,
  APPSECRET,
  TUYA,
  ALIYUN,
  TTLOCK,
};
