'use strict';
// Unit tests of the pure helpers in lib/ (everything else is tested over HTTP through nodes).
const should = require('should');
const sinon = require('sinon');
const { toDate, formatLocal, parseLocal } = require('../dist/lib/time');
const { Limiter } = require('../dist/lib/limiter');
const { networkError, httpError } = require('../dist/lib/transport');
const { scrub, redactWire } = require('../dist/lib/redact');
const { LockError } = require('../dist/lib/errors');
const { hotelCatalog } = require('../dist/lib/vendors/hotel/catalog');
const { tuyaCatalog } = require('../dist/lib/vendors/tuya/catalog');
const { prepare, MAX_JSON_BYTES } = require('../dist/lib/operation');
const { format, cut } = require('../dist/lib/messages');
const { liftErrorDetails } = require('../dist/nodes/shared/editor-api');

describe('time helpers', () => {
  const iso = (d) => d.toISOString();
  it('accepts ISO 8601, epoch seconds, epoch ms, digit strings and Dates', () => {
    iso(toDate('2024-05-01T06:00:00Z', 't')).should.equal('2024-05-01T06:00:00.000Z');
    iso(toDate('2024-05-01T14:00:00+08:00', 't')).should.equal('2024-05-01T06:00:00.000Z');
    iso(toDate(1714543200, 't')).should.equal('2024-05-01T06:00:00.000Z');
    iso(toDate(1714543200000, 't')).should.equal('2024-05-01T06:00:00.000Z');
    iso(toDate('1714543200', 't')).should.equal('2024-05-01T06:00:00.000Z');
    iso(toDate(new Date(1714543200000), 't')).should.equal('2024-05-01T06:00:00.000Z');
  });
  it('reads a time without offset in the given zone', () => {
    iso(toDate('2024-05-01 14:00:00', 't', 'Asia/Shanghai')).should.equal('2024-05-01T06:00:00.000Z');
    iso(toDate('2024-05-01', 't', 'Asia/Shanghai')).should.equal('2024-04-30T16:00:00.000Z');
  });
  it('refuses what is not a time', () => {
    for (const bad of ['soon', '', {}, [], true, NaN, Infinity, -5, '2024-13-45T99:99:99Z', new Date('x')]) {
      let err;
      try {
        toDate(bad, 'validUntil');
      } catch (e) {
        err = e;
      }
      should(err).be.instanceOf(LockError);
      err.code.should.equal('VALIDATION');
    }
  });
  it('formats and parses the platform wall clock, across daylight saving', () => {
    formatLocal(new Date('2024-05-01T06:00:00Z'), 'Asia/Shanghai').should.equal('2024-05-01 14:00:00');
    formatLocal(new Date('2024-03-10T07:30:00Z'), 'America/New_York').should.equal('2024-03-10 03:30:00');
    new Date(parseLocal('2024-03-10 03:30:00', 'America/New_York')).toISOString().should.equal('2024-03-10T07:30:00.000Z');
    new Date(parseLocal('2024-11-03 00:30:00', 'America/New_York')).toISOString().should.equal('2024-11-03T04:30:00.000Z');
    // Wall clock → instant → wall clock is the identity all year round.
    for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2025, 0, 1); ms += 7 * 3600e3 + 13e3) {
      const wall = formatLocal(new Date(ms), 'Europe/Berlin');
      formatLocal(new Date(parseLocal(wall, 'Europe/Berlin')), 'Europe/Berlin').should.equal(wall);
    }
  });
});

describe('Limiter', () => {
  let clock;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => clock.restore());

  it('runs at most maxConcurrent tasks and fails fast past maxQueue', async () => {
    const limiter = new Limiter({ maxConcurrent: 2, ratePerSecond: 0, maxQueue: 3 });
    let running = 0;
    let peak = 0;
    const task = () =>
      limiter.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 10));
        running--;
      });
    const all = Array.from({ length: 7 }, task).map((p) =>
      p.then(
        () => 'ok',
        (e) => e.code,
      ),
    );
    await clock.runAllAsync();
    (await Promise.all(all)).should.eql(['ok', 'ok', 'ok', 'ok', 'ok', 'QUEUE_FULL', 'QUEUE_FULL']);
    peak.should.equal(2);
  });

  it('spaces starts by 1/ratePerSecond', async () => {
    const limiter = new Limiter({ maxConcurrent: 10, ratePerSecond: 5, maxQueue: 10 });
    const starts = [];
    const all = Array.from({ length: 4 }, () => limiter.run(async () => starts.push(Date.now())));
    await clock.runAllAsync();
    await Promise.all(all);
    starts.map((t) => t - 1_000_000).should.eql([0, 200, 400, 600]);
  });

  it('fails what waits when closed', async () => {
    const limiter = new Limiter({ maxConcurrent: 1, ratePerSecond: 0, maxQueue: 10 });
    const first = limiter.run(() => new Promise((r) => setTimeout(r, 100)));
    const second = limiter.run(async () => 'never').catch((e) => e.code);
    limiter.close(new LockError('NETWORK', 'closed'));
    (await second).should.equal('NETWORK');
    await clock.runAllAsync();
    await first;
  });
});

