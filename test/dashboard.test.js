'use strict';
/* global RED, document -- these run inside the editor and dashboard pages */
// The FlowFuse Dashboard 2 example (examples/dashboard-front-desk.json) in the demo, driven in
// Debian's Chromium as a front desk would: pick a room, issue a card, create a code, open the
// door, and see a door event pushed by the simulated Tuya lock land in the table; on the Stays
// page, check a guest in, extend the stay, cancel it, and see each at the simulated locks.
require('should');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const WebSocketClient = require('ws');
const { useEditor } = require('./support/editor');
const { DEMO } = require('../scripts/demo');

const ROOM = '775032240849920';
// Every run leaves its screenshot in artifacts/; the README's copy is refreshed only on request
// (SMARTLOCK_UPDATE_SCREENSHOTS=1), so a test run never dirties the checkout.
const shots = (name) => [
  path.join(__dirname, '..', 'artifacts', 'screens', name),
  ...(process.env.SMARTLOCK_UPDATE_SCREENSHOTS ? [path.join(__dirname, '..', 'docs', 'images', name)] : []),
];
const SHOTS = shots('dashboard.png');
const FLOW = require('../examples/dashboard-front-desk.json');
// The example's widgets a raw socket.io client talks to.
const WIDGET = {
  list: 'da5bd0a700000010',
  chosen: 'da5bd0a70000000e',
  message: 'da5bd0a70000000d',
  open: 'da5bd0a700000025',
  code: 'da5bd0a70000001e',
  // the Stays page's templates
  stayForm: 'da5bd0a700000044',
  stayResult: 'da5bd0a700000045',
  stayTable: 'da5bd0a700000046',
};
/** The Stays page's times are the hotel's (Asia/Shanghai, no summer time): `2026-12-20 14:00` there, in epoch seconds. */
const shanghai = (wall) => Date.parse(`${wall.replace(' ', 'T')}:00+08:00`) / 1000;

/** A calendar day `days` from today, as a date input takes it (YYYY-MM-DD). */
function day(days) {
  return new Date(Date.now() + days * 864e5).toISOString().slice(0, 10);
}

