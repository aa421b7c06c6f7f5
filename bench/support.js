'use strict';
// Shared by the benchmarks: simulators in a child process, an embedded Node-RED runtime with
// this package installed, a closed-loop load generator and the one-line result format.
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { fork } = require('node:child_process');

// The demo's credentials: what the simulators are started with and the config nodes send.
const { DEMO: CREDS, linkPackage } = require('../scripts/demo');
const ROOM = '775032240849920';

/**
 * A vendor simulator in its own process; resolves once it listens. `devices: n` adds n locks
 * (Tuya: bench-lock-1…n; TTLock: 900001…).
 */
function startSim(vendor, options = {}) {
  const child = fork(path.join(__dirname, 'sim-process.js'), [vendor, JSON.stringify({ ...CREDS[vendor], ...options })], { stdio: 'inherit' });
  let next = 0;
  const pending = new Map();
  child.on('message', (m) => {
    if (m.id !== undefined && pending.has(m.id)) {
      pending.get(m.id)(m.value);
      pending.delete(m.id);
    }
  });
  const ask = (cmd, extra = {}) =>
    new Promise((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      child.send({ id, cmd, ...extra });
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (m) => {
      if (!m.ready) return;
      resolve({
        url: m.ready,
        counts: () => ask('counts'),
        reset: () => ask('reset'),
        /** a fault on every request (or `times` of them), e.g. {kind: 'delay', ms: 20} */
        inject: (fault, options) => ask('inject', { fault, options }),
        clear: () => ask('clear'),
        /** the message service only: reports `count` data points of `devId`, `every` ms apart */
        report: (devId, count, every = 0) => ask('report', { devId, count, every }),
        /** the message service only: queue what is reported without sending it, until release() */
        hold: () => ask('hold'),
        release: () => ask('release'),
        stop: () => ask('stop'),
        /** the simulator process's CPU time so far, µs */
        cpu: () => ask('cpu').then((u) => u.user + u.system),
      });
    });
  });
}

/** A config node of `vendor` aimed at a simulator, with its credentials. */
function configNode(vendor, url, extra = {}) {
  const base = { id: 'bench-cfg', type: `smartlock-${vendor}`, name: 'bench', baseUrl: url, maxQueue: 100000, timeout: 10, ...extra };
  if (vendor === 'tuya') Object.assign(base, { region: 'custom', lockType: 'wifi', ratePerSecond: 0 });
  if (vendor === 'aliyun') Object.assign(base, { host: 'custom', projectId: 'a1sim-project' });
  if (vendor === 'ttlock') Object.assign(base, { region: 'custom', passwordForm: 'plain' });
  return base;
}

/** A Node-RED userDir with its flows (and this package installed, as a user would have it). */
function makeUserDir({ withPackage, flows = [], credentials = {} }) {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'smartlock-bench-'));
  if (withPackage) linkPackage(userDir);
  fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(flows));
  fs.writeFileSync(path.join(userDir, 'flows_cred.json'), JSON.stringify(credentials));
  return userDir;
}

/**
 * Node-RED 4 in this process with this package installed and `flows` deployed. `hooks`
 * reach function nodes as global.get('bench').
 */
async function startRed({ flows = [], credentials = {}, hooks = {} } = {}) {
  const userDir = makeUserDir({ withPackage: true, flows, credentials });
  const RED = require('../scripts/node-red').load('node-red');
  const server = http.createServer();
  RED.init(server, {
    userDir,
    flowFile: 'flows.json',
    credentialSecret: false,
    httpAdminRoot: false,
    httpNodeRoot: false,
    logging: { console: { level: 'warn', metrics: false, audit: false } },
    telemetry: { enabled: false, updateNotification: false },
    diagnostics: { enabled: false, ui: false },
    functionGlobalContext: { bench: hooks },
  });
  await RED.start();
  // Flows start just after RED.start() resolves.
  const probe = flows.find((n) => n.z);
  for (let i = 0; probe && !RED.nodes.getNode(probe.id); i++) {
    if (i > 200) throw new Error('the bench flow did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    RED,
    async stop() {
      await RED.stop();
      server.close();
      fs.rmSync(userDir, { recursive: true, force: true });
    },
  };
}

/**
 * A closed-loop flow: `seed` (fired by an inject) sends `window` msgs into `node`; each answer
 * or Catch error sends the next until `total` have finished, then calls done(stats). Node ids
 * start with `prefix`, so several loops (each with its own config node) can share a runtime.
 */
function loopFlow(node, payload, { vendor, url, config = {}, prefix = 'bench' }) {
  const z = `${prefix}-tab`;
  const cfg = `${prefix}-cfg`;
  const state = `global.get('bench')[${JSON.stringify(prefix)}]`;
  const seed = `const b = ${state}; const n = Math.min(b.window, b.total); b.started = n; b.ok = 0; b.failed = 0; b.t0 = b.now();
for (let i = 0; i < n; i++) node.send({ payload: ${JSON.stringify(payload)} });`;
  // Answers and Catch errors both come back here.
  const loop = `const b = ${state}; if (msg.error) b.failed++; else b.ok++;
if (b.started < b.total) { b.started++; return { payload: ${JSON.stringify(payload)} }; }
if (b.ok + b.failed === b.total) b.done({ ok: b.ok, failed: b.failed, ms: b.now() - b.t0, error: msg.error && msg.error.message });
return null;`;
  return [
    { id: z, type: 'tab', label: prefix },
    { ...configNode(vendor, url, config), id: cfg, name: prefix },
    { id: `${prefix}-inject`, type: 'inject', z, once: false, repeat: '', topic: '', payload: '', payloadType: 'date', wires: [[`${prefix}-seed`]] },
    { id: `${prefix}-seed`, type: 'function', z, func: seed, outputs: 1, wires: [[`${prefix}-node`]] },
    { id: `${prefix}-node`, type: node.type, z, vendor, [vendor]: cfg, ...node, wires: [[`${prefix}-loop`]] },
    { id: `${prefix}-catch`, type: 'catch', z, scope: [`${prefix}-node`], uncaught: false, wires: [[`${prefix}-loop`]] },
    { id: `${prefix}-loop`, type: 'function', z, func: loop, outputs: 1, wires: [[`${prefix}-node`]] },
  ];
}

/** Runs one closed-loop pass through a deployed loopFlow: `total` msgs, `window` in flight. */
function runLoop(red, hooks, total, window, prefix = 'bench') {
  return new Promise((resolve) => {
    hooks[prefix] = { total, window, done: resolve, now: () => performance.now() };
    red.RED.nodes.getNode(`${prefix}-inject`).receive({});
  });
}

/** `total` calls of `fn`, `concurrency` at a time; resolves with the wall time in ms. */
async function closedLoop(total, concurrency, fn) {
  let started = 0;
  const t0 = process.hrtime.bigint();
  const worker = async () => {
    while (started < total) {
      started++;
      await fn();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function gc() {
  if (global.gc) {
    global.gc();
    global.gc();
  }
}

/** Prints the benchmark's figures as one JSON line that bench/run.js collects. */
function report(result) {
  console.log(`BENCH ${JSON.stringify(result)}`);
}

module.exports = { CREDS, ROOM, startSim, configNode, makeUserDir, startRed, loopFlow, runLoop, closedLoop, gc, report };
