'use strict';
/* global RED, document -- parts run inside the editor page */
// A lock system is one folder: a made-up one under test/fixtures/fake-vendor, a package of its own
// that uses only the public SDK entry, is added through Node-RED's settings and shows up everywhere
// a built-in one does, with no file outside its folder naming it. And the nodes and the editor name
// no system at all.
require('should');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { helper, loadFlow, send, pollEvents } = require('./support/flow');
const { VENDORS, registerVendor, unregisterVendor, vendorModules } = require('../dist/lib/vendors');
const { editorCatalog } = require('../dist/nodes/shared/editor-api');
const { useEditor } = require('./support/editor');
const { installFake } = require('./support/sdk-install');

const root = path.join(__dirname, '..');
const installed = installFake();
const FAKE = installed.fake;
const KEY = 'fake-key-0001';

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('vendor modules', () => {
  after(() => installed.remove());

  it('nodes/, editor/ and resources/ name no lock system, in file names or contents', () => {
    const words = vendorModules().flatMap((v) => [v.id, v.config.type]);
    const found = [];
    for (const file of ['nodes', 'editor', 'resources'].flatMap((d) => filesUnder(path.join(root, d)))) {
      const rel = path.relative(root, file);
      const text = `${rel}\n${fs.readFileSync(file, 'utf8')}`;
      for (const w of words) if (new RegExp(`\\b${w}\\b`, 'i').test(text)) found.push(`${rel}: ${w}`);
    }
    found.should.eql([]);
  });

  it('refuses a module that lacks a part, has a bad id or takes a taken id', () => {
    (() => registerVendor({ id: 'half' })).should.throw(/cannot add this lock system: it has no catalog, config, timeZone, createClient, events, texts$/);
    const fake = require(FAKE);
    (() => registerVendor({ ...fake, id: 'Bad-Id' })).should.throw(/not lower-case/);
    (() => registerVendor({ ...fake, id: 'tuya', catalog: { ...fake.catalog, vendor: 'tuya' } })).should.throw(/tuya already uses/);
    Object.keys(VENDORS).should.not.containEql('fakelock');
  });

  describe('a system added through the settings', () => {
    let sim;
    before(async () => {
      const Simulator = await require(FAKE).simulator();
      sim = new Simulator(KEY);
      await sim.start();
      sim.flowConfig = (extra, credentials) => ({
        vendor: 'fakelock',
        node: { id: 'cfg', type: 'smartlock-fakelock', url: sim.url, ...extra },
        credentials: credentials ?? { key: KEY },
      });
      helper.settings({ smartlock: { vendors: [FAKE] } });
    });
    afterEach(() => helper.unload());
    after(async () => {
      helper.settings({});
      unregisterVendor('fakelock');
      await sim?.stop();
    });

    it('runs through a flow: an action node opens its door, issues a card, the events node reads its log', async () => {
      await loadFlow(sim, [
        { id: 'n-open', type: 'smartlock-remote-open', operation: 'open' },
        { id: 'n-card', type: 'smartlock-card', operation: 'issue' },
        { id: 'n-events', type: 'smartlock-events', operation: 'query', devices: 'front', interval: 3600 },
      ]);
      (await pollEvents('n-events')).should.eql([]); // the first poll marks where the log stands
      const opened = await send('n-open', { payload: { deviceId: 'front' } });
      opened.msg.payload.should.eql({ deviceId: 'front', success: true });
      opened.msg.smartlock.vendor.should.equal('fakelock');
      const issued = await send('n-card', { payload: { deviceId: 'front', cardId: 'C-1', validUntil: '2030-01-01T00:00:00Z' } });
      issued.msg.payload.cardId.should.equal('C-1');
      sim.cards.should.eql([{ door: 'front', card: 'C-1', until: Date.parse('2030-01-01T00:00:00Z') / 1000 }]);
      sim.record('front', 45, 'lock', 'self');
      const events = await pollEvents('n-events');
      events
        .map((e) => ({ deviceId: e.deviceId, kind: e.kind, method: e.method, user: e.user, id: e.id }))
        .should.eql([
          { deviceId: 'front', kind: 'unlock', method: 'app', user: 'remote', id: '1' },
          { deviceId: 'front', kind: 'operation', method: 'auto lock', user: 'lock', id: '2' }, // its table's 0.x `state`: never an unlock
        ]);
    });

    it('reports a refusal of its service through the Catch node, its secret never shown', async () => {
      await loadFlow(sim, [{ id: 'n-open', type: 'smartlock-remote-open', operation: 'open' }], {}, { key: 'wrong-key' });
      const { error } = await send('n-open', { payload: { deviceId: 'front' } });
      error.message.should.match(/FakeLock Cloud refused the API key/);
      error.should.containDeep({ code: 'AUTH', vendorCode: 'BAD_KEY' });
      JSON.stringify(error).should.not.containEql('wrong-key');
    });

    it('is in the editor catalog: its system, operations, config form and help sections', async () => {
      await loadFlow(sim, [{ id: 'n-open', type: 'smartlock-remote-open', operation: 'open' }]);
      const catalog = editorCatalog('en-US');
      const fake = catalog.vendors.fakelock;
      fake.title.should.equal('FakeLock Cloud');
      fake.configType.should.equal('smartlock-fakelock');
      fake.operations.map((o) => o.name).should.eql(['OpenDoor', 'IssueCard', 'DoorLog']);
      fake.added.html.should.containEql("RED.nodes.registerType('smartlock-fakelock', {");
      fake.added.html.should.containEql('API key'); // its own texts, in the asked language
      fake.added.html.should.containEql('data-help-name="smartlock-fakelock"');
      fake.added.help['smartlock-card'].should.containEql('IssueCard');
      editorCatalog('zh-CN').vendors.fakelock.added.html.should.containEql('API 密钥');
      // the built-in systems come with the built files, not the catalog
      (catalog.vendors.tuya.added === undefined).should.be.true();
    });
  });

  it('is a column of the generated capability table', () => {
    const table = execFileSync(process.execPath, [path.join(root, 'scripts/capabilities.js'), '--vendor', FAKE, '--print'], { encoding: 'utf8' });
    table.split('\n')[0].should.endWith('| FakeLock Cloud |');
    table.should.match(/\| `smartlock-remote-open` \| remote open \|.*\| `OpenDoor` \|/);
    table.should.match(/\| `smartlock-card` \| issue card \|.*\| `IssueCard` \|/);
  });

  describe('in the editor (Chromium)', function () {
    this.timeout(180_000);
    const editor = useEditor({ vendors: [FAKE] });

    it('lists it as a system, its actions in the node, its config form and its help', async () => {
      const { page, errors } = editor;
      const id = await page.evaluate(() => {
        const def = { id: RED.nodes.id(), type: 'smartlock-card', x: 300, y: 700, z: RED.workspaces.active(), wires: [] };
        RED.view.importNodes([def]);
        RED.editor.edit(RED.nodes.node(def.id));
        return def.id;
      });
      await page.waitForSelector('#node-input-operation option', { state: 'attached', timeout: 10_000 });
      const systems = await page.$$eval('#node-input-vendor option', (o) => o.map((x) => x.textContent));
      systems.should.containEql('FakeLock Cloud');
      await page.selectOption('#node-input-vendor', 'fakelock');
      (await page.$$eval('#node-input-operation option', (o) => o.map((x) => x.value))).should.eql(['issue']);
      (await page.isVisible('.smartlock-lock-row[data-vendor="fakelock"]')).should.be.true();
      (await page.$$eval('#node-input-smartlock-params label', (l) => l.map((x) => x.textContent))).should.eql(['Lock *', 'Card *', 'Valid until *']);
      await page.click('#node-dialog-cancel');
      await page.waitForFunction(() => !document.querySelector('#node-dialog-cancel'));

      // its config node: the form from its module, the label from its settings
      await page.evaluate(() => RED.editor.editConfig('', 'smartlock-fakelock', '_ADD_'));
      await page.waitForSelector('#node-config-input-url', { timeout: 10_000 });
      (await page.isVisible('#node-config-input-key')).should.be.true();
      await page.click('#node-config-dialog-cancel');

      const help = await page.evaluate(() => ({
        card: document.querySelector('script[data-help-name="smartlock-card"]').textContent,
        config: document.querySelector('script[data-help-name="smartlock-fakelock"]').textContent,
      }));
      help.card.should.containEql('IssueCard');
      help.config.should.containEql('made-up lock system');
      await page.evaluate((id) => RED.nodes.remove(id), id);
      errors.should.eql([]);
    });
  });
});