/** One HTTP exchange as a script makes it: no Origin header, no credentials unless given. */
function exchange(method, url, { body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const basic = (user, password) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/**
 * A raw socket.io client (Engine.IO v4 over a WebSocket, as socket.io-client speaks it; that
 * package is not installed here): `frames` is everything the server sent, `next(test)` waits for
 * a frame that passes `test`, `emit(event, ...args)` sends an event.
 */
async function rawSocket(base, headers = {}) {
  const ws = new WebSocketClient(`${base.replace(/^http/, 'ws')}/dashboard/socket.io/?EIO=4&transport=websocket`, { headers });
  const frames = [];
  let wake = () => {};
  ws.on('message', (d) => {
    const text = String(d);
    if (text === '2') ws.send('3'); // the server's ping
    frames.push(text);
    wake();
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const next = async (test) => {
    for (;;) {
      const hit = frames.find(test);
      if (hit) return hit;
      await new Promise((r) => (wake = r));
    }
  };
  await next((f) => f.startsWith('0'));
  ws.send('40'); // connect to the default namespace
  const answer = await next((f) => /^4[04]/.test(f));
  return { frames, next, answer, emit: (...args) => ws.send(`42${JSON.stringify(args)}`), close: () => ws.close() };
}

describe('dashboard example as shipped', () => {
  const pkg = require('../package.json');
  const byId = new Map(FLOW.map((n) => [n.id, n]));

  it('starts with a comment saying it needs the dashboard, and names the modules it needs for the import notice', () => {
    const [tab, comment] = FLOW;
    tab.type.should.equal('tab');
    comment.type.should.equal('comment');
    comment.name.should.match(/@flowfuse\/node-red-dashboard/);
    const modules = FLOW.find((n) => n.type === 'global-config').modules;
    Object.keys(modules).sort().should.eql(['@flowfuse/node-red-dashboard', pkg.name]);
  });

  it('keeps the dashboard a devDependency, never a runtime one', () => {
    (pkg.dependencies['@flowfuse/node-red-dashboard'] === undefined).should.be.true();
    pkg.devDependencies['@flowfuse/node-red-dashboard'].should.match(/^\^1\./);
  });

  it('one ui-base at /dashboard ← a page with a theme ← groups ← every widget in a group', () => {
    const bases = FLOW.filter((n) => n.type === 'ui-base');
    bases.length.should.equal(1);
    bases[0].path.should.equal('/dashboard');
    for (const page of FLOW.filter((n) => n.type === 'ui-page')) {
      page.ui.should.equal(bases[0].id);
      byId.get(page.theme).type.should.equal('ui-theme');
    }
    for (const g of FLOW.filter((n) => n.type === 'ui-group')) byId.get(g.page).type.should.equal('ui-page');
    const widgets = FLOW.filter((n) => /^ui-/.test(n.type) && !['ui-base', 'ui-page', 'ui-group', 'ui-theme'].includes(n.type));
    widgets.length.should.be.above(8);
    for (const w of widgets) byId.get(w.group)?.type.should.equal('ui-group', `${w.type} ${w.id}`);
  });

  it("uses the demo's shared config nodes, as the other examples carry them", () => {
    const configs = FLOW.filter((n) => /^smartlock-(hotel|tuya|aliyun|ttlock)$/.test(n.type));
    configs
      .map((c) => c.id)
      .sort()
      .should.eql(['a1c0ffee000000c0', 'a7c0ffee000000c0', 'b2c0ffee000000c0', 'b7c0ffee000000c0']);
    for (const c of configs) {
      const other = fs
        .readdirSync(path.join(__dirname, '..', 'examples'))
        .filter((f) => f !== 'dashboard-front-desk.json')
        .flatMap((f) => require(`../examples/${f}`))
        .find((n) => n.id === c.id);
      c.should.eql(other);
    }
    for (const n of FLOW.filter((x) => /^smartlock-/.test(x.type) && x.vendor)) byId.get(n[n.vendor]).type.should.equal(`smartlock-${n.vendor}`);
  });
});

describe('dashboard example in Chromium (FlowFuse Dashboard 2)', function () {
  this.timeout(180_000);
  const editor = useEditor();
  let demo;
  let page;
  const errors = [];
  const contexts = [];
  /** A dashboard in a browser context of its own (its own socket), logged in with the demo's user. */
  async function openDashboard(at = '/dashboard', ready = '.smartlock-target .v-field') {
    const context = await editor.browser.newContext({
      viewport: { width: 1400, height: 1000 },
      httpCredentials: { username: DEMO.dashboard.user, password: DEMO.dashboard.password },
    });
    contexts.push(context);
    const p = await context.newPage();
    p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    p.on('pageerror', (e) => errors.push(String(e)));
    p.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    await p.goto(`${demo.url}${at}`, { waitUntil: 'networkidle' });
    await p.waitForSelector(ready, { timeout: 60_000 });
    return p;
  }
  before(async () => {
    demo = editor.demo;
    page = await openDashboard();
  });
  after(() => Promise.all(contexts.map((c) => c.close())));

  /** The value a ui-text widget (by its label) shows, once it contains `match`. */
  async function textOf(label, match, on = page) {
    const value = on
      .locator('.nrdb-ui-text', { has: on.locator('.nrdb-ui-text-label', { hasText: label }) })
      .locator('.nrdb-ui-text-value')
      .first();
    await value.filter({ hasText: match }).waitFor({ timeout: 20_000 });
    return value.innerText();
  }

  /** Picks a room or lock from the dashboard's list (by its entry's text) and waits until it shows as chosen. */
  async function choose(entry, chosen, on = page) {
    await on.click('.smartlock-target .v-field');
    await on.locator('.v-overlay--active .v-list-item', { hasText: entry }).click();
    await textOf('Chosen', chosen, on);
  }

  /** Fills a form of the dashboard (its name, if given, and its stay from/until) and presses its button. */
  async function submit(formClass, { name, from, until }, button, on = page) {
    const form = on.locator(formClass);
    if (name !== undefined) await form.locator('[data-form="form-row-name"] input').fill(name);
    await form.locator('[data-form="form-row-from"] input').fill(from);
    await form.locator('[data-form="form-row-until"] input').fill(until);
    await form.getByRole('button', { name: button }).click();
  }

  it('the editor knows every node of the example (the dashboard module is loaded from the userDir)', async () => {
    const unknown = await editor.page.evaluate(
      (types) => types.filter((t) => !RED.nodes.getType(t)),
      [...new Set(FLOW.map((n) => n.type))].filter((t) => !['tab', 'global-config'].includes(t)),
    );
    unknown.should.eql([]);
  });

  it('fills the list from the systems: hotel rooms and TTLock locks from their list operations, the Tuya and Alibaba locks fixed; picking a room shows it', async () => {
    // The TTLock locks are named nowhere in the flow: the simulator's account is where they come from.
    await page.click('.smartlock-target .v-field');
    const items = page.locator('.v-overlay--active .v-list-item');
    // The list is filled once the flows start (list rooms at the hotel, list locks at TTLock): wait for it.
    await items.filter({ hasText: 'Room 1-101 · hotel' }).waitFor({ timeout: 20_000 });
    await items.filter({ hasText: 'TTLock' }).first().waitFor({ timeout: 20_000 });
    const labels = await items.allInnerTexts();
    labels.should.containEql('Room 1-101 · hotel');
    const ttlocks = [...demo.sims.ttlock.locks.values()].map((l) => `${l.lockAlias} ${l.lockId} · TTLock`);
    ttlocks.length.should.be.above(0);
    labels.filter((l) => / · TTLock$/.test(l)).should.eql(ttlocks);
    labels.some((l) => /lock-wifi-1 · Tuya/.test(l)).should.be.true(labels.join(', '));
    labels.some((l) => /dev-door-1 · Alibaba/.test(l)).should.be.true(labels.join(', '));
    await items.filter({ hasText: 'Room 1-101 · hotel' }).click();
    (await textOf('Chosen', ROOM)).should.containEql(`room ${ROOM} (hotel)`);
  });

  it('issues a key card for the given days and shows its id', async () => {
    await submit('.smartlock-card-form', { from: day(0), until: day(2) }, 'Issue card');
    const shown = await textOf('Card', 'card ');
    const cardId = /^card (\S+) · room (\d+)/.exec(shown);
    (cardId !== null).should.be.true(shown);
    cardId[2].should.equal(ROOM);
    demo.sims.hotel.cards.get(cardId[1]).rm_id.should.equal(ROOM);
    shown.should.endWith(`${day(0)} 14:00 → ${day(2)} 12:00`);
  });

  it('creates a temporary code for the room and shows it', async () => {
    await submit('.smartlock-code-form', { name: 'Ada', from: day(0), until: day(1) }, 'Create code');
    const shown = await textOf('Code', 'code ');
    const code = /^code (\S+) · room (\d+)/.exec(shown);
    (code !== null).should.be.true(shown);
    demo.sims.hotel.offline.get(code[1]).active.should.be.true();
    shown.should.endWith(`until ${day(1)} 23:59`);
  });

  it('opens the door and shows the result', async () => {
    await page.locator('.smartlock-open button').click();
    (await textOf('Door', 'opened')).should.match(new RegExp(`^opened ${ROOM} · \\d\\d:\\d\\d:\\d\\d$`));
  });

  it('a Tuya code: picks the front door lock and sees the 7-digit code the lock keeps', async () => {
    await choose('lock-wifi-1', 'lock-wifi-1');
    await submit('.smartlock-code-form', { name: 'Family', from: day(0), until: day(7) }, 'Create code');
    const shown = await textOf('Code', 'lock-wifi-1');
    const code = /^code (\d{7}) · lock lock-wifi-1/.exec(shown);
    (code !== null).should.be.true(shown);
    const pins = [...demo.sims.tuya.devices.get('lock-wifi-1').passwords.values()].map((p) => p.pin);
    pins.should.containEql(code[1]);
  });

  it('a TTLock passcode: picks a lock listed by TTLock and sees the code the lock keeps', async () => {
    await choose('Apartment door 163377 · TTLock', '163377');
    await submit('.smartlock-code-form', { name: 'Tenant', from: day(0), until: day(3) }, 'Create code');
    const shown = await textOf('Code', 'lock 163377');
    const code = /^code (\d{7}) · lock 163377/.exec(shown);
    (code !== null).should.be.true(shown);
    const door = demo.sims.ttlock.locks.get(163377);
    [...door.passcodes.values()].map((p) => p.keyboardPwd).should.containEql(code[1]);
  });

  it('a visitor QR pass for the Alibaba door: a visitor listed by the entrance service, the code and its QR image', async () => {
    await choose('dev-door-1', 'dev-door-1');
    // The visitors are the entrance service's people (list persons at the simulator).
    await page.click('.smartlock-visitor .v-field');
    const people = page.locator('.v-overlay--active .v-list-item');
    await people.first().waitFor({ timeout: 20_000 });
    const names = await people.allInnerTexts();
    names.should.eql([...demo.sims.aliyun.persons.values()].map((p) => `${p.name} · ${p.identityId}`));
    await people.filter({ hasText: 'visitor-1' }).click();
    await submit('.smartlock-code-form', { from: day(1), until: day(2) }, 'Create code');
    const shown = await textOf('Code', 'QR ');
    const qr = /^QR (\S+) · door dev-door-1 · until (\S+ \S+)$/.exec(shown);
    (qr !== null).should.be.true(shown);
    qr[2].should.equal(`${day(2)} 23:59`);
    const granted = demo.sims.aliyun.qrCodes.get(qr[1]);
    granted.identityId.should.equal('visitor-1');
    granted.grants.get('dev-door-1').expiryTime.should.startWith(`${day(2)} 23:59`);
    // The QR image: a PNG data URL the browser decoded (a real image, not a broken one).
    const img = page.locator('.smartlock-qr img');
    await img.waitFor({ timeout: 20_000 });
    (await img.getAttribute('src')).should.match(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    (await img.evaluate((i) => i.complete && i.naturalWidth)).should.be.above(20);
    (await img.getAttribute('alt')).should.equal(`QR code ${qr[1]}`);
  });

  it('shows a door event pushed by the simulated lock as a row of the table', async () => {
    const rows = page.locator('.smartlock-events tbody tr', { hasText: 'fingerprint' });
    const before = await rows.count();
    // The events node listens to Tuya's message service (it connects once the flows start).
    while (demo.sims.tuyaPush.consumers() < 1) await new Promise((r) => setTimeout(r, 50));
    // At the lock: a finger on the reader, reported to Tuya's message service, pushed to the events node.
    const panel = demo.urls.tuyaPush.replace(/^ws/, 'http').replace(/\/$/, '');
    const res = await fetch(`${panel}/locks/lock-wifi-1/report`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ code: 'unlock_fingerprint', value: 3 }]),
    });
    res.status.should.equal(200);
    await page.waitForFunction(
      (n) =>
        document.querySelectorAll('.smartlock-events tbody tr').length > 0 &&
        [...document.querySelectorAll('.smartlock-events tbody tr')].filter((r) => r.textContent.includes('fingerprint')).length > n,
      before,
      { timeout: 20_000 },
    );
    const first = await page.locator('.smartlock-events tbody tr').first().innerText();
    first.should.match(/lock-wifi-1/);
    first.should.match(/unlock/);
    first.should.match(/\bfingerprint\b/);
    first.should.match(/\b3\b/);
  });

  it('the lock panel buttons on the dashboard report at the simulated lock too (doorbell)', async () => {
    await page.getByRole('button', { name: 'Doorbell at the front door' }).click();
    await page.locator('.smartlock-events tbody tr', { hasText: 'doorbell' }).first().waitFor({ timeout: 20_000 });
  });

  it('reported no error in the page; screenshot for the README', async () => {
    for (const shot of SHOTS) {
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await page.screenshot({ path: shot, fullPage: true });
    }
    errors.should.eql([]);
  });

  it('says in one line what went wrong: a card for a lock, a stay that ends before it starts', async () => {
    // The Tuya lock is still chosen: cards are for hotel rooms.
    await submit('.smartlock-card-form', { from: day(0), until: day(1) }, 'Issue card');
    (await textOf('Message', 'hotel rooms')).should.equal('Key cards are for hotel rooms: pick a room.');
    // A room, and a check-out before the check-in: the card node refuses it, the Catch says it.
    await choose('Room 1-101 · hotel', ROOM);
    await submit('.smartlock-card-form', { from: day(2), until: day(0) }, 'Issue card');
    const said = await textOf('Message', 'VALIDATION');
    said.should.match(/^VALIDATION: .*validUntil/);
    said.should.not.match(/\n|at .*\.js:\d+/);
    errors.should.eql([]);
  });

  /** Remote opens the simulators carried out, by system. */
  function opens() {
    const count = (sim) => Object.entries(sim.executed).reduce((n, [op, c]) => n + (/open|unlock/i.test(op) ? c : 0), 0);
    return { room: demo.sims.hotel.rooms.get(ROOM).opens, tuya: count(demo.sims.tuya), aliyun: count(demo.sims.aliyun), ttlock: count(demo.sims.ttlock) };
  }
  const desk = () => ({ authorization: basic(DEMO.dashboard.user, DEMO.dashboard.password) });

  it('without credentials: the page answers 401, and the socket refuses a client that sends no Origin header', async () => {
    (await exchange('GET', `${demo.url}/dashboard`)).status.should.equal(401);
    (await exchange('GET', `${demo.url}/dashboard/_setup`)).status.should.equal(401);
    (await exchange('GET', `${demo.url}/dashboard`, { headers: { authorization: basic(DEMO.dashboard.user, 'wrong') } })).status.should.equal(401);
    (await exchange('GET', `${demo.url}/dashboard/front-desk`, { headers: desk() })).status.should.equal(200);
    // Engine.IO's long-polling handshake as a script makes it: no Origin, no credentials.
    const io = `${demo.url}/dashboard/socket.io/?EIO=4&transport=polling`;
    const open = await exchange('GET', io);
    open.status.should.equal(200);
    const { sid } = JSON.parse(open.text.slice(1));
    (await exchange('POST', `${io}&sid=${sid}`, { body: '40', headers: { 'content-type': 'text/plain;charset=UTF-8' } })).text.should.equal('ok');
    const answer = await exchange('GET', `${io}&sid=${sid}`);
    answer.text.should.startWith('44'); // CONNECT_ERROR: the namespace never connected
    JSON.parse(answer.text.slice(2).split('\x1e')[0]).message.should.equal('unauthorized');
    // A page of another site, with the credentials a logged-in browser would send: refused too.
    const elsewhere = await rawSocket(demo.url, { ...desk(), origin: 'http://elsewhere.invalid' });
    elsewhere.answer.should.startWith('44');
    elsewhere.close();
    const allowed = await rawSocket(demo.url, desk());
    allowed.answer.should.startWith('40');
    allowed.close();
  });

  it('a raw socket.io client without credentials can neither open a door nor receive the code another client creates', async () => {
    const before = opens();
    const intruder = await rawSocket(demo.url);
    intruder.answer.should.startWith('44');
    intruder.emit('widget-change', WIDGET.list, `hotel:${ROOM}`);
    intruder.emit('widget-action', WIDGET.open, { payload: Date.now() });
    intruder.emit('widget-change', WIDGET.list, 'tuya:lock-wifi-2');
    intruder.emit('widget-action', WIDGET.open, { payload: Date.now() });
    intruder.emit('widget-action', WIDGET.code, { payload: { name: 'x', from: day(0), until: day(1) } });
    // Meanwhile the front desk, logged in, creates a code and opens the room once.
    const p = await openDashboard();
    await choose('Room 1-101 · hotel', ROOM, p);
    await submit('.smartlock-code-form', { name: 'Ada', from: day(0), until: day(1) }, 'Create code', p);
    const code = /^code (\S+)/.exec(await textOf('Code', 'code ', p))[1];
    await p.locator('.smartlock-open button').click();
    await textOf('Door', `opened ${ROOM}`, p);
    opens().should.eql({ ...before, room: before.room + 1 });
    intruder.frames.filter((f) => f.startsWith('42')).should.eql([]);
    intruder.frames.some((f) => f.includes(code)).should.be.false('the code reached a socket without credentials');
    intruder.close();
  });

  it('two browser contexts choose different doors and each opens its own', async () => {
    const [a, b] = [await openDashboard(), await openDashboard()];
    await choose('Room 1-101 · hotel', ROOM, a);
    await choose('lock-wifi-1', 'lock-wifi-1', b);
    const before = opens();
    await a.locator('.smartlock-open button').click();
    await textOf('Door', `opened ${ROOM}`, a);
    opens().should.eql({ ...before, room: before.room + 1 });
    await b.locator('.smartlock-open button').click();
    await textOf('Door', 'opened lock-wifi-1', b);
    opens().should.eql({ ...before, room: before.room + 1, tuya: before.tuya + 1 });
    // Neither saw the other's choice or result.
    (await textOf('Chosen', ROOM, a)).should.equal(`room ${ROOM} (hotel)`);
    (await textOf('Door', 'opened', a)).should.startWith(`opened ${ROOM}`);
    (await textOf('Chosen', 'lock-wifi-1', b)).should.equal('lock lock-wifi-1 (tuya)');
  });

  it('a code goes to the client that asked only: another browser and another logged-in socket never get it', async () => {
    const [a, b] = [await openDashboard(), await openDashboard()];
    const other = await rawSocket(demo.url, desk());
    other.answer.should.startWith('40');
    await choose('lock-wifi-1', 'lock-wifi-1', b);
    await submit('.smartlock-code-form', { name: 'Family', from: day(0), until: day(2) }, 'Create code', b);
    const code = /^code (\d{7})/.exec(await textOf('Code', 'lock-wifi-1', b))[1];
    // The server answers a socket in order: once `other` has its own answer, anything sent to it
    // before (the code) would be in its frames already.
    other.emit('widget-change', WIDGET.list, 'tuya:not-listed');
    await other.next((f) => f.startsWith(`42["msg-input:${WIDGET.chosen}"`));
    other.frames.some((f) => f.includes(code)).should.be.false('the code reached another logged-in socket');
    (await a.locator('.nrdb-ui-text-value').allInnerTexts()).join(' ').should.not.containEql(code);
    other.close();
  });

  it('a logged-in client naming a door that is not in the list is refused and told so; its open opens nothing', async () => {
    const before = opens();
    const client = await rawSocket(demo.url, desk());
    client.answer.should.startWith('40');
    const said = (widget) => client.next((f) => f.startsWith(`42["msg-input:${widget}"`));
    client.emit('widget-change', WIDGET.list, 'tuya:lock-wifi-2');
    JSON.parse((await said(WIDGET.chosen)).slice(2))[1].payload.should.equal("refused: lock-wifi-2 is not in this dashboard's list");
    client.emit('widget-action', WIDGET.open, { payload: Date.now() });
    JSON.parse((await said(WIDGET.message)).slice(2))[1].payload.should.equal('Pick a room or lock first.');
    opens().should.eql(before);
    client.close();
  });

  it('the HTTP example opens with a POST; a GET (an <img> on any page) answers 404 and opens nothing', async () => {
    const before = opens();
    (await exchange('GET', `${demo.url}/door/open?room=${ROOM}`)).status.should.equal(404);
    opens().should.eql(before);
    const res = await exchange('POST', `${demo.url}/door/open`, {
      body: `room=${ROOM}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    res.status.should.equal(200);
    JSON.parse(res.text).opened.should.be.true();
    opens().should.eql({ ...before, room: before.room + 1 });
  });

  // The Stays page: the stay node "front desk stays" behind a form and a table.
  const ROOM_102 = '775032240849921';
  /** The Stays page in a browser context of its own, once its rooms and list have arrived. */
  async function openStays() {
    const p = await openDashboard('/dashboard/stays', '.smartlock-stay-form input[name=guest]');
    await p.locator('.smartlock-stays .stays-head', { hasText: 'times in Asia/Shanghai' }).waitFor({ timeout: 20_000 });
    return p;
  }
  /** Fills the check-in form (times `YYYY-MM-DD HH:mm` in the property's zone) and presses Check in. */
  async function checkIn(p, { guest, phone, email, room, from, until }) {
    const form = p.locator('.smartlock-stay-form');
    await form.locator('input[name=guest]').fill(guest);
    await form.locator('input[name=phone]').fill(phone ?? '');
    await form.locator('input[name=email]').fill(email ?? '');
    await form.locator('.stay-room .v-field').click();
    await p.locator('.v-overlay--active .v-list-item', { hasText: room }).click();
    for (const [key, wall] of [
      ['from', from],
      ['until', until],
    ]) {
      await form.locator(`input[name=${key}Day]`).fill(wall.slice(0, 10));
      await form.locator(`input[name=${key}Time]`).fill(wall.slice(11));
    }
    await form.getByRole('button', { name: 'Check in' }).click();
  }
  /** The result panel's text once it contains `match`. */
  async function resultOf(p, match) {
    const panel = p.locator('.smartlock-stay-result');
    await panel.filter({ hasText: match }).waitFor({ timeout: 20_000 });
    return panel.innerText();
  }
  const row = (p, id) => p.locator(`.smartlock-stays tr[data-stay="${id}"]`);
  /** A row's codes, by door: the door names as the stay node has them. */
  async function codesOf(p, id) {
    return Object.fromEntries(
      await row(p, id)
        .locator('.stay-code-line')
        .evaluateAll((lines) => lines.map((l) => [l.dataset.door, l.querySelector('.stay-code').textContent.trim()])),
    );
  }
  /** The simulated front door's code the stay node made for a stay (named stay:<id>). */
  const frontDoor = (id) => [...demo.sims.tuya.devices.get('lock-wifi-1').passwords.values()].filter((p) => p.name === `stay:${id}`);
  /** The online password a room's lock holds with this code (the hotel platform's slots have no name). */
  const inRoom = (room, code) => [...demo.sims.hotel.rooms.get(room).online.values()].filter((o) => o.pwd === code);
  let stays;
  let ada;

  it('Stays: a departure before the arrival is refused on the page; the next check-in lists the stay with its codes, the front door holding the code named stay:<id>', async () => {
    stays = await openStays();
    // The rooms are the stay node's door groups, listed by the flow.
    await stays.locator('.smartlock-stay-form .stay-room .v-field').click();
    (await stays.locator('.v-overlay--active .v-list-item').allInnerTexts()).should.eql([
      'Room 1-101 + front door',
      'Room 1-102 + front door',
      'Room 1-103 + front door',
      'Room 2-201 + front door',
      'Office, day use (QR pass)',
    ]);
    await stays.keyboard.press('Escape');
    const before = frontDoor('').length;
    await checkIn(stays, { guest: 'Ada Lovelace', phone: '+86 138 0000 0100', room: 'Room 1-101', from: `${day(2)} 14:00`, until: `${day(0)} 12:00` });
    (await resultOf(stays, 'departure')).should.equal('The departure must come after the arrival.');
    frontDoor('').length.should.equal(before);
    // Early check-in: from midnight today (the hotel's day: never later than now), two nights.
    await checkIn(stays, { guest: 'Ada Lovelace', phone: '+86 138 0000 0100', room: 'Room 1-101', from: `${day(0)} 00:00`, until: `${day(2)} 12:00` });
    const said = await resultOf(stays, 'Checked in');
    ada = /Checked in · (FD-\d{6}-[A-Z0-9]{4})/.exec(said)[1];
    (await stays.locator('.smartlock-stay-result .stay-error').count()).should.equal(0);
    said.should.containEql(`Ada Lovelace · Room 1-101 · ${day(0)} 00:00 → ${day(2)} 12:00 (Asia/Shanghai)`);
    // The list: the guest, the room, the dates in the hotel's zone, active, a code per door.
    const line = await row(stays, ada).innerText();
    line.should.match(
      new RegExp(`Ada Lovelace[\\s\\S]*\\+86 138 0000 0100\\s+${ada}[\\s\\S]*Room 1-101[\\s\\S]*${day(0)} 00:00[\\s\\S]*${day(2)} 12:00[\\s\\S]*active`),
    );
    const codes = await codesOf(stays, ada);
    Object.keys(codes).should.eql(['Room 1-101', 'Front door']);
    said.should.containEql(codes['Front door']);
    said.should.containEql(codes['Room 1-101']);
    // At the simulated locks: the front door's code named stay:<id> with the stay's window, the room's code in a slot until check-out.
    const [held] = frontDoor(ada);
    held.should.match({ pin: codes['Front door'], effective_time: shanghai(`${day(0)} 00:00`), invalid_time: shanghai(`${day(2)} 12:00`) });
    (held.deleted === undefined).should.be.true();
    inRoom(ROOM, codes['Room 1-101']).should.eql([{ pwd: codes['Room 1-101'], unValid: `${day(2)} 12:00:00` }]);
    // Ready for the next guest.
    (await stays.locator('.smartlock-stay-form input[name=guest]').inputValue()).should.equal('');
  });

  it('Stays: extend one night moves the window at the locks, the codes the same; send again changes nothing and shows the codes', async () => {
    const codes = await codesOf(stays, ada);
    const [was] = frontDoor(ada);
    await row(stays, ada).getByRole('button', { name: 'Extend one night' }).click();
    (await resultOf(stays, 'Extended one night')).should.containEql(`${day(0)} 00:00 → ${day(3)} 12:00`);
    await row(stays, ada)
      .filter({ hasText: `${day(3)} 12:00` })
      .waitFor({ timeout: 20_000 });
    (await codesOf(stays, ada)).should.eql(codes);
    const moved = frontDoor(ada);
    moved.length.should.equal(1);
    moved[0].should.match({
      password_id: was.password_id,
      pin: codes['Front door'],
      effective_time: shanghai(`${day(0)} 00:00`),
      invalid_time: shanghai(`${day(3)} 12:00`),
    });
    inRoom(ROOM, codes['Room 1-101']).should.eql([{ pwd: codes['Room 1-101'], unValid: `${day(3)} 12:00:00` }]);
    await row(stays, ada).getByRole('button', { name: 'Send again' }).click();
    const again = await resultOf(stays, 'nothing changed at the locks');
    again.should.containEql(codes['Front door']);
    again.should.containEql(codes['Room 1-101']);
    frontDoor(ada).should.eql(moved);
  });

  it('Stays: cancel (asked once more) revokes every code at the locks; the row says revoked', async () => {
    const codes = await codesOf(stays, ada);
    const line = row(stays, ada);
    await line.getByRole('button', { name: 'Cancel', exact: true }).click();
    await line.getByRole('button', { name: 'No', exact: true }).click();
    frontDoor(ada)[0].should.not.have.property('deleted');
    await line.getByRole('button', { name: 'Cancel', exact: true }).click();
    await line.getByRole('button', { name: 'Yes, cancel' }).click();
    await resultOf(stays, 'Cancelled, codes revoked');
    await line.locator('.stay-state', { hasText: 'revoked' }).waitFor({ timeout: 20_000 });
    (await line.innerText()).should.match(/revoked\s+cancelled/);
    (await line.getByRole('button').count()).should.equal(0);
    frontDoor(ada)[0].deleted.should.be.true();
    inRoom(ROOM, codes['Room 1-101']).should.eql([]);
  });

  it('Stays: day use of the office door gives a QR pass, its image shown', async () => {
    await checkIn(stays, { guest: 'Bo Visitor', email: 'bo@example.com', room: 'Office', from: `${day(1)} 09:00`, until: `${day(1)} 18:00` });
    const id = /Checked in · (FD-\S+)/.exec(await resultOf(stays, 'Checked in · FD-'))[1];
    const img = stays.locator('.smartlock-stay-result img');
    await img.waitFor({ timeout: 20_000 });
    (await img.getAttribute('src')).should.match(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    (await img.evaluate((i) => i.complete && i.naturalWidth)).should.be.above(20);
    const code = (await img.getAttribute('alt')).replace(/^QR code /, '');
    const granted = demo.sims.aliyun.qrCodes.get(code);
    granted.identityId.should.equal(`stay:${id}`);
    granted.grants.get('dev-door-1').expiryTime.should.startWith(`${day(1)} 18:00`);
  });

  it('Stays: screenshot for the README; no error in the page', async () => {
    await checkIn(stays, { guest: 'Grace Hopper', email: 'grace@example.com', room: 'Room 1-102', from: `${day(0)} 14:00`, until: `${day(3)} 12:00` });
    const id = /Checked in · (FD-\S+)/.exec(await resultOf(stays, 'Grace Hopper'))[1];
    (await row(stays, id).innerText()).should.match(/active/);
    await stays.mouse.move(0, 0);
    for (const shot of shots('dashboard-stays.png')) {
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await stays.screenshot({ path: shot, fullPage: true, animations: 'disabled' });
    }
    errors.should.eql([]);
  });

  it("Stays: a logged-in client naming a room or stay not in the list is refused and told so; a check-in's codes reach no socket that did not ask", async () => {
    const client = await rawSocket(demo.url, desk());
    const other = await rawSocket(demo.url, desk());
    [client.answer, other.answer].forEach((a) => a.should.startWith('40'));
    const said = async () => {
      const seen = client.frames.length;
      const frame = await client.next((f, i) => i >= seen && f.startsWith(`42["msg-input:${WIDGET.stayResult}"`));
      return JSON.parse(frame.slice(2))[1].payload.result;
    };
    const before = { front: [...demo.sims.tuya.devices.get('lock-wifi-1').passwords.values()].length, room: demo.sims.hotel.rooms.get(ROOM_102).online.size };
    const asked = { action: 'check-in', guest: 'Mallory', fromDay: day(0), fromTime: '14:00', untilDay: day(1), untilTime: '12:00' };
    let answer = said();
    client.emit('widget-send', WIDGET.stayForm, { payload: { ...asked, room: `hotel:${ROOM_102}` } });
    (await answer).should.eql({ error: 'Pick a room of the list.' });
    answer = said();
    client.emit('widget-send', WIDGET.stayTable, { payload: { action: 'cancel', id: 'FD-000000-NONE' } });
    (await answer).error.should.match(/^That stay is not in the list/);
    // A stay already ended: nothing to extend.
    answer = said();
    client.emit('widget-send', WIDGET.stayTable, { payload: { action: 'extend', id: ada } });
    (await answer).should.eql({ error: `Stay ${ada} is cancelled: its codes are gone.` });
    [...demo.sims.tuya.devices.get('lock-wifi-1').passwords.values()].length.should.equal(before.front);
    demo.sims.hotel.rooms.get(ROOM_102).online.size.should.equal(before.room);
    // The desk checks a guest in meanwhile.
    await checkIn(stays, { guest: 'Lin Wei', room: 'Room 1-103', from: `${day(0)} 00:00`, until: `${day(1)} 12:00` });
    const id = /Checked in · (FD-\S+)/.exec(await resultOf(stays, 'Lin Wei'))[1];
    const code = (await codesOf(stays, id))['Front door'];
    // Neither socket asked for the list since (it goes to a client that asks: every desk shares it). The
    // server answers a socket in order: once each has an answer of the front desk page, anything sent to
    // it before (the code) would be in its frames already.
    for (const s of [client, other]) {
      const seen = s.frames.length;
      s.emit('widget-change', WIDGET.list, 'tuya:not-listed');
      await s.next((f, i) => i >= seen && f.startsWith(`42["msg-input:${WIDGET.chosen}"`));
      s.frames.some((f) => f.includes(code)).should.be.false('the code reached a socket that did not ask');
    }
    client.close();
    other.close();
  });
});
