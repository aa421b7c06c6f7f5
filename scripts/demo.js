#!/usr/bin/env node
// The demo: the four vendor simulators and Node-RED with this package and every example flow
// deployed, their config nodes aimed at the simulators. Used by `npm start` and the browser tests.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');
const nodeRed = require('./node-red');

const root = path.resolve(__dirname, '..');
// Credentials the simulators accept (the hotel doc's sample values; made-up Tuya and Aliyun ones).
const DEMO = {
  hotel: { appid: '4773aa036f7f49c68d876bb4be85c80c', appsecret: 'dfd5489d0cee31f0bdfaf59d0d42d71f' },
  tuya: { accessId: 'demo-access-id-00001', accessSecret: 'demoTuyaAccessSecret000000000001' },
  aliyun: { appKey: 'demo-appkey', appSecret: 'demo-aliyun-app-secret', iotToken: 'demo-iot-token' },
  ttlock: {
    clientId: 'demo-ttlock-client-id',
    clientSecret: 'demoTtlockClientSecret00000001',
    username: 'demo_host',
    password: 'demo-ttlock-pass',
    callbackKey: 'demo-ttlock-callback-key-0001',
  },
  // The dashboard's page and socket ask for these (HTTP basic auth): whoever reaches the port
  // could open doors otherwise. start.js prints them.
  dashboard: { user: 'frontdesk', password: 'demo-front-desk' },
  // The booking calendar's address carries a token, as Airbnb's export URLs do.
  calendarToken: 'demo-airbnb-feed-7f3a91',
};
/** TTLock accounts the demo's eKeys may go to (the rental example's guest). */
const TTLOCK_ACCOUNTS = ['guest@example.com'];

/** Node-RED's "Started flows" in each language it logs in. */
const STARTED = (() => {
  const dir = path.join(path.dirname(nodeRed.resolve('@node-red/runtime/package.json')), 'locales');
  return fs
    .readdirSync(dir)
    .map((lang) => {
      try {
        return JSON.parse(fs.readFileSync(path.join(dir, lang, 'runtime.json'), 'utf8')).nodes.flows['started-flows'];
      } catch {
        return undefined;
      }
    })
    .filter((t) => typeof t === 'string' && t);
})();

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

function buildIfNeeded() {
  const marker = path.join(root, 'dist/nodes/smartlock-card.js');
  const sources = Math.max(...['lib', 'nodes', 'editor', 'locales', 'icons'].map((d) => newest(path.join(root, d))));
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= sources) return;
  console.log('building…');
  execFileSync(process.execPath, [path.join(root, 'scripts/build.js')], { stdio: 'inherit' });
}

function linkInto(userDir, name, target) {
  const link = path.join(userDir, 'node_modules', name);
  fs.mkdirSync(path.dirname(link), { recursive: true });
  if (!fs.existsSync(link)) fs.symlinkSync(target, link, 'dir');
}

/**
 * Installs this package in a Node-RED userDir, as `npm install` would (a link to this checkout),
 * and FlowFuse Dashboard 2 from the devDependencies (a link too: nothing is downloaded at start)
 * for the dashboard example. Without the dashboard (a production install), that example's nodes
 * stay unknown and the rest runs.
 */
function linkPackage(userDir) {
  linkInto(userDir, '@lockflow/node-red-smartlock', root);
  let dashboard;
  try {
    dashboard = path.dirname(require.resolve('@flowfuse/node-red-dashboard/package.json', { paths: [root] }));
  } catch {
    return;
  }
  linkInto(userDir, '@flowfuse/node-red-dashboard', dashboard);
}

