'use strict';
// Each node's help shows one example msg in and one out (lib/vendors/help-texts.ts): written
// by hand, so here each is sent through a real node against its system's simulator and the real
// msg must have every key the example shows, with the same JSON type. Shapes, not values: ids and
// times differ on every run (and a time's offset follows the config's zone), so no value is compared.
require('should');
const fs = require('node:fs');
const path = require('node:path');
const { helper, startHotel, startTuya, startAliyun, startTtlock, loadFlow, send } = require('./support/flow');
const { exampleHelp } = require('../dist/nodes/shared/help');
const { EXAMPLES } = require('../dist/lib/vendors/help-texts');

const START = { hotel: startHotel, tuya: startTuya, aliyun: startAliyun, ttlock: startTtlock };
// A JPEG's first bytes: the face example's <JPEG Buffer>.
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 3)]);

/** The msg of an example text: `msg.<property> = <JSON>` per property; `<JPEG Buffer>` stands for a Buffer. */
function msgOf(text) {
  const msg = {};
  for (const part of text.split(/^(?=msg\.)/m)) {
    const m = /^msg\.(\w+) = ([\s\S]+)$/.exec(part.trim());
    if (!m) throw new Error(`not a msg.<property> = <JSON> line: ${part}`);
    msg[m[1]] = JSON.parse(m[2].replace(/<JPEG Buffer>/g, '"<JPEG Buffer>"'));
  }
  return msg;
}

/** A time of a stay (validFrom, validUntil) moved on by whole years until it is ahead: the examples' stays are in December 2026. */
function ahead(time) {
  const m = /^(\d{4})(-.*)$/.exec(time);
  if (!m || Number.isNaN(Date.parse(time))) return time;
  let year = Number(m[1]);
  while (Date.parse(`${year}${m[2]}`) < Date.now()) year++;
  return `${year}${m[2]}`;
}

/** The example's input as a node takes it: the Buffer in place, its stay still ahead (a "since" stays as written). */
function sendable(value, key = '') {
  if (value === '<JPEG Buffer>') return JPEG;
  if (typeof value === 'string' && /^valid/.test(key)) return ahead(value);
  if (Array.isArray(value)) return value.map((v) => sendable(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sendable(v, k)]));
  return value;
}

/** A key of a help's key list ({cardId, roomId}) whose type the list does not say. */
const ANY = Symbol('any');

/** The shape of a help's key list, e.g. {records: [{recordId, time}], total}: keys, lists of objects, nothing else. */
function keyShape(text) {
  let i = 0;
  const skip = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const fail = () => {
    throw new Error(`not a key list at ${i}: ${text}`);
  };
  function value() {
    skip();
    if (text[i] === '[') {
      i++;
      const item = value();
      skip();
      if (text[i++] !== ']') fail();
      return [item];
    }
    if (text[i++] !== '{') fail();
    const shape = {};
    for (;;) {
      skip();
      if (text[i] === '}') {
        i++;
        return shape;
      }
      const key = /^[\w$]+/.exec(text.slice(i))?.[0] ?? fail();
      i += key.length;
      skip();
      if (text[i] === ':') {
        i++;
        shape[key] = value();
      } else {
        shape[key] = ANY;
      }
      skip();
      if (text[i] === ',') i++;
      else if (text[i] !== '}') fail();
    }
  }
  const shape = value();
  skip();
  if (i !== text.length) fail();
  return shape;
}

const HELP_TEXTS = path.join(__dirname, '..', 'locales');
/**
 * The key list a node's help says its payload has, if any: the first <code>{…}</code> of its Outputs
 * line (the action nodes' help.payload text, for the example's action), or of the payload entry of a
 * node's own help page (the events node).
 */
function saidPayload(type, lang) {
  const file = path.join(HELP_TEXTS, lang, `${type}.json`);
  const page = path.join(HELP_TEXTS, lang, `${type}.html`);
  const said = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8'))[type]?.help?.payload : undefined;
  if (said) return /<code>(\{.*?\})<\/code>/.exec(said)?.[1];
  if (fs.existsSync(page)) return /<dt>payload <span[^>]*>object<\/span><\/dt>\s*<dd><code>(\{.*?\})<\/code>/.exec(fs.readFileSync(page, 'utf8'))?.[1];
  return undefined;
}