describe('error mapping', () => {
  it('knows which network failures happened before the request left', () => {
    networkError({ code: 'ECONNREFUSED' }).should.match({ code: 'NETWORK', retryable: true, sent: false });
    networkError({ code: 'ENOTFOUND' }).sent.should.be.false();
    networkError({ code: 'ECONNRESET' }).should.match({ code: 'NETWORK', retryable: true, sent: true });
    networkError({ code: 'ECONNABORTED' }).should.match({ code: 'TIMEOUT', sent: true });
    networkError({ code: 'ERR_CANCELED' }).should.match({ code: 'NETWORK', retryable: false });
  });
  it('maps HTTP statuses', () => {
    const res = (status, headers = {}) => ({ status, headers, data: '' });
    httpError(res(429, { 'retry-after': '2' })).should.match({ code: 'RATE_LIMIT', retryable: true, sent: false, retryAfterMs: 2000 });
    httpError(res(401)).should.match({ code: 'AUTH', retryable: false });
    httpError(res(503)).should.match({ code: 'VENDOR', retryable: true, sent: true });
    httpError(res(404)).should.match({ code: 'VENDOR', retryable: false });
    const at = new Date(Date.now() + 5000).toUTCString();
    httpError(res(429, { 'retry-after': at })).retryAfterMs.should.be.within(3000, 5000);
  });
  it('prints a clean message and carries the contract on cause', () => {
    const err = new LockError('VENDOR', 'refused', { vendorCode: 7, vendorMessage: 'no' });
    String(err).should.equal('refused');
    err.cause.should.eql({ code: 'VENDOR', vendorCode: 7, vendorMessage: 'no', retryable: false });
    Object.keys(err).should.not.containEql('sent');
  });
  it('lifts the cause onto a Catch msg.error of smartlock nodes only', () => {
    const msg = { error: { message: 'x', source: { type: 'smartlock-card' }, cause: { vendorCode: 3, vendorMessage: 'm', retryable: true } } };
    liftErrorDetails(msg);
    msg.error.should.match({ vendorCode: 3, vendorMessage: 'm', retryable: true });
    const other = { error: { message: 'x', source: { type: 'function' }, cause: { vendorCode: 3 } } };
    liftErrorDetails(other);
    should(other.error.vendorCode).be.undefined();
  });
});

describe('redaction', () => {
  it('masks secret parameters and scrubs secret values from text', () => {
    const op = hotelCatalog.operations.find((o) => o.name === 'GatewayUploadOnline');
    redactWire(op, { rm_id: '1', pwd: '123456', m1: 1 }).should.eql({ rm_id: '1', pwd: '[redacted]', m1: 1 });
    scrub('bad secret abcdef here abcdef', ['abcdef']).should.equal('bad secret [redacted] here [redacted]');
  });
});