/** A Node-RED userDir: this package linked in, settings that keep everything on 127.0.0.1. */
function writeSettings(userDir, port, logLevel = 'info', lang = undefined, vendors = undefined, extra = {}) {
  linkPackage(userDir);
  fs.writeFileSync(path.join(userDir, 'package.json'), JSON.stringify({ name: 'smartlock-demo', private: true }, null, 2));
  // settings.js is JSON but for `dashboard`: functions, from scripts/dashboard-auth.js (a test
  // may pass its own `dashboard` in `extra`).
  const auth = `require(${JSON.stringify(path.join(__dirname, 'dashboard-auth.js'))}).basicAuth(${JSON.stringify(DEMO.dashboard)})`;
  fs.writeFileSync(
    path.join(userDir, 'settings.js'),
    `module.exports = { dashboard: ${auth}, ...${JSON.stringify(
      {
        uiHost: '127.0.0.1',
        uiPort: port,
        flowFile: 'flows.json',
        // Files a flow writes by a relative name (the door log) land here, never in the checkout.
        fileWorkingDirectory: userDir,
        credentialSecret: false,
        lang,
        // Lock systems besides the built-in ones: modules of the shape of lib/vendors/<id>/.
        ...(vendors ? { smartlock: { vendors } } : {}),
        logging: { console: { level: logLevel, metrics: false, audit: false } },
        telemetry: { enabled: false, updateNotification: false },
        diagnostics: { enabled: false, ui: false },
        // Nothing leaves 127.0.0.1: no palette catalogue, no update check.
        editorTheme: { tours: false, projects: { enabled: false }, palette: { catalogues: [] } },
        ...extra,
      },
      null,
      2,
    )} };\n`,
  );
}

/**
 * The example flows (or the userDir's own), their configs aimed at this run's simulators and
 * the PMS example's sample webhook at `nodeRed`, this run's Node-RED.
 */
function writeDemoFlows(userDir, urls, nodeRed = 'http://127.0.0.1:1880') {
  const flowFile = path.join(userDir, 'flows.json');
  let flows;
  if (fs.existsSync(flowFile)) {
    flows = JSON.parse(fs.readFileSync(flowFile, 'utf8'));
  } else {
    flows = [];
    for (const f of fs
      .readdirSync(path.join(root, 'examples'))
      .filter((n) => n.endsWith('.json'))
      .sort()) {
      // The examples share one config node per system (same id): it is added once.
      const ids = new Set(flows.map((n) => n.id));
      flows.push(...JSON.parse(fs.readFileSync(path.join(root, 'examples', f), 'utf8')).filter((n) => !ids.has(n.id)));
    }
  }
  const credFile = path.join(userDir, 'flows_cred.json');
  const creds = fs.existsSync(credFile) ? JSON.parse(fs.readFileSync(credFile, 'utf8')) : {};
  // Config nodes aimed at 127.0.0.1 are the examples': point them at this run's simulators.
  for (const n of flows.filter((x) => /^smartlock-(hotel|tuya|aliyun|ttlock)$/.test(x.type) && /127\.0\.0\.1/.test(x.baseUrl || ''))) {
    const vendor = n.type.replace('smartlock-', '');
    n.baseUrl = urls[vendor];
    // Push events too: never the vendor's own gateway.
    if (vendor === 'tuya') n.eventsUrl = urls.tuyaPush;
    if (vendor === 'aliyun') n.eventsUrl = urls.aliyunPush;
    creds[n.id] = creds[n.id] || { ...DEMO[vendor] };
  }
  // The calendar example's stay node reads this run's booking feed (a credential: real feeds carry a token).
  for (const n of flows.filter((x) => x.type === 'smartlock-stay' && x.feedMinutes && urls.calendarFeed))
    creds[n.id] = { ...creds[n.id], feedUrl: urls.calendarFeed };
  // The examples' "lock panel" requests go to this run's simulators: a TTLock lock's records to
  // its API simulator, a Tuya lock's reports to the message service.
  const panel = (url) => (/\/records$/.test(url) ? urls.ttlock : urls.tuyaPush.replace(/^ws/, 'http')).replace(/\/$/, '');
  for (const n of flows.filter((x) => x.type === 'http request' && /^http:\/\/127\.0\.0\.1:\d+\/locks\//.test(x.url || ''))) {
    n.url = n.url.replace(/^http:\/\/127\.0\.0\.1:\d+/, panel(n.url));
  }
  // The PMS example posts its sample webhook to this Node-RED's own endpoint.
  for (const n of flows.filter((x) => x.type === 'http request' && /^http:\/\/127\.0\.0\.1:\d+\/pms\//.test(x.url || ''))) {
    n.url = n.url.replace(/^http:\/\/127\.0\.0\.1:\d+/, nodeRed.replace(/\/$/, ''));
  }
  fs.writeFileSync(flowFile, JSON.stringify(flows, null, 2));
  fs.writeFileSync(credFile, JSON.stringify(creds, null, 2));
}

function listening(url, ms) {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const check = () =>
      http
        .get(`${url}/settings`, (res) => {
          res.resume();
          if (res.statusCode === 200 || res.statusCode === 401)
            resolve(); // 401: the editor answers, behind adminAuth
          else retry();
        })
        .on('error', retry);
    const retry = () => (Date.now() > until ? reject(new Error(`Node-RED did not start on ${url}`)) : setTimeout(check, 200));
    check();
  });
}

