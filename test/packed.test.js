'use strict';
/* global RED, document -- parts run inside the editor page */
// The proof from outside: this package and the made-up lock system, each packed by npm, installed
// from their tarballs into a fresh Node-RED user directory as a user installs them (the system
// declares this package as a peerDependency and finds it by name), the system named in settings.js,
// and a flow run in a real Node-RED: remote open, card, events, and a refusal at a Catch node with
// its secret nowhere, the log at debug level included. Offline: npm's cache holds the dependencies.
require('should');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { execFileSync, spawn } = require('node:child_process');
const nodeRed = require('../scripts/node-red');
const { FIXTURE, root } = require('./support/sdk-install');

const CHROMIUM = '/usr/bin/chromium';
const KEY = 'fake-key-0001';
const WRONG_KEY = 'wrong-key-S3cr3t-77';

const npm = (args, cwd) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });

function request(port, method, url, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ host: '127.0.0.1', port, method, path: url, headers: data ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${url}: no answer within 10 s`)));
    req.end(data);
  });
}

function freePort() {
  return new Promise((resolve) => {
    const srv = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** A user directory's lockfile holding this checkout's runtime dependencies (not the dev ones) as locked here. */
function runtimeLock() {
  const lock = require('../package-lock.json');
  const packages = { '': { name: 'node-red-project' } };
  for (const [where, entry] of Object.entries(lock.packages)) if (where && !entry.dev && !entry.devOptional && !entry.optional) packages[where] = entry;
  return { name: 'node-red-project', lockfileVersion: 3, requires: true, packages };
}

/** The flow: each action behind an http endpoint, the events kept in global context, a Catch node answering with msg.error. */
function flows(url) {
  // ids unlike any setting's value: Node-RED reads a value equal to a node's id as a reference to it
  const cfg = (id, name) => ({ id, type: 'smartlock-fakelock', name, url, timeZone: 'UTC' });
  const action = (id, type, operation, config, endpoint) => [
    { id: `n-${id}-in`, type: 'http in', z: 't', url: endpoint, method: 'post', wires: [[`n-${id}`]] },
    { id: `n-${id}`, type, z: 't', vendor: 'fakelock', fakelock: config, operation, params: {}, wires: [['n-respond']] },
  ];
  return [
    { id: 't', type: 'tab', label: 'packed' },
    cfg('cfg-good', 'FakeLock'),
    cfg('cfg-bad', 'FakeLock, wrong key'),
    ...action('open', 'smartlock-remote-open', 'open', 'cfg-good', '/open'),
    ...action('card', 'smartlock-card', 'issue', 'cfg-good', '/card'),
    ...action('refused', 'smartlock-remote-open', 'open', 'cfg-bad', '/refused'),
    // a poll on each request; the request is answered at once, the events land in global context
    { id: 'n-poll-in', type: 'http in', z: 't', url: '/poll', method: 'post', wires: [['n-events', 'n-respond']] },
    {
      id: 'n-events',
      type: 'smartlock-events',
      z: 't',
      vendor: 'fakelock',
      fakelock: 'cfg-good',
      source: 'poll',
      operation: 'query',
      devices: 'front',
      interval: 3600,
      wires: [['n-keep']],
    },
    { id: 'n-keep', type: 'function', z: 't', func: "global.set('events', (global.get('events') || []).concat([msg.payload])); return null;", wires: [] },
    { id: 'n-seen-in', type: 'http in', z: 't', url: '/events', method: 'get', wires: [['n-seen']] },
    { id: 'n-seen', type: 'function', z: 't', func: "msg.payload = global.get('events') || []; return msg;", wires: [['n-respond']] },
    { id: 'n-catch', type: 'catch', z: 't', scope: null, uncaught: false, wires: [['n-failed']] },
    {
      id: 'n-failed',
      type: 'function',
      z: 't',
      func: 'if (!msg.res) return null; msg.payload = { error: msg.error }; msg.statusCode = 500; return msg;',
      wires: [['n-respond']],
    },
    { id: 'n-respond', type: 'http response', z: 't', wires: [] },
  ];
}

describe('packed and installed from outside (npm pack, a Node-RED user directory, settings.js)', function () {
  this.timeout(240_000);
  let work;
  let red;
  let log = '';
  let port;
  let sim;
  let ownTarball;

  before(async function () {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'smartlock-packed-'));
    // dist/ is built before the tests: pack what is there, without running prepare again
    const own = npm(['pack', '--ignore-scripts', '--pack-destination', work], root).trim().split('\n').pop();
    ownTarball = path.join(work, own);
    const fake = npm(['pack', '--ignore-scripts', '--pack-destination', work, FIXTURE], root).trim().split('\n').pop();
    const userDir = path.join(work, 'user');
    fs.mkdirSync(userDir);
    fs.writeFileSync(path.join(userDir, 'package.json'), JSON.stringify({ name: 'node-red-project', private: true }));
    // Offline, npm cannot look versions up: a lockfile with this checkout's runtime dependencies
    // (as `npm ci` cached them) lets it install the tarballs' dependencies from the cache.
    fs.writeFileSync(path.join(userDir, 'package-lock.json'), JSON.stringify(runtimeLock()));
    npm(['install', '--offline', '--ignore-scripts', path.join(work, own), path.join(work, fake)], userDir);

    const Simulator = await require(path.join(userDir, 'node_modules/smartlock-fakelock')).simulator();
    sim = new Simulator(KEY);
    await sim.start();
    port = await freePort();
    fs.writeFileSync(
      path.join(userDir, 'settings.js'),
      `module.exports = {
  uiHost: '127.0.0.1',
  uiPort: ${port},
  flowFile: 'flows.json',
  credentialSecret: false,
  smartlock: { vendors: [require.resolve('smartlock-fakelock')] },
  logging: { console: { level: 'debug', metrics: false, audit: false } },
  telemetry: { enabled: false, updateNotification: false },
  diagnostics: { enabled: false, ui: false },
  editorTheme: { tours: false, projects: { enabled: false }, palette: { catalogues: [] } },
};\n`,
    );
    fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(flows(sim.url)));
    fs.writeFileSync(path.join(userDir, 'flows_cred.json'), JSON.stringify({ 'cfg-good': { key: KEY }, 'cfg-bad': { key: WRONG_KEY } }));
    red = spawn(process.execPath, [nodeRed.resolve('node-red/red.js'), '--userDir', userDir, '--settings', path.join(userDir, 'settings.js')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    red.stdout.on('data', (d) => (log += d));
    red.stderr.on('data', (d) => (log += d));
    const until = Date.now() + 90_000;
    while (!/Started flows/.test(log)) {
      if (Date.now() > until || red.exitCode !== null) throw new Error(`Node-RED did not start its flows:\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    log.should.not.match(/\[error\]|Error:/);
  });

  after(async () => {
    if (red && red.exitCode === null) {
      const exited = new Promise((r) => red.once('exit', r));
      red.kill('SIGINT');
      await exited;
    }
    await sim?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('its types resolve for every entry under node10, node16 (from CJS and ESM) and bundler (arethetypeswrong)', async () => {
    const { checkPackage, createPackageFromTarballData } = await import('@arethetypeswrong/core');
    const result = await checkPackage(createPackageFromTarballData(new Uint8Array(fs.readFileSync(ownTarball))));
    Object.keys(result.entrypoints).should.eql(['.', './sdk', './simulators', './package.json']);
    result.problems.should.eql([]);
  });

  it('installs the two tarballs side by side: one copy of this package, the system beside it', () => {
    const modules = path.join(work, 'user/node_modules');
    fs.existsSync(path.join(modules, '@lockflow/node-red-smartlock/dist/lib/sdk.js')).should.be.true();
    fs.existsSync(path.join(modules, 'smartlock-fakelock/node_modules')).should.be.false();
    // the published files only: no tests, no sources of the fixtures
    fs.existsSync(path.join(modules, '@lockflow/node-red-smartlock/test')).should.be.false();
  });

  it('runs the flow: remote open, card, events by poll', async () => {
    (await request(port, 'POST', '/poll', {})).status.should.equal(200); // the first poll marks where the log stands
    await new Promise((r) => setTimeout(r, 300));
    (await request(port, 'POST', '/open', { deviceId: 'front' })).should.eql({ status: 200, body: { deviceId: 'front', success: true } });
    const card = await request(port, 'POST', '/card', { deviceId: 'front', cardId: 'C-9', validUntil: '2030-01-01T00:00:00Z' });
    card.body.should.eql({ cardId: 'C-9', validUntil: '2030-01-01T00:00:00+00:00' }); // in the config's zone (UTC)
    sim.record('front', 45, 'lock', 'self');
    await request(port, 'POST', '/poll', {});
    let events = [];
    for (const until = Date.now() + 10_000; events.length < 2 && Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
      events = (await request(port, 'GET', '/events')).body;
    }
    events
      .map((e) => [e.deviceId, e.kind, e.method, e.user])
      .should.eql([
        ['front', 'unlock', 'app', 'remote'],
        ['front', 'operation', 'auto lock', 'lock'], // its table's 0.x `state`: never an unlock
      ]);
  });

  it('a refusal reaches the Catch node with its code and vendorCode, its secret in no msg and no log line', async () => {
    const refused = await request(port, 'POST', '/refused', { deviceId: 'front' });
    refused.status.should.equal(500);
    refused.body.error.should.containDeep({ message: 'FakeLock Cloud refused the API key', code: 'AUTH', vendorCode: 'BAD_KEY', retryable: false });
    JSON.stringify(refused.body).should.not.containEql(WRONG_KEY);
    await new Promise((r) => setTimeout(r, 200));
    log.should.match(/\[debug\]/);
    log.should.not.containEql(WRONG_KEY);
    log.should.not.containEql(KEY);
  });

  it('in the editor (Chromium): the system in the list, its config form without the transport settings it hides, its help', async function () {
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs the Debian package chromium`);
      this.skip();
    }
    const { chromium } = require('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(`http://127.0.0.1:${port}`, { waitUntil: 'networkidle' });
      await page.waitForSelector('#red-ui-palette-container-smart_lock .red-ui-palette-node', { timeout: 60_000 });
      await page.evaluate(() => RED.editor.edit(RED.nodes.node('n-card')));
      await page.waitForSelector('#node-input-vendor option', { state: 'attached', timeout: 10_000 });
      (await page.$$eval('#node-input-vendor option', (o) => o.map((x) => x.textContent))).should.containEql('FakeLock Cloud');
      (await page.inputValue('#node-input-vendor')).should.equal('fakelock');
      await page.click('#node-dialog-cancel');
      await page.waitForFunction(() => !document.querySelector('#node-dialog-cancel'));
      await page.evaluate(() => RED.editor.editConfig('', 'smartlock-fakelock', '_ADD_'));
      await page.waitForSelector('#node-config-input-url', { timeout: 10_000 });
      (await page.isVisible('#node-config-input-key')).should.be.true();
      (await page.isVisible('#node-config-input-timeout')).should.be.true();
      ((await page.$('#node-config-input-maxQueue')) === null).should.be.true();
      ((await page.$('#node-config-input-maxConcurrent')) === null).should.be.true();
      await page.click('#node-config-dialog-cancel');
      const help = await page.evaluate(() => document.querySelector('script[data-help-name="smartlock-fakelock"]')?.textContent ?? '');
      help.should.containEql('made-up lock system');
      errors.should.eql([]);
    } finally {
      await browser.close();
    }
  });
});
