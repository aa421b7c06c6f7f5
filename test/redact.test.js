'use strict';
// Secrets must not leak through any encoding: messages, vendor codes, raw response bodies.
const should = require('should');
const { secretForms, scrub, scrubError, scrubValue, REDACTED } = require('../dist/lib/redact');
const { LockError, errorText } = require('../dist/lib/errors');

const SECRET = "Ab+/=&c d€ü!'()*~x9";
const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s) => Buffer.from(s, 'utf8').toString('base64url');
const formEncoded = (s) => new URLSearchParams({ v: s }).toString().slice(2);
const lowerHex = (s) => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
const jsonU = (s, upper) =>
  JSON.stringify(s)
    .slice(1, -1)
    .replace(/[\u0080-\uffff]/g, (c) => {
      const hex = c.charCodeAt(0).toString(16).padStart(4, '0');
      return '\\u' + (upper ? hex.toUpperCase() : hex);
    });

/** The secret in every form a platform may echo it in. */
const encodings = (s) => ({
  raw: s,
  encodeURIComponent: encodeURIComponent(s),
  'encodeURIComponent, lowercase hex': lowerHex(encodeURIComponent(s)),
  'form body with +': formEncoded(s),
  'form body with %20': formEncoded(s).replace(/\+/g, '%20'),
  'form body, lowercase hex': lowerHex(formEncoded(s)),
  'form body with %20, lowercase hex': lowerHex(formEncoded(s).replace(/\+/g, '%20')),
  'JSON-escaped': JSON.stringify(s).slice(1, -1),
  'JSON with \\u escapes': jsonU(s, false),
  'JSON with \\U escapes': jsonU(s, true),
  'JSON with escaped slashes': jsonU(s, false).replace(/\//g, '\\/'),
  base64: b64(s),
  'base64 unpadded': b64(s).replace(/=+$/, ''),
  base64url: b64url(s),
  'base64url padded': b64url(s) + '='.repeat((4 - (b64url(s).length % 4)) % 4),
});

/** A text in which no form of the secret is left (the raw one, or any of its encodings). */
function assertClean(text, secret = SECRET) {
  for (const [name, form] of Object.entries(encodings(secret))) {
    should(text.includes(form)).equal(false, `${name} form survived in: ${text}`);
  }
}

describe('secretForms', () => {
  it('lists every encoding of a secret, each once, longest first', () => {
    const forms = secretForms(SECRET);
    for (const [name, form] of Object.entries(encodings(SECRET))) {
      if (form.length >= 4) forms.should.containEql(form, name);
    }
    new Set(forms).size.should.equal(forms.length);
    for (let i = 1; i < forms.length; i++) forms[i - 1].length.should.be.aboveOrEqual(forms[i].length);
    // encodeURIComponent leaves !'()*~ alone; the form encoding writes %21%27%28%29%7E but keeps *
    encodeURIComponent(SECRET).should.not.equal(formEncoded(SECRET).replace(/\+/g, '%20'));
  });

  it('answers a copy from its cache and ignores short secrets', () => {
    const a = secretForms(SECRET);
    a.push('mutated');
    secretForms(SECRET).should.not.containEql('mutated');
    secretForms('abc').should.eql([]);
    secretForms('€ü!').should.eql([]);
    secretForms('').should.eql([]);
  });

  it('keeps working past its cache bound', () => {
    for (let i = 0; i < 600; i++) secretForms(`secret-${i}-value`).should.containEql(`secret-${i}-value`);
    scrub('x secret-3-value y', ['secret-3-value']).should.equal(`x ${REDACTED} y`);
  });

  it('encodes a lone surrogate without throwing', () => {
    const forms = secretForms('ab\ud800cd');
    forms.should.containEql('ab%EF%BF%BDcd');
    forms.should.containEql('ab\\ud800cd');
  });
});

describe('scrub', () => {
  it('removes the secret in each of its forms', () => {
    for (const [name, form] of Object.entries(encodings(SECRET))) {
      const text = `error: bad sign for appkey=k1&appsecret=${form}&t=1 (${name})`;
      const out = scrub(text, [SECRET]);
      assertClean(out);
      out.should.equal(`error: bad sign for appkey=k1&appsecret=${REDACTED}&t=1 (${name})`);
    }
  });

  it('removes every form at once, the echoed body of a form post included', () => {
    const echoed = new URLSearchParams({ appkey: 'k1', appsecret: SECRET, note: 'hi' }).toString();
    const text = [SECRET, echoed, encodeURIComponent(SECRET), JSON.stringify({ appsecret: SECRET }), b64(SECRET), b64url(SECRET)].join(' | ');
    const out = scrub(text, [SECRET]);
    assertClean(out);
    out.should.containEql('appkey=k1&appsecret=[redacted]&note=hi');
    out.should.containEql('{"appsecret":"[redacted]"}');
  });

  it('finds a base64-encoded secret inside a longer base64 text, at any alignment', () => {
    for (const prefix of ['', 'u', 'us', 'use', 'user:', 'key01:']) {
      for (const suffix of ['', '!', '!!', ':tail']) {
        const blob = b64(prefix + SECRET + suffix);
        const out = scrub(`Authorization: Basic ${blob}`, [SECRET]);
        out.should.containEql(REDACTED, `prefix ${JSON.stringify(prefix)} suffix ${JSON.stringify(suffix)}`);
        out.length.should.be.below(`Authorization: Basic ${blob}`.length + REDACTED.length);
      }
    }
  });

  it('replaces a longer form before a shorter one it contains', () => {
    const short = 'abcd1234';
    const long = 'abcd1234efgh';
    scrub(`x ${long} y ${short} z`, [short, long]).should.equal(`x ${REDACTED} y ${REDACTED} z`);
    scrub(`x ${long} y`, [long, short]).should.equal(`x ${REDACTED} y`);
  });

  it('ignores short secrets and leaves unrelated text alone', () => {
    scrub('pin 123 and abc', ['123', 'abc', '', 'x']).should.equal('pin 123 and abc');
    scrub('nothing secret here', [SECRET, 'abcdef']).should.equal('nothing secret here');
    scrub('bad secret abcdef here abcdef', ['abcdef']).should.equal('bad secret [redacted] here [redacted]');
  });
});

describe('scrubError', () => {
  it('scrubs message, vendorMessage and a string vendorCode, keeping every other detail', () => {
    const form = formEncoded(SECRET);
    const err = new LockError('AUTH', `sign check failed for appsecret=${form}`, {
      vendorCode: `E_${encodeURIComponent(SECRET)}`,
      vendorMessage: `body: ${lowerHex(form)}`,
      retryable: true,
      sent: false,
      retryAfterMs: 1500,
    });
    const out = scrubError(err, [SECRET]);
    out.should.not.equal(err);
    out.should.be.instanceOf(LockError);
    out.message.should.equal(`sign check failed for appsecret=${REDACTED}`);
    out.vendorMessage.should.equal(`body: ${REDACTED}`);
    out.vendorCode.should.equal(`E_${REDACTED}`);
    out.code.should.equal('AUTH');
    out.retryable.should.be.true();
    out.sent.should.be.false();
    out.retryAfterMs.should.equal(1500);
    out.cause.should.eql({ code: 'AUTH', vendorCode: `E_${REDACTED}`, vendorMessage: `body: ${REDACTED}`, retryable: true });
    Object.keys(out).should.eql(Object.keys(err));
    Object.prototype.propertyIsEnumerable.call(out, 'sent').should.be.false();
    assertClean(JSON.stringify(out));
    assertClean(out.stack);
  });

  it('keeps a numeric vendorCode and the message key, with scrubbed values', () => {
    const err = new LockError('VENDOR', errorText('unexpected', { reason: `bad token ${b64(SECRET)}` }), { vendorCode: 1004 });
    const out = scrubError(err, [SECRET]);
    out.vendorCode.should.equal(1004);
    out.key.should.equal('unexpected');
    out.params.should.eql({ reason: `bad token ${REDACTED}` });
    out.message.should.containEql(`bad token ${REDACTED}`);
    assertClean(out.message);
    out.sent.should.be.true();
    out.retryable.should.be.false();
  });

  it('copies extra details over, scrubbed', () => {
    const err = new LockError('TIMEOUT', `timed out, appsecret=${SECRET}`, { retryable: true });
    const partial = { done: 3, echo: { appsecret: SECRET } };
    Object.defineProperty(err, 'partial', { value: partial, enumerable: false, writable: true, configurable: true });
    err.attempt = 2;
    err.cause.requestId = 'r-1';
    const out = scrubError(err, [SECRET]);
    Object.getOwnPropertyDescriptor(out, 'partial').enumerable.should.be.false();
    out.partial.should.eql({ done: 3, echo: { appsecret: REDACTED } });
    partial.echo.appsecret.should.equal(SECRET); // the original is not touched
    out.attempt.should.equal(2);
    out.cause.requestId.should.equal('r-1');
  });

  it('scrubs a secret held only in extra details', () => {
    const err = new LockError('VENDOR', 'failed', { vendorCode: 'E1' });
    Object.defineProperty(err, 'partial', { value: { token: encodeURIComponent(SECRET) }, enumerable: false, writable: true, configurable: true });
    const out = scrubError(err, [SECRET]);
    out.should.not.equal(err);
    out.partial.token.should.equal(REDACTED);
    out.message.should.equal('failed');
    out.vendorCode.should.equal('E1');
  });

  it('answers the same error when it holds no secret, or the secrets are short', () => {
    const err = new LockError('VENDOR', 'device offline', { vendorCode: 'E1', vendorMessage: 'offline' });
    scrubError(err, [SECRET, 'abcdef']).should.equal(err);
    const short = new LockError('VENDOR', 'pin 123 refused', { vendorCode: '123' });
    scrubError(short, ['123']).should.equal(short);
  });
});

describe('scrubValue', () => {
  const body = () => ({
    success: false,
    code: 1106,
    msg: `illegal sign, request was appkey=k1&appsecret=${formEncoded(SECRET)}&t=1`,
    result: {
      devices: [
        { id: 'd1', online: true },
        { id: 'd2', online: false, tags: [null, 1.5, 'x'] },
      ],
      blobs: ['aGVsbG8=', b64(SECRET), b64url(SECRET)],
    },
    trace: { request: { body: JSON.stringify({ appsecret: SECRET }) } },
  });

  it('scrubs every string of a nested body, copying only the changed paths', () => {
    const input = body();
    const out = scrubValue(input, [SECRET]);
    out.should.not.equal(input);
    out.msg.should.equal(`illegal sign, request was appkey=k1&appsecret=${REDACTED}&t=1`);
    out.result.blobs.should.eql(['aGVsbG8=', REDACTED, REDACTED]);
    out.trace.request.body.should.equal(`{"appsecret":"${REDACTED}"}`);
    out.result.devices.should.equal(input.result.devices); // untouched branch shared
    assertClean(JSON.stringify(out));
    input.should.eql(body()); // the input is not changed
  });

  it('answers the same value when nothing matched', () => {
    const input = body();
    scrubValue(input, ['not-in-there', 'abc']).should.equal(input);
    scrubValue(input, []).should.equal(input);
    for (const v of [null, 0, 12, true, false, 'plain', [], {}]) should(scrubValue(v, [SECRET])).equal(v);
  });

  it('scrubs strings, keys and arrays at the top level', () => {
    scrubValue(`x${SECRET}x`, [SECRET]).should.equal(`x${REDACTED}x`);
    scrubValue([1, encodeURIComponent(SECRET)], [SECRET]).should.eql([1, REDACTED]);
    scrubValue({ [SECRET]: 1, a: 2 }, [SECRET]).should.eql({ [REDACTED]: 1, a: 2 });
  });

  it('keeps a __proto__ key as data', () => {
    const input = JSON.parse(`{"__proto__": {"x": "${SECRET}"}, "a": "${SECRET}"}`);
    const out = scrubValue(input, [SECRET]);
    Object.getPrototypeOf(out).should.equal(Object.prototype);
    Object.getOwnPropertyDescriptor(out, '__proto__').value.should.eql({ x: REDACTED });
    out.a.should.equal(REDACTED);
  });

  it('survives cycles, shared parts and deep nesting', () => {
    const cyclic = { s: SECRET };
    cyclic.self = cyclic;
    const out = scrubValue(cyclic, [SECRET]);
    out.s.should.equal(REDACTED);
    out.self.should.equal(cyclic); // the back edge is left as it was

    let shared = { s: SECRET };
    for (let i = 0; i < 100; i++) shared = { a: shared, b: shared };
    const wide = scrubValue(shared, [SECRET]);
    wide.a.should.equal(wide.b);

    let deep = SECRET;
    for (let i = 0; i < 200; i++) deep = [deep];
    const d = scrubValue(deep, [SECRET]);
    d.should.equal(deep); // the secret lies beyond the depth limit: left as it is
    let shallow = SECRET;
    for (let i = 0; i < 10; i++) shallow = { v: shallow };
    let s = scrubValue(shallow, [SECRET]);
    for (let i = 0; i < 10; i++) s = s.v;
    s.should.equal(REDACTED);
  });

  it('leaves non-JSON objects alone', () => {
    const buf = Buffer.from(SECRET);
    const date = new Date(0);
    const input = { buf, date };
    scrubValue(input, [SECRET]).should.equal(input);
  });
});

describe('a platform that echoes its secret back', () => {
  const { startHotel, APPID } = require('./support/flow');
  const { createHotelClient } = require('../dist/lib/vendors/hotel/client');
  // A secret with characters that a form body percent-encodes.
  const appsecret = 'S3cr+t/=&é x';
  let sim;
  before(async () => {
    sim = await startHotel();
  });
  after(() => sim.stop());

  it('is scrubbed from msg.error and msg.smartlock.response, raw or percent-encoded', async () => {
    const client = createHotelClient({ baseUrl: sim.url, appid: APPID, appsecret, timeZone: 'Asia/Shanghai', maxTries: 1 });
    const form = new URLSearchParams({ appid: APPID, appsecret }).toString();
    const echo = (code) => ({
      kind: 'status',
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        code,
        msg: `bad request: ${form}`,
        data: [{ rm_id: '1', rm_name: encodeURIComponent(appsecret) }],
        note: Buffer.from(appsecret).toString('base64'),
      }),
    });
    try {
      sim.inject(echo(0), { match: 'GetRoomList' });
      const err = await client.call(client.operation('GetRoomList'), {}).catch((e) => e);
      err.should.match({ code: 'VENDOR' });
      for (const text of [err.message, err.vendorMessage, JSON.stringify(err)]) {
        text.should.not.containEql(form.split('appsecret=')[1]);
        text.should.containEql('[redacted]');
      }
      sim.inject(echo(1), { match: 'GetRoomList' });
      const ok = await client.call(client.operation('GetRoomList'), {});
      const raw = JSON.stringify(ok.response);
      for (const form of [appsecret, encodeURIComponent(appsecret), Buffer.from(appsecret).toString('base64')]) raw.should.not.containEql(form);
    } finally {
      client.close();
    }
  });
});