/**
 * Starts Node-RED with this package on `userDir` (its flows.json, or `flows` and `credentials`
 * when given); resolves once it has started its flows. `stop()` ends it.
 */
async function startNodeRed({ userDir, port, stdio = 'inherit', logLevel, lang, vendors, flows, credentials, settings }) {
  if (!port) port = await freePort();
  writeSettings(userDir, port, logLevel, lang, vendors, settings); // `settings`: more of settings.js (e.g. a context store)
  if (flows) fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(flows, null, 2));
  if (credentials) fs.writeFileSync(path.join(userDir, 'flows_cred.json'), JSON.stringify(credentials, null, 2));
  const red = spawn(
    process.execPath,
    [nodeRed.resolve('node-red/red.js'), '--userDir', userDir, '--settings', path.join(userDir, 'settings.js'), '--port', String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (stdio === 'inherit') {
    red.stdout.pipe(process.stdout);
    red.stderr.pipe(process.stderr);
  }
  // The editor answers before the flows run: ready means Node-RED said it started them.
  // Everything it prints is kept (the last MiB): lines that arrive in the same read as "Started
  // flows" would be lost to a listener added once this resolves.
  let log = '';
  let output = '';
  const keep = (d) => {
    output = (output + d).slice(-(1 << 20));
  };
  red.stdout.on('data', keep);
  red.stderr.on('data', keep);
  const flowsStarted = new Promise((resolve) => {
    const watch = (d) => {
      log += d;
      if (STARTED.some((text) => log.includes(text))) {
        red.stdout.off('data', watch);
        resolve();
      }
    };
    red.stdout.on('data', watch);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async (signal = 'SIGINT') => {
    if (red.exitCode === null && red.signalCode === null) {
      const exited = new Promise((r) => red.once('exit', r));
      red.kill(signal);
      await exited;
    }
  };
  try {
    // The editor's API answers under httpAdminRoot when a test sets it apart.
    await listening(url + String(settings?.httpAdminRoot ?? '').replace(/\/$/, ''), 60_000);
    await Promise.race([
      flowsStarted,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`Node-RED did not start its flows:\n${log}`)), 60_000).unref()),
    ]);
  } catch (e) {
    await stop();
    throw e;
  }
  // What Node-RED logged until its flows started; later output is on red.stdout.
  return { url, red, stop, startupLog: log, output: () => output };
}

/**
 * Starts the simulators and Node-RED with the example flows; resolves once the editor answers.
 * Ports of 0 take any free one. `stop()` ends both.
 */