function jsonType(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Where `real` lacks a key of `example`, or has it with another JSON type ("path: why"). */
function shapeDiff(example, real, at = 'msg') {
  if (example === ANY) return [];
  if (jsonType(example) !== jsonType(real)) return [`${at}: ${jsonType(example)} in the help, ${jsonType(real)} in the real msg`];
  if (Array.isArray(example)) {
    if (example.length > 0 && real.length === 0) return [`${at}: an empty list in the real msg, items in the help`];
    return example.flatMap((item, i) => shapeDiff(item, real[Math.min(i, real.length - 1)], `${at}[${i}]`));
  }
  if (example && typeof example === 'object') {
    return Object.keys(example).flatMap((k) => (k in real ? shapeDiff(example[k], real[k], `${at}.${k}`) : [`${at}.${k}: missing in the real msg`]));
  }
  return [];
}

describe('help examples', () => {
  it('every example reads as msg.<property> = <JSON> and is shown in both languages', () => {
    Object.keys(EXAMPLES).length.should.be.above(10);
    for (const [type, ex] of Object.entries(EXAMPLES)) {
      if (ex.in) msgOf(ex.in).should.be.an.Object();
      msgOf(ex.out).should.have.property('payload');
      for (const lang of ['en-US', 'zh-CN']) {
        exampleHelp(type, lang).should.containEql('msg.payload = ');
        const said = saidPayload(type, lang);
        if (said) keyShape(said).should.be.an.Object();
      }
    }
  });

  it("the built help says which system and action each example shows, in the help's language", () => {
    const page = (lang, type) => fs.readFileSync(path.join(__dirname, '..', 'dist', 'nodes', 'locales', lang, `${type}.html`), 'utf8');
    page('en-US', 'smartlock-password').should.containEql('<b>Example (Hotel card-lock platform, offline password): msg in</b>');
    page('zh-CN', 'smartlock-password').should.containEql('<b>示例（酒店门锁平台，离线密码）：输入 msg</b>');
    page('en-US', 'smartlock-events').should.containEql('<b>Example (Tuya Cloud): msg in</b> (no input needed)');
  });

  it('shape check: a missing key or another type is found, values are not compared', () => {
    shapeDiff({ payload: { a: '…', n: 1, list: [{ x: true }] } }, { payload: { a: 'x', n: 2, list: [{ x: false, y: 1 }], more: 1 } }).should.eql([]);
    shapeDiff({ payload: { a: '…', n: 1 } }, { payload: { n: '1' } }).should.eql([
      'msg.payload.a: missing in the real msg',
      'msg.payload.n: number in the help, string in the real msg',
    ]);
    keyShape('{records: [{recordId, time}], total}').should.eql({ records: [{ recordId: ANY, time: ANY }], total: ANY });
    shapeDiff(keyShape('{records: [{recordId, time}], total}'), { records: [{ recordId: '1', time: 'x' }] }).should.eql(['msg.total: missing in the real msg']);
    shapeDiff({ payload: { list: [{ x: 1 }] } }, { payload: { list: [] } }).should.eql(['msg.payload.list: an empty list in the real msg, items in the help']);
  });
});

describe('help examples against the simulators: the real msg out has every key the help shows', function () {
  this.timeout(30_000);
  const sims = {};
  after(async () => {
    for (const sim of Object.values(sims)) await sim.stop();
  });
  afterEach(() => helper.unload());

  async function simFor(system) {
    sims[system] ??= await START[system]();
    return sims[system];
  }

  for (const [type, ex] of Object.entries(EXAMPLES)) {
    it(`${type} (${ex.system}${ex.operation ? `, ${ex.operation}` : ''})`, async () => {
      const sim = await simFor(ex.system);
      const expected = msgOf(ex.out);
      let real;
      if (type === 'smartlock-events') {
        // Events come without input: the lock records an unlock after the node's first poll.
        await loadFlow(sim, [{ id: 'n', type, operation: ex.operation, source: 'poll', devices: 'lock-wifi-1', interval: 3600 }]);
        const out = helper.getNode('out');
        const emitted = [];
        out.on('input', (m) => emitted.push(m));
        const polled = () =>
          new Promise((resolve, reject) => {
            const node = helper.getNode('n');
            const status = node.status;
            node.status = function (s) {
              status.call(this, s);
              if (s.fill === 'green' || s.fill === 'red') {
                node.status = status;
                if (s.fill === 'red') reject(new Error(s.text));
                else setTimeout(resolve, 20);
              }
            };
            node.receive({});
          });
        await polled();
        sim.recordOpen('lock-wifi-1', 'unlock_fingerprint', '1');
        await polled();
        emitted.length.should.equal(1);
        real = emitted[0];
      } else {
        // The logs example shows a record: the lock has one (an unlock now, after the example's "since").
        if (type === 'smartlock-logs') sim.recordOpen('lock-wifi-1', 'unlock_fingerprint', '1');
        // The stay node's example: one door, the apartment's lock.
        const door = { name: 'apartment door', config: 'cfg', lockId: '163377', grant: 'code', checkIn: '15:00', checkOut: '11:00', buffer: 30 };
        await loadFlow(sim, [{ id: 'n', type, operation: ex.operation, ...(type === 'smartlock-stay' ? { doors: [door], reconcileHours: 0 } : {}) }]);
        const { msg, error } = await send('n', sendable(msgOf(ex.in)));
        (error === undefined).should.be.true(`${type}: the example's msg in failed: ${error?.message}`);
        real = msg;
      }
      if (process.env.SHOW_REAL) console.log(type, JSON.stringify({ ...real, smartlock: undefined, _msgid: undefined, _ref: undefined }));
      shapeDiff(expected, JSON.parse(JSON.stringify(real))).should.eql(
        [],
        `${type}: the help's msg out\n${ex.out}\nthe real payload\n${JSON.stringify(real.payload)}`,
      );
      // The Outputs line's key list ("e.g. {cardId, roomId, …} for issue card"), in each language, of the same result.
      for (const lang of ['en-US', 'zh-CN']) {
        const said = saidPayload(type, lang);
        if (said) shapeDiff(keyShape(said), real.payload, 'msg.payload').should.eql([], `${lang} help of ${type} says the payload is ${said}`);
      }
    });
  }
});
