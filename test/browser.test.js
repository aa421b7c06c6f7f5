'use strict';
/* global RED, $, document, getComputedStyle -- these run inside the editor page */
// The editor in a real browser: Debian's Chromium driven by playwright-core (never a downloaded
// browser). Skipped where Chromium is missing, except in CI, where it must run.
require('should');
const fs = require('node:fs');
const path = require('node:path');
const { useEditor } = require('./support/editor');
const { CONFIG_VERSION } = require('../dist/lib/migrations');

const SHOTS = path.join(__dirname, '..', 'artifacts', 'screens');
const ALL_TYPES = Object.keys(require('../package.json')['node-red'].nodes).filter((t) => t !== 'smartlock-systems');
/** The nodes with an operation: the stay node's dialog is doors, tried on its own below. */
const TYPES = ALL_TYPES.filter((t) => t !== 'smartlock-stay');
/** The system each node type is tried with: one that offers its headline action. */
const VENDOR = {
  'smartlock-face': 'hotel',
  'smartlock-fingerprint': 'hotel',
  'smartlock-keep-open': 'aliyun',
  'smartlock-qrcode': 'aliyun',
  'smartlock-logs': 'tuya',
  'smartlock-events': 'tuya',
  'smartlock-device': 'tuya',
};

describe('editor in Chromium', function () {
  this.timeout(180_000);
  const editor = useEditor();
  let page;
  const errors = editor.errors;
  before(() => {
    page = editor.page;
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  // A test that failed with its dialog open must not fail the next ones: close every tray.
  afterEach(async () => {
    if (!page) return;
    await page.keyboard.press('Escape');
    for (const cancel of ['#node-config-dialog-cancel', '#node-dialog-cancel']) {
      for (let open = 0; open < 3 && (await page.$(cancel)); open++) {
        await page.click(cancel, { timeout: 2_000 }).catch(() => {}); // (it may be closing already)
        await page.waitForSelector(cancel, { state: 'detached', timeout: 10_000 }).catch(() => {});
      }
    }
  });

  it('shows every smartlock node under "smart lock" in the palette', async () => {
    const shown = await page.$$eval('#red-ui-palette-container-smart_lock .red-ui-palette-node', (ns) => ns.map((n) => n.getAttribute('data-palette-type')));
    shown.sort().should.eql([...ALL_TYPES].sort());
  });

  for (const type of TYPES) {
    it(`${type}: added, edited with its operations and fields, given a config, saved`, async () => {
      const vendor = VENDOR[type] ?? 'hotel';
      const id = await page.evaluate(
        ({ type, vendor }) => {
          let config;
          RED.nodes.eachConfig((c) => {
            if (!config && c.type === `smartlock-${vendor}`) config = c;
          });
          const def = { id: RED.nodes.id(), type, x: 300, y: 600, z: RED.workspaces.active(), vendor, [vendor]: config.id, wires: [] };
          if (type === 'smartlock-events') def.devices = 'lock-wifi-1';
          RED.view.importNodes([def]);
          const node = RED.nodes.node(def.id);
          RED.editor.edit(node);
          return def.id;
        },
        { type, vendor },
      );
      await page.waitForSelector('#node-input-operation option', { state: 'attached', timeout: 10_000 });
      const ops = await page.$$eval('#node-input-operation option', (o) => o.map((x) => x.textContent));
      ops.length.should.be.above(0);
      (await page.$eval('#node-input-vendor', (s) => s.value)).should.equal(vendor);
      if (type !== 'smartlock-events') {
        await page.waitForFunction(
          () =>
            document.querySelectorAll('#node-input-smartlock-params .red-ui-typedInput-container').length > 0 ||
            document.querySelectorAll('#node-input-smartlock-params .form-row').length === 0,
        );
      }
      await page.screenshot({ path: path.join(SHOTS, `${type}.png`) });
      await press('#node-dialog-ok');
      const saved = await page.evaluate(
        (id) => ({
          operation: RED.nodes.node(id).operation,
          valid: RED.nodes.node(id).valid,
          why: RED.nodes.node(id).validationErrors,
          configVersion: RED.nodes.node(id).configVersion,
        }),
        id,
      );
      saved.operation.should.be.a.String();
      // Imported as 0.1.0 saved it (no configVersion): the dialog upgraded it.
      saved.configVersion.should.equal(CONFIG_VERSION);
      saved.valid.should.be.true(`${type}: ${JSON.stringify(saved.why)}`);
    });
  }

  it('the events dialog offers push where the system has it, and polling otherwise', async () => {
    const id = await page.evaluate(() => {
      let config;
      RED.nodes.eachConfig((c) => {
        if (!config && c.type === 'smartlock-tuya') config = c;
      });
      const def = {
        id: RED.nodes.id(),
        type: 'smartlock-events',
        x: 300,
        y: 700,
        z: RED.workspaces.active(),
        vendor: 'tuya',
        tuya: config.id,
        configVersion: 2,
        wires: [],
      };
      RED.view.importNodes([def]);
      RED.editor.edit(RED.nodes.node(def.id));
      return def.id;
    });
    await page.waitForSelector('#node-input-operation option', { state: 'attached', timeout: 10_000 });
    const form = () =>
      page.evaluate(() => ({
        source: document.querySelector('#node-input-source').value,
        pushOffered: !document.querySelector('#node-input-source option[value="push"]').disabled,
        // the filters apply to both sources
        kinds: getComputedStyle(document.querySelector('#node-input-kinds').closest('.form-row')).display !== 'none',
        methods: getComputedStyle(document.querySelector('#node-input-methods').closest('.form-row')).display !== 'none',
        who: getComputedStyle(document.querySelector('#node-input-who').closest('.form-row')).display !== 'none',
        interval: getComputedStyle(document.querySelector('#node-input-interval').closest('.form-row')).display !== 'none',
        // Devices: none means every lock with push; polling needs them (the Source shown counts, not the saved one).
        devicesFlagged: $('#node-input-devices').hasClass('input-error'),
        tips: $('.form-tips:visible')
          .map((_, t) => $(t).attr('data-i18n').replace(/^.*:/, ''))
          .get(),
      }));
    // Tuya pushes over a connection of the config: that is what the tip says.
    (await form()).should.eql({
      source: 'push',
      pushOffered: true,
      kinds: true,
      methods: true,
      who: true,
      interval: false,
      devicesFlagged: false,
      tips: ['smartlock-events.tip.push'],
    });
    await page.screenshot({ path: path.join(SHOTS, 'smartlock-events-push.png') });
    // The hotel platform has neither logs nor a push stream: not offered.
    (await page.$$eval('#node-input-vendor option', (o) => o.map((x) => x.value))).should.not.containEql('hotel');
    await page.selectOption('#node-input-source', 'poll');
    (await form()).should.eql({
      source: 'poll',
      pushOffered: true,
      kinds: true,
      methods: true,
      who: true,
      interval: true,
      devicesFlagged: true,
      tips: ['smartlock-events.tip.cursor'],
    });
    (await page.getAttribute('#node-input-devices', 'class')).should.match(/input-error/);
    await page.selectOption('#node-input-source', 'push');
    (await form()).devicesFlagged.should.be.false();
    await page.selectOption('#node-input-source', 'poll');
    // Another system chosen here takes its first configuration, not "none".
    await page.selectOption('#node-input-vendor', 'ttlock');
    const ttlockConfigs = await page.evaluate(() => {
      const ids = [];
      RED.nodes.eachConfig((c) => {
        if (c.type === 'smartlock-ttlock') ids.push(c.id);
      });
      return ids;
    });
    ttlockConfigs.length.should.be.above(0);
    (await page.inputValue('#node-input-ttlock')).should.equal(ttlockConfigs[0]);
    (await page.evaluate(() => $('#node-input-vendor').hasClass('input-error'))).should.be.false(); // not flagged: it has its lock
    await press('#node-dialog-cancel');
    await page.evaluate((id) => RED.nodes.remove(id), id);
  });

  /**
   * Presses a dialog's button until its tray has gone: on a loaded machine a press landing while
   * the tray still settles can go unheard, and a person would press again.
   */
  const press = async (button) => {
    for (let tries = 0; tries < 5; tries++) {
      await page.click(button, { timeout: 5_000 }).catch(() => {}); // (already closing)
      if (
        await page.waitForSelector(button, { state: 'detached', timeout: 3_000 }).then(
          () => true,
          () => false,
        )
      )
        return;
    }
    throw new Error(`${button}: pressed 5 times, the dialog stays`);
  };

  /** The edit tray has opened: Node-RED focuses its first element then, and keys typed before would go there. */
  const trayOpened = () => page.waitForFunction(() => document.activeElement && document.activeElement.closest('.red-ui-tray'));

  /** A node as the palette drops it: created with its defaults and onadd, added, validated. */
  const dropFromPalette = (type, y) =>
    page.evaluate(
      ({ type, y }) => {
        const { node } = RED.view.createNode(type, 400, y);
        RED.nodes.add(node);
        RED.editor.validateNode(node);
        RED.view.redraw(true);
        return node.id;
      },
      { type, y },
    );

  it('a new node takes the first config of a system that offers its action, and is valid', async () => {
    const got = await page.evaluate(
      (ids) =>
        ids.map((id) => {
          const n = RED.nodes.node(id);
          const config = RED.nodes.node(n[n.vendor]);
          return { type: n.type, vendor: n.vendor, configType: config && config.type, valid: n.valid };
        }),
      [await dropFromPalette('smartlock-card', 760), await dropFromPalette('smartlock-events', 800), await dropFromPalette('smartlock-keep-open', 840)],
    );
    got.should.eql([
      { type: 'smartlock-card', vendor: 'hotel', configType: 'smartlock-hotel', valid: true },
      // the hotel platform has no events: the events node starts on a system that has them
      { type: 'smartlock-events', vendor: 'tuya', configType: 'smartlock-tuya', valid: true },
      // only Alibaba Cloud IoT holds doors open
      { type: 'smartlock-keep-open', vendor: 'aliyun', configType: 'smartlock-aliyun', valid: true },
    ]);
  });

  it('a node without a lock config is flagged, with the reason', async () => {
    const id = await dropFromPalette('smartlock-remote-open', 880);
    const flagged = await page.evaluate((id) => {
      const n = RED.nodes.node(id);
      n.hotel = '';
      RED.editor.validateNode(n);
      const reason = n._def.defaults.vendor.validate.call(n, n.vendor);
      RED.nodes.remove(id);
      return { valid: n.valid, reason };
    }, id);
    flagged.should.eql({ valid: false, reason: 'choose a lock configuration for Hotel card-lock platform (add one with the pencil button)' });
  });

  it('a new password node leaves validFrom to msg.payload, and its yes/no fields work', async () => {
    const id = await dropFromPalette('smartlock-password', 920);
    await page.evaluate((id) => {
      const n = RED.nodes.node(id);
      let tuya;
      RED.nodes.eachConfig((c) => {
        if (!tuya && c.type === 'smartlock-tuya') tuya = c;
      });
      n.vendor = 'tuya';
      n.tuya = tuya.id;
      RED.editor.edit(n);
    }, id);
    await page.waitForSelector('#node-input-smartlock-param-oneTime', { state: 'attached', timeout: 10_000 });
    const before = errors.length;
    // The yes/no field's type menu opens and offers its types (it threw in 0.1.x: the saved type was `str`).
    const row = page.locator('#node-input-smartlock-params .form-row', { has: page.locator('#node-input-smartlock-param-oneTime') });
    await row.locator('.red-ui-typedInput-type-select').click();
    const offered = await page.$$eval('.red-ui-typedInput-options:visible a', (as) => as.map((a) => a.getAttribute('value')));
    offered.should.containEql('bool');
    await page.keyboard.press('Escape');
    await page.screenshot({ path: path.join(SHOTS, 'password-new-fields.png') });
    await press('#node-dialog-ok');
    const params = await page.evaluate((id) => RED.nodes.node(id).params, id);
    params.validFrom.should.eql({ v: '', t: 'str' }); // not `date` (now): the payload's validFrom counts
    params.oneTime.should.eql({ v: 'payload.oneTime', t: 'msg' });
    errors.slice(before).should.eql([]);
    await page.evaluate((id) => RED.nodes.remove(id), id);
  });

  it('an id field offers the ids the deployed config lists, names beside them; Enter takes the offer; any value can still be typed', async () => {
    const id = await dropFromPalette('smartlock-card', 960);
    await page.evaluate((id) => RED.editor.edit(RED.nodes.node(id)), id);
    const field = '#node-input-smartlock-param-roomId';
    await page.waitForSelector(field, { state: 'attached', timeout: 10_000 });
    (await page.$eval('#node-input-vendor', (s) => s.classList.contains('input-error'))).should.be.false(); // checked before it was filled, once
    await trayOpened();
    const shown = page.locator(`${field} + div input.red-ui-typedInput-input`); // the typedInput's visible input
    const value = () => page.evaluate((field) => $(field).typedInput('value'), field);
    // a newcomer types the room's name, not its id
    await shown.pressSequentially('1-10');
    await page.waitForSelector('.red-ui-autoComplete-container', { timeout: 10_000 });
    const offered = await page.$$eval('.red-ui-autoComplete-container a', (as) => as.map((a) => a.textContent));
    offered.length.should.be.above(0);
    offered.every((o) => /^1-10\d · \d+$/.test(o)).should.be.true(offered.join(', '));
    await page.screenshot({ path: path.join(SHOTS, 'room-picker.png') });
    await page.keyboard.press('Enter');
    (await value()).should.equal(offered[0].split(' · ')[1]); // the offer shown first: the room's id, not its name
    await page.waitForSelector('.red-ui-autoComplete-container', { state: 'detached' });
    // Typed and entered at once, the menu not yet drawn: still the id.
    await shown.fill('');
    await shown.pressSequentially('1-102');
    await page.keyboard.press('Enter');
    (await value()).should.match(/^\d{6,}$/);
    // Anything else typed stays as typed.
    await shown.fill('msg-room-42');
    await page.keyboard.press('Tab');
    (await value()).should.equal('msg-room-42');
    await press('#node-dialog-cancel');
    await page.evaluate((id) => RED.nodes.remove(id), id);
  });

  it('fields carry human labels, the vendor field name in the tooltip; a wrong URL says why', async () => {
    const id = await dropFromPalette('smartlock-card', 1000);
    await page.evaluate((id) => RED.editor.edit(RED.nodes.node(id)), id);
    await page.waitForSelector('#node-input-smartlock-param-validFrom', { state: 'attached', timeout: 10_000 });
    const label = await page.$eval('label[for="node-input-smartlock-param-validFrom"]', (l) => ({ text: l.textContent, title: l.title }));
    label.should.eql({ text: 'Valid from *', title: 'validFrom · sent as abkp · choose "timestamp" for now' });
    const help = await page.$$eval('#node-input-smartlock-params .smartlock-param-help', (h) => h.map((x) => x.textContent));
    help.join(' ').should.not.match(/\((abkp|unValid|rm_id)\)/);
    await press('#node-dialog-cancel');
    await page.evaluate((id) => RED.nodes.remove(id), id);
    const why = await page.evaluate(() => {
      let hotel;
      RED.nodes.eachConfig((c) => {
        if (!hotel && c.type === 'smartlock-hotel') hotel = c;
      });
      return hotel._def.defaults.baseUrl.validate.call(hotel, '127.0.0.1:19952', {});
    });
    why.should.equal('expected something like http://127.0.0.1:19952');
  });

  it("a credential with a pattern (TTLock's callback key) says why when wrong; a saved one stays valid", async () => {
    await page.evaluate(() => RED.editor.editConfig('', 'smartlock-ttlock', 'b7c0ffee000000c0'));
    await page.waitForSelector('#node-config-input-callbackKey', { state: 'visible', timeout: 10_000 });
    await page.fill('#node-config-input-callbackKey', 'short');
    await page.click('#node-config-input-username');
    (await page.$eval('#node-config-input-callbackKey', (i) => i.classList.contains('input-error'))).should.be.true();
    await page.fill('#node-config-input-callbackKey', 'k7Qf2-xZ9pLm4_wR8sTt');
    await page.click('#node-config-input-username');
    (await page.$eval('#node-config-input-callbackKey', (i) => i.classList.contains('input-error'))).should.be.false();
    await page.click('#node-config-dialog-cancel');
    const said = await page.evaluate(() => {
      const ttlock = RED.nodes.node('b7c0ffee000000c0');
      const check = ttlock._def.credentials.callbackKey.validate;
      return [check.call(ttlock, 'short', {}), check.call(ttlock, '__PWRD__', {}), check.call(ttlock, '', {})];
    });
    said[0].should.equal('16 to 128 letters, digits, - or _ (long and random: it is the secret of the callback URL)');
    said.slice(1).should.eql([true, true]);
  });

  it('the events dialog offers the event kinds and methods as lists and who as text, and shows its Source whole', async () => {
    const id = await dropFromPalette('smartlock-events', 1040);
    await page.evaluate((id) => RED.editor.edit(RED.nodes.node(id)), id);
    await page.waitForSelector('#node-input-source', { state: 'attached', timeout: 10_000 });
    // (typedInput throws when asked before the dialog has made it)
    await page.waitForFunction(() => $('#node-input-kinds').data('nodered-typedInput') && $('#node-input-kinds').typedInput('type') === 'kinds');
    const form = await page.evaluate(() => ({
      sourceWidth: document.querySelector('#node-input-source').getBoundingClientRect().width,
      sourceText: document.querySelector('#node-input-source').selectedOptions[0].textContent,
    }));
    form.sourceWidth.should.be.above(200);
    // The picker says what passes: every kind by default (Node-RED's own label read "0 selected").
    const picked = () => page.evaluate(() => $('#node-input-kinds').next('.red-ui-typedInput-container').find('.red-ui-typedInput-option-label').text());
    (await picked()).should.equal('every kind');
    await page.evaluate(() => $('#node-input-kinds').typedInput('value', 'unlock,alarm'));
    (await picked()).should.equal('unlock, alarm');
    // Methods in words, as the events say them; every method by default.
    await page.waitForFunction(() => $('#node-input-methods').data('nodered-typedInput') && $('#node-input-methods').typedInput('type') === 'methods');
    const methodsPicked = () =>
      page.evaluate(() => $('#node-input-methods').next('.red-ui-typedInput-container').find('.red-ui-typedInput-option-label').text());
    (await methodsPicked()).should.equal('every method');
    await page.evaluate(() => $('#node-input-methods').typedInput('value', 'password,card'));
    (await methodsPicked()).should.equal('password, card');
    await page.fill('#node-input-who', '2481,Cleaner');
    await press('#node-dialog-ok');
    (await page.evaluate((id) => (({ kinds, methods, who }) => ({ kinds, methods, who }))(RED.nodes.node(id)), id)).should.eql({
      kinds: 'unlock,alarm',
      methods: 'password,card',
      who: '2481,Cleaner',
    });
    await page.evaluate((id) => RED.nodes.remove(id), id);
  });

  it('the stay dialog: doors added as rows (a lock configuration that keeps codes, a lock, times, buffer), saved and valid', async () => {
    const id = await dropFromPalette('smartlock-stay', 1080);
    (await page.evaluate((id) => RED.nodes.node(id).valid, id)).should.be.false(); // no door yet: said
    await page.evaluate((id) => RED.editor.edit(RED.nodes.node(id)), id);
    await page.waitForSelector('#node-input-doors-container', { state: 'attached', timeout: 10_000 });
    await trayOpened();
    await page.click('.red-ui-editableList-addButton');
    const row = page.locator('#node-input-doors-container li').last();
    await row.locator('.smartlock-door-name').fill('apartment door');
    await row.locator('.smartlock-door-lock').fill('163377');
    // Every system that keeps a stay's credential is offered; each row offers what its system gives.
    const configs = row.locator('.smartlock-door-config');
    const offered = await configs.locator('option').allTextContents();
    offered.map((o) => o.split(' · ').pop()).should.eql(['Hotel card-lock platform', 'Tuya Cloud', 'Alibaba Cloud IoT', 'TTLock open platform']);
    const choose = async (system) => {
      const value = await configs.locator('option', { hasText: system }).getAttribute('value');
      await configs.selectOption(value);
      return {
        grants: await row.locator('.smartlock-door-grant option').allTextContents(),
        slots: await row.locator('.smartlock-door-slots').isVisible(),
      };
    };
    (await choose('Alibaba Cloud IoT')).should.eql({ grants: ['a QR code'], slots: false });
    (await choose('Hotel card-lock platform')).should.eql({ grants: ['a code'], slots: true });
    (await choose('TTLock')).should.eql({ grants: ['a code', 'an app key (eKey)'], slots: false });
    await row.locator('.smartlock-door-lock').fill('163377');
    await page.screenshot({ path: path.join(SHOTS, 'stay-dialog.png') });
    await press('#node-dialog-ok');
    const saved = await page.evaluate((id) => ({ doors: RED.nodes.node(id).doors, valid: RED.nodes.node(id).valid }), id);
    saved.valid.should.be.true();
    saved.doors.should.match([{ name: 'apartment door', lockId: '163377', grant: 'code', checkIn: '15:00', checkOut: '11:00', buffer: 30 }]);
    await page.evaluate((id) => RED.nodes.remove(id), id);
  });

  it("a stay door's lock id picks from its own configuration's locks; another configuration, other offers (none where its system cannot list)", async () => {
    const id = await dropFromPalette('smartlock-stay', 1120);
    const asked = [];
    const listen = (r) => /\/choices\//.test(r.url()) && asked.push(r.url());
    page.on('request', listen);
    try {
      const before = errors.length;
      await page.evaluate((id) => RED.editor.edit(RED.nodes.node(id)), id);
      await page.waitForSelector('#node-input-doors-container', { state: 'attached', timeout: 10_000 });
      await trayOpened();
      await page.click('.red-ui-editableList-addButton');
      const row = page.locator('#node-input-doors-container li').last();
      await row.locator('.smartlock-door-name').fill('apartment door');
      const configs = await row.locator('.smartlock-door-config option').evaluateAll((os) => os.map((o) => ({ id: o.value, text: o.textContent })));
      const tuya = configs.find((c) => / · Tuya Cloud$/.test(c.text)).id;
      const ttlock = configs.find((c) => / · TTLock/.test(c.text)).id;
      const lock = row.locator('.smartlock-door-lock');
      const hint = () => row.locator('.smartlock-door-hint').textContent();
      const menu = '.red-ui-autoComplete-container';
      // Tuya Cloud cannot list its locks: a plain input with the hint the device node shows, nothing asked.
      await row.locator('.smartlock-door-config').selectOption(tuya);
      (await hint()).should.equal('Lock device ID');
      await lock.pressSequentially('o');
      ((await page.$(menu)) === null).should.be.true('no offers');
      asked.filter((u) => u.includes(tuya)).should.eql([]);
      // TTLock lists the account's locks: typing offers them, by name and id.
      await row.locator('.smartlock-door-config').selectOption(ttlock);
      (await hint()).should.equal('Lock ID, as list devices gives it');
      await lock.fill('');
      await lock.pressSequentially('o');
      await page.waitForSelector(`${menu} a`, { timeout: 10_000 });
      (await page.$$eval(`${menu} a`, (as) => as.map((a) => a.textContent))).should.eql(['Apartment door · 163377', 'Storage room · 163378']);
      await page.screenshot({ path: path.join(SHOTS, 'stay-lock-picker.png') });
      await page.click(`${menu} a:has-text("Storage room")`);
      (await lock.inputValue()).should.equal('163378');
      await page.waitForSelector(menu, { state: 'detached' });
      await press('#node-dialog-ok');
      const saved = await page.evaluate((id) => ({ doors: RED.nodes.node(id).doors, valid: RED.nodes.node(id).valid }), id);
      saved.valid.should.be.true();
      saved.doors.should.match([{ name: 'apartment door', config: ttlock, lockId: '163378' }]);
      errors.slice(before).should.eql([]);
    } finally {
      page.off('request', listen);
      await page.evaluate((id) => RED.nodes.remove(id), id);
    }
  });

  it('the stay dialog’s staff rows: weekday toggles and time and date pickers, saved as a weekly schedule', async () => {
    const id = await dropFromPalette('smartlock-stay', 1160);
    try {
      await page.evaluate((id) => RED.editor.edit(RED.nodes.node(id)), id);
      await page.waitForSelector('#node-input-staff-container', { state: 'attached', timeout: 10_000 });
      await trayOpened();
      await page
        .locator('.node-input-staff-container-row .red-ui-editableList-addButton, #node-input-staff-container ~ .red-ui-editableList-addButton')
        .first()
        .click();
      const row = page.locator('#node-input-staff-container li').last();
      await row.locator('.smartlock-staff-name').fill('Anna');
      (await row.locator('.smartlock-staff-day').count()).should.equal(7);
      await row.locator('.smartlock-staff-day[data-day="2"]').check();
      await row.locator('.smartlock-staff-day[data-day="4"]').check();
      (await row.locator('.smartlock-staff-from').getAttribute('type')).should.equal('time');
      await row.locator('.smartlock-staff-from').fill('09:30');
      await row.locator('.smartlock-staff-since').fill('2026-12-01');
      await row.locator('.smartlock-staff-till').fill('2027-06-30');
      await page.screenshot({ path: path.join(SHOTS, 'stay-staff.png') });
      await press('#node-dialog-ok');
      const saved = await page.evaluate((id) => RED.nodes.node(id).staff, id);
      saved.should.eql([{ name: 'Anna', days: [2, 4], from: '09:30', until: '12:00', since: '2026-12-01', till: '2027-06-30' }]);
    } finally {
      await page.evaluate((id) => RED.nodes.remove(id), id);
    }
  });

  it('speaks Chinese to a zh-CN editor: palette category, node names, system names', async () => {
    const zh = await editor.browser.newPage({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
    await zh.goto(editor.demo.url, { waitUntil: 'networkidle' });
    await zh.waitForSelector('#red-ui-palette-container-smart_lock .red-ui-palette-node', { timeout: 60_000 });
    const seen = await zh.evaluate(() => ({
      category: document.querySelector('#red-ui-palette-header-smart_lock, #red-ui-palette-container-smart_lock .red-ui-palette-header').textContent.trim(),
      card: document.querySelector('.red-ui-palette-node[data-palette-type="smartlock-card"] .red-ui-palette-label').textContent.trim(),
    }));
    seen.should.eql({ category: '智能门锁', card: '门卡' });
    // a config node's name, which titles its dialog
    (await zh.evaluate(() => RED.nodes.getType('smartlock-tuya').paletteLabel.call(RED.nodes.getType('smartlock-tuya')))).should.equal('涂鸦云');
    const id = await zh.evaluate(() => {
      const { node } = RED.view.createNode('smartlock-card', 400, 300);
      RED.nodes.add(node);
      RED.editor.edit(node);
      return node.id;
    });
    await zh.waitForSelector('#node-input-vendor option', { state: 'attached', timeout: 10_000 });
    const systems = await zh.$$eval('#node-input-vendor option', (o) => o.map((x) => x.textContent));
    systems.should.containEql('酒店门锁平台');
    (await zh.$eval('label[for="node-input-smartlock-param-validFrom"]', (l) => l.textContent)).should.equal('生效时间 *');
    await zh.screenshot({ path: path.join(SHOTS, 'zh-CN-card.png') });
    await zh.evaluate((id) => RED.nodes.remove(id), id);
    await zh.close();
  });

  it('a visitor QR code shows as a picture in the debug sidebar', async () => {
    await page.evaluate(() => RED.sidebar.show('debug'));
    const status = await page.evaluate(() => fetch('inject/c3c0ffee00000003', { method: 'POST' }).then((r) => r.status));
    status.should.equal(200);
    const img = await page.waitForSelector('.red-ui-debug-msg img[alt="QR code"]', { timeout: 15_000 });
    const size = await img.evaluate((i) => ({ w: i.naturalWidth, h: i.naturalHeight }));
    size.w.should.be.above(50);
    size.w.should.equal(size.h);
    await page.screenshot({ path: path.join(SHOTS, 'qr-in-debug.png') });
    await page.evaluate(() => RED.sidebar.show('info'));
  });

  it('upgrades a config node saved by 0.1.0 when its dialog opens', async () => {
    // The demo's hotel config, as 0.1.0 saved it: no configVersion.
    const id = await page.evaluate(() => {
      let config;
      RED.nodes.eachConfig((c) => {
        if (!config && c.type === 'smartlock-hotel') config = c;
      });
      delete config.configVersion;
      RED.editor.editConfig('', 'smartlock-hotel', config.id);
      return config.id;
    });
    await page.waitForSelector('#node-config-dialog-ok', { timeout: 10_000 });
    await page.waitForFunction((id) => RED.nodes.node(id).configVersion !== undefined && RED.nodes.node(id).configVersion !== '', id, { timeout: 10_000 });
    await press('#node-config-dialog-ok');
    const saved = await page.evaluate((id) => ({ configVersion: RED.nodes.node(id).configVersion, timeZone: RED.nodes.node(id).timeZone }), id);
    saved.should.eql({ configVersion: CONFIG_VERSION, timeZone: 'Asia/Shanghai' });
  });

  it("opens every smartlock node of the examples without an exception; an events node shows its source's rows", async () => {
    await page.waitForFunction(() => RED.nodes.node('e7c0ffee00000012'), null, { timeout: 30_000 });
    const ids = await page.evaluate(() => {
      const out = [];
      RED.nodes.eachNode((n) => {
        if (/^smartlock-/.test(n.type)) out.push(n.id); // a callback answering false stops the walk
      });
      return out;
    });
    ids.length.should.be.above(20);
    for (const id of ids) {
      await page.evaluate((id) => RED.editor.edit(RED.nodes.node(id)), id);
      // (the stay node's dialog is its doors: a row each, no system select)
      await page.waitForFunction(() => $('#node-input-vendor').val() || $('#node-input-doors-container li').length, null, { timeout: 10_000 });
      await page.waitForLoadState('networkidle');
      if (id === 'e7c0ffee00000012') {
        // TTLock's door events (push): the poll rows hidden, the filters shown, its kinds a multi-select.
        (
          await page.evaluate(() => [$('#node-input-source').val(), $('.smartlock-poll-row').is(':visible'), $('.smartlock-filter-row:visible').length])
        ).should.eql(['push', false, 3]);
        // TTLock's cloud calls Node-RED's callback URL: the tip says where, not "one connection".
        (
          await page.evaluate(() =>
            $('.form-tips:visible')
              .map((_, t) => $(t).attr('data-i18n').replace(/^.*:/, ''))
              .get(),
          )
        ).should.eql(['smartlock-events.tip.pushCallback']);
        (await page.evaluate(() => $('.form-tips:visible').text())).should.match(/ \/smartlock\/ttlock\/<callback key> /);
        await page.screenshot({ path: path.join(SHOTS, 'smartlock-events-callback.png') });
        (await page.$('#node-input-kinds + .red-ui-typedInput-container, .red-ui-typedInput-container:has(#node-input-kinds)')).should.not.equal(null);
      }
      await press('#node-dialog-cancel');
      errors.should.eql([], id);
    }
  });

  it('deploys without an error in the browser console', async () => {
    await page.evaluate(() => RED.actions.invoke('core:deploy-flows'));
    await page
      .waitForFunction(() => !RED.nodes.dirty(), null, { timeout: 30_000 })
      .catch(async (e) => {
        await page.screenshot({ path: path.join(SHOTS, 'deploy-stuck.png') });
        throw e;
      });
    await page.screenshot({ path: path.join(SHOTS, 'deployed.png') });
    errors.should.eql([]);
  });
  it('a failure reads as one line in the debug sidebar, without a stack', async () => {
    await page.evaluate(() => {
      const tab = { id: 'fa11ed0000000001', type: 'tab', label: 'A wrong id' };
      const z = tab.id;
      RED.view.importNodes(
        [
          tab,
          {
            id: 'fa11ed0000000002',
            type: 'inject',
            z,
            name: 'status of 1-101',
            props: [{ p: 'payload' }],
            repeat: '',
            crontab: '',
            once: false,
            onceDelay: 0.1,
            topic: '',
            payload: '{"deviceId":"1-101"}',
            payloadType: 'json',
            x: 150,
            y: 80,
            wires: [['fa11ed0000000003']],
          },
          {
            id: 'fa11ed0000000003',
            type: 'smartlock-device',
            z,
            vendor: 'tuya',
            tuya: 'b2c0ffee000000c0',
            operation: 'status',
            params: {},
            configVersion: 2,
            x: 350,
            y: 80,
            wires: [['fa11ed0000000004']],
          },
          {
            id: 'fa11ed0000000004',
            type: 'debug',
            z,
            name: 'status',
            active: true,
            tosidebar: true,
            complete: 'payload',
            targetType: 'msg',
            x: 550,
            y: 80,
            wires: [],
          },
        ],
        { addFlow: false },
      );
      RED.workspaces.show('fa11ed0000000001');
      RED.sidebar.show('debug');
    });
    // Deployed as a person does, with the button (an action invoked in the same turn as the import was dropped on a slow machine).
    await page.waitForFunction(() => RED.nodes.dirty() && !document.querySelector('#red-ui-header-button-deploy').classList.contains('disabled'));
    await page.click('#red-ui-header-button-deploy');
    await page
      .waitForFunction(() => !RED.nodes.dirty(), null, { timeout: 30_000 })
      .catch(async (e) => {
        await page.screenshot({ path: path.join(SHOTS, 'error-deploy-stuck.png') });
        throw e;
      });
    // The deploy's answer can come before the new flow's nodes exist (seen on Node-RED 5): until then the inject answers 404.
    // Fired, and fired again while its line is not in the sidebar: on a loaded machine the first msg
    // can reach a node still starting. The line's text is read in the turn it is found.
    const line = () => [...document.querySelectorAll('.red-ui-debug-msg-level-20')].map((m) => m.textContent).find((t) => t.includes('1-101'));
    let text;
    for (let tries = 0; tries < 30 && !text; tries++) {
      await page.evaluate(() => fetch('inject/fa11ed0000000002', { method: 'POST' }));
      text = await page
        .waitForFunction(line, null, { timeout: 2_000 })
        .then((h) => h.jsonValue())
        .catch(() => undefined);
    }
    (text ?? '').should.not.equal('', 'no line in the debug sidebar');
    text.should.containEql('device 1-101 is not in this project, or the id is wrong');
    text.should.not.match(/LockError|stack|\.js:\d+|\[object Object\]/);
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.red-ui-flow-node-status-label')].some((l) => l.textContent.startsWith('NOT_FOUND: device 1-101')),
    );
    await page.evaluate(() => $('.red-ui-notification').remove()); // the deploy notices cover the node
    await page.screenshot({ path: path.join(SHOTS, 'readable-error.png') });
  });
});