describe('a biometric image', () => {
  const sinon = require('sinon');
  const redact = require('../dist/lib/redact');
  const { createHotelClient } = require('../dist/lib/vendors/hotel/client');
  const { startHotel, APPID, APPSECRET } = require('./support/flow');

  it('is masked by replacement in msg.smartlock.request, and not searched for in error texts or the response (a 400 KB JPEG)', async () => {
    const sim = await startHotel();
    const client = createHotelClient({ baseUrl: sim.url, appid: APPID, appsecret: APPSECRET, timeZone: 'Asia/Shanghai' });
    const scrubbed = sinon.spy(redact, 'scrubValue');
    try {
      const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(400 * 1024 - 4, 0x5a)]);
      const input = { roomId: '775032240849920', image: jpeg, slot: 5, validFrom: '2026-11-23T06:00:00Z', validUntil: '2026-11-24T04:00:00Z' };
      const result = await client.call(client.action('face', 'upload'), input);
      result.request.base64.should.equal(redact.REDACTED);
      scrubbed.callCount.should.equal(1);
      const secrets = scrubbed.firstCall.args[1];
      secrets.should.containEql(APPSECRET); // credentials are still looked for
      secrets.every((s) => s.length < 1000).should.be.true(); // the image is not
    } finally {
      scrubbed.restore();
      client.close();
      await sim.stop();
    }
  });
});