async function startDemo({ userDir, port, ports = {}, stdio = 'inherit', logLevel, lang, vendors, bookingMinuteMs = 60_000 }) {
  buildIfNeeded();
  const { HotelSimulator, TuyaSimulator, TuyaPushSimulator, AliyunSimulator, AliyunPushSimulator, TtlockSimulator, BookingCalendarSimulator } = require(
    path.join(root, 'dist/lib/simulators'),
  );
  // The Tuya lock reports what happens at it to the message service, which pushes it.
  const tuyaPush = new TuyaPushSimulator(DEMO.tuya);
  const sims = {
    hotel: new HotelSimulator(DEMO.hotel.appid, DEMO.hotel.appsecret),
    tuya: new TuyaSimulator(DEMO.tuya).reportTo(tuyaPush),
    tuyaPush,
    aliyun: new AliyunSimulator({ ...DEMO.aliyun, projectId: 'a1sim-project' }),
    aliyunPush: new AliyunPushSimulator(DEMO.aliyun),
    ttlock: new TtlockSimulator({ ...DEMO.ttlock, accounts: TTLOCK_ACCOUNTS }),
    calendar: new BookingCalendarSimulator(DEMO.calendarToken),
  };
  // The calendar example's building door.
  sims.ttlock.addLock({ lockId: 163379, lockAlias: 'Building entrance', lockName: 'E100_b2c3d4', lockMac: 'C5:40:E0:9C:8C:C3', online: true });
  const changing = bookingsChanging(sims.calendar, bookingMinuteMs);
  const urls = {};
  for (const [name, sim] of Object.entries(sims)) urls[name] = await sim.start(ports[name] ?? 0);
  urls.calendarFeed = sims.calendar.feedUrl;
  const stopSims = () => {
    changing.stop();
    return Promise.all(Object.values(sims).map((s) => s.stop()));
  };
  fs.mkdirSync(userDir, { recursive: true });
  // Node-RED's port is known before it starts: the flows that post to it are written with it.
  if (!port) port = await freePort();
  writeDemoFlows(userDir, urls, `http://127.0.0.1:${port}`);
  let node;
  try {
    node = await startNodeRed({ userDir, port, stdio, logLevel, lang, vendors });
  } catch (e) {
    await stopSims();
    throw e;
  }
  // TTLock's cloud posts new lock records to the app's callback URL: here, this Node-RED.
  sims.ttlock.callbackUrl = `${node.url}/smartlock/ttlock/${DEMO.ttlock.callbackKey}`;
  const stop = async () => {
    await node.stop();
    await stopSims();
  };
  return { ...node, urls, sims, stop, bookingSteps: changing.steps };
}

/**
 * The demo's booking calendar (an Airbnb-shaped feed) changes while you watch: two bookings at
 * start, a new one after 2 minutes, the first extended (Airbnb re-issues its UID) after 4, the
 * second cancelled after 6 — the calendar example's stay node follows each within a minute.
 */
function bookingsChanging(calendar, minute = 60_000) {
  const day = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const ada = { uid: 'demo-ada@airbnb.com', from: day(0), until: day(3), summary: 'Reserved', reservation: 'HMADA20231', phoneLast4: '0100' };
  const bo = { uid: 'demo-bo@airbnb.com', from: day(5), until: day(7), summary: 'Reserved', reservation: 'HMBOB20232', phoneLast4: '0200' };
  const cy = { uid: 'demo-cy@airbnb.com', from: day(9), until: day(12), summary: 'Reserved', reservation: 'HMCYC20233', phoneLast4: '0300' };
  const window = { uid: 'demo-window@airbnb.com', from: day(365), until: day(730), summary: 'Airbnb (Not available)' };
  const steps = [
    [0, [ada, bo, window]],
    [2, [ada, bo, cy, window]],
    [4, [{ ...ada, uid: 'demo-ada-2@airbnb.com', until: day(4) }, bo, cy, window]],
    [6, [{ ...ada, uid: 'demo-ada-2@airbnb.com', until: day(4) }, cy, window]],
  ];
  const timers = steps.map(([minutes, bookings]) =>
    setTimeout(() => {
      calendar.bookings = bookings;
    }, minutes * minute),
  );
  calendar.bookings = steps[0][1];
  return { stop: () => timers.forEach(clearTimeout), steps };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = http
      .createServer()
      .listen(0, '127.0.0.1', () => {
        const { port } = srv.address();
        srv.close(() => resolve(port));
      })
      .on('error', reject);
  });
}

module.exports = { startDemo, startNodeRed, linkPackage, writeDemoFlows, writeSettings, DEMO };