describe('proxy from the environment', () => {
  const http = require('node:http');
  const { HttpTransport, parseJsonBody } = require('../dist/lib/transport');

  it('sends through HTTP_PROXY when it is set (looked up once, not per request)', async () => {
    const seen = [];
    const proxy = http.createServer((req, res) => {
      seen.push(req.url);
      res.setHeader('Content-Type', 'application/json');
      res.end('{"via":"proxy"}');
    });
    await new Promise((r) => proxy.listen(0, '127.0.0.1', r));
    const saved = process.env.HTTP_PROXY;
    process.env.HTTP_PROXY = `http://127.0.0.1:${proxy.address().port}`;
    try {
      const t = new HttpTransport({ baseURL: 'http://lock-service.invalid' });
      const body = await t.request(true, () => ({ method: 'GET', url: '/rooms' }), parseJsonBody);
      t.close();
      body.should.eql({ via: 'proxy' });
      seen.should.eql(['http://lock-service.invalid/rooms']);
    } finally {
      if (saved === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved;
      proxy.close();
    }
  });
});

describe('HTTP under the transport', () => {
  const fs = require('node:fs');
  const http = require('node:http');
  const https = require('node:https');
  const path = require('node:path');
  const { HttpTransport, parseJsonBody } = require('../dist/lib/transport');
  // A self-signed certificate for 127.0.0.1, for these tests only.
  const tls = {
    key: fs.readFileSync(path.join(__dirname, 'fixtures/tls/localhost.key')),
    cert: fs.readFileSync(path.join(__dirname, 'fixtures/tls/localhost.crt')),
  };
  const listen = (server) => new Promise((r) => server.listen(0, '127.0.0.1', () => r(server.address().port)));
  const get = (t) =>
    t.request(true, () => ({ method: 'POST', url: '/x', data: 'a=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), parseJsonBody);

  it('speaks https with certificate checks on: an untrusted certificate is refused, a trusted one answers', async () => {
    const seen = [];
    const server = https.createServer(tls, (req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        seen.push(body);
        res.end('{"ok":true}');
      });
    });
    const port = await listen(server);
    try {
      const untrusted = new HttpTransport({ baseURL: `https://127.0.0.1:${port}`, maxTries: 1 });
      const err = await get(untrusted).catch((e) => e);
      untrusted.close();
      err.should.match({ code: 'NETWORK' });
      err.message.should.match(/SELF_SIGNED|CERT/);
      seen.should.eql([]);
      const trusted = new HttpTransport({ baseURL: `https://127.0.0.1:${port}` });
      trusted.agents[1].options.ca = tls.cert; // as a system CA store would
      (await get(trusted)).should.eql({ ok: true });
      trusted.close();
      seen.should.eql(['a=1']);
    } finally {
      server.close();
    }
  });

  it('refuses an answer larger than 16 MiB without keeping it', async () => {
    const server = http.createServer((_req, res) => {
      res.write(Buffer.alloc(17 * 1024 * 1024, 32));
      res.end();
    });
    const port = await listen(server);
    try {
      const t = new HttpTransport({ baseURL: `http://127.0.0.1:${port}`, maxTries: 1 });
      const err = await get(t).catch((e) => e);
      t.close();
      err.should.match({ code: 'NETWORK' });
      err.message.should.match(/ERR_BAD_RESPONSE/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('form bodies (formBody)', () => {
  const { formBody } = require('../dist/lib/transport');
  const usp = (fields) => new URLSearchParams(Object.entries(fields)).toString();

  it('writes what URLSearchParams writes, for any text', async () => {
    const chars = "aZ09 -_.*!~'()+/=%&?#\u00e9\u4e2d\ud83d\ude00\ud800\n";
    for (let n = 0; n < 500; n++) {
      let v = '';
      for (let i = 0; i < n % 13; i++) v += chars[(n * 7 + i * 13) % chars.length];
      const fields = { [v]: v, plain: 'x' };
      (await formBody(fields)).should.equal(usp(fields));
    }
  });

  it('encodes a large value in slices between which other work runs, with the same text', async () => {
    const image = require('node:crypto')
      .randomBytes(400 * 1024)
      .toString('base64'); // a face photo as sent
    // A surrogate pair across the first slice's end stays whole.
    const text = `${'a'.repeat(64 * 1024 - 1)}\ud83d\ude00${'é'.repeat(70 * 1024)}`;
    let turns = 0;
    let done = false;
    const other = () => !done && ++turns && setImmediate(other); // another node's work, a turn at a time
    setImmediate(other);
    const body = await formBody({ appid: 'x', image, text });
    done = true;
    body.should.equal(usp({ appid: 'x', image, text }));
    turns.should.be.aboveOrEqual(10); // 9 slices of the photo, 3 of the text
  });
});

describe('retry policy (shouldRetry)', () => {
  const { shouldRetry } = require('../dist/lib/transport');
  const { LockError } = require('../dist/lib/errors');
  const err = (retryable, sent) => new LockError('NETWORK', 'x', { retryable, sent });
  const state = (over = {}) => ({ idempotent: true, attempt: 1, maxTries: 3, closed: false, ...over });

  it('retries what is retryable and idempotent, or never left, within the tries', () => {
    shouldRetry(err(true, true), state()).should.be.true();
    shouldRetry(err(true, false), state({ idempotent: false })).should.be.true();
    shouldRetry(err(true, true), state({ attempt: 2 })).should.be.true();
  });

  it('never resends a non-idempotent call that may have arrived, a refusal, past the tries, or after close', () => {
    shouldRetry(err(true, true), state({ idempotent: false })).should.be.false();
    shouldRetry(err(false, false), state()).should.be.false();
    shouldRetry(err(true, true), state({ attempt: 3 })).should.be.false();
    shouldRetry(err(true, false), state({ closed: true })).should.be.false();
  });
});

describe('JSON parameters: nesting and size bounded before anything is sent', () => {
  const op = tuyaCatalog.operations.find((o) => o.name === 'doorLock.allocateOpmode');
  const ctx = { timeZone: 'Asia/Shanghai' };
  const input = (unlockList) => ({ deviceId: 'lock-wifi-1', userId: '101', unlockList });
  const nested = (depth) => {
    let v = [];
    for (let i = 1; i < depth; i++) v = [v];
    return v;
  };
  /** The VALIDATION error `unlockList` gets, as the node reports it. */
  const refusal = (unlockList) => {
    try {
      prepare(tuyaCatalog, op, input(unlockList), ctx);
    } catch (e) {
      e.should.match({ code: 'VALIDATION', retryable: false, sent: false });
      return e.message;
    }
    throw new Error('accepted');
  };

  it('refuses a value nested 100 000 deep (JSON.stringify would overflow the stack) and takes 32 levels', () => {
    refusal(nested(100_000)).should.equal('unlockList nests deeper than 32 levels (or contains itself)');
    refusal('['.repeat(100_000) + ']'.repeat(100_000)).should.equal('unlockList nests deeper than 32 levels (or contains itself)');
    refusal(nested(33)).should.match(/^unlockList nests deeper than 32/);
    prepare(tuyaCatalog, op, input(nested(32)), ctx).wire.unlock_list.should.be.an.Array();
    prepare(tuyaCatalog, op, input([{ dp_code: 'unlock_card', unlock_sn: 7 }]), ctx).wire.unlock_list.should.eql([{ dp_code: 'unlock_card', unlock_sn: 7 }]);
  });

  it('refuses a value that contains itself', () => {
    const loop = { dp_code: 'unlock_card' };
    loop.self = [loop];
    refusal([loop]).should.match(/^unlockList nests deeper than 32 levels \(or contains itself\)$/);
  });

  it('refuses more than 1 MiB of JSON text, measured no further than the bound', () => {
    const max = MAX_JSON_BYTES;
    const said = `unlockList is larger than ${max} bytes`;
    refusal([{ note: 'x'.repeat(max) }]).should.equal(said);
    refusal('[' + '0,'.repeat(max) + '0]').should.equal(said);
    refusal(new Array(3_000_000).fill(0)).should.equal(said);
    refusal(new Array(1e9)).should.equal(said);
    // The same part many times over is counted each time, as JSON writes it.
    const part = [{ note: 'y'.repeat(1000) }];
    refusal(new Array(2000).fill(part)).should.equal(said);
    refusal([{ n: 'é'.repeat(max / 2) }]).should.equal(said); // two bytes each in UTF-8
    prepare(tuyaCatalog, op, input([{ note: 'x'.repeat(max - 100) }]), ctx).wire.unlock_list.should.have.length(1);
  });

  it('refuses what JSON cannot carry (a bigint) as VALIDATION, not as a failure to send', () => {
    refusal([{ unlock_sn: 7n }]).should.equal('unlockList holds a bigint, which JSON cannot carry');
  });
});

describe('values from outside in error texts', () => {
  it('cuts a long operation name, value or zone to 60 characters with an ellipsis', () => {
    const text = format('noSuchOperation', { vendor: 'Tuya', operation: 'x'.repeat(100_000) });
    text.should.equal(`Tuya has no operation "${'x'.repeat(59)}…"`);
    format('deviceNotFound', { value: 'd'.repeat(61) }).should.equal(`device ${'d'.repeat(59)}… not found: check the id (list devices gives them)`);
    format('unknownTimeZone', { zone: 'z'.repeat(60) }).should.equal(`unknown time zone "${'z'.repeat(60)}"`);
    // a vendor's text (whole in vendorMessage) is kept to 300
    format('refused', { vendor: 'Tuya', reason: 'r'.repeat(10_000) }).should.have.length('Tuya refused: '.length + 300);
  });
  it('keeps a surrogate pair whole where it cuts', () => {
    cut('a'.repeat(58) + '😀' + 'b', 60).should.equal('a'.repeat(58) + '…');
    cut('a'.repeat(57) + '😀' + 'bb', 60).should.equal('a'.repeat(57) + '😀…');
  });
});
