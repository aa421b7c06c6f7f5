'use strict';
// Unit tests of Tuya's pure pieces: the published signature examples, URL canonicalization
// and the ticket recipe.
require('should');
const { tuyaSign, canonicalUrl, stringToSign } = require('../dist/lib/vendors/tuya/sign');
const { ticketKey, encryptPin, newTicketKey, decryptPin } = require('../dist/lib/vendors/tuya/ticket');
const { withOverrides } = require('../dist/lib/vendors/tuya/client');
const { tuyaCatalog } = require('../dist/lib/vendors/tuya/catalog');

describe('Tuya signature', () => {
  // Tuya's worked example (vendor-notes/tuya.md), both request kinds.
  const example = {
    clientId: '1KAD46OrT9HafiKdsXeg',
    secret: '4OHBOnWOqaEC1mWXOpVL3yV50s0qGSRC',
    t: '1588925778000',
    nonce: '5138cc3a9033d69856923fd07b491173',
    method: 'GET',
    body: '',
    signedHeaders: [
      ['area_id', '29a33e8796834b1efa6'],
      ['call_id', '8afdb70ab2ed11eb85290242ac130003'],
    ],
  };
  it('reproduces the published token-request signature', () => {
    tuyaSign({ ...example, url: '/v1.0/token?grant_type=1' }).should.equal('9E48A3E93B302EEECC803C7241985D0A34EB944F40FB573C7B5C2A82158AF13E');
  });
  it('reproduces the published business-request signature', () => {
    tuyaSign({ ...example, url: '/v2.0/apps/schema/users?page_no=1&page_size=50', accessToken: '3f4eda2bdec17232f67c0b188af3eec1' }).should.equal(
      'AE4481C692AA80B25F3A7E12C3A5FD9BBF6251539DD78E565A1A72A508A88784',
    );
  });
  it('signs the sorted query and the hash of an empty body', () => {
    canonicalUrl('/p?b=2&a=1&c=').should.equal('/p?a=1&b=2&c=');
    stringToSign({ ...example, signedHeaders: [], url: '/p?b=2&a=1' }).should.equal(
      'GET\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n\n/p?a=1&b=2',
    );
  });
});

describe('Tuya password ticket', () => {
  it('decrypts the ticket key with the Access Secret and encrypts the PIN with it', () => {
    const secret = 'S3cr3tTuyaAccessSecret0123456789';
    const { key, ticketKeyHex } = newTicketKey(secret);
    ticketKeyHex.should.match(/^[0-9A-F]{64}$/);
    ticketKey(ticketKeyHex, secret).equals(key).should.be.true();
    const hex = encryptPin('1234567', ticketKey(ticketKeyHex, secret));
    hex.should.match(/^[0-9A-F]{32}$/);
    decryptPin(hex, key).should.equal('1234567');
  });
  it('refuses a secret that cannot be the AES-256 key', () => {
    (() => ticketKey('00'.repeat(32), 'short')).should.throw(/32 characters/);
  });
});

describe('Tuya path overrides', () => {
  it('replaces method, path or fixed fields by operation name', () => {
    const c = withOverrides(tuyaCatalog, {
      'doorLock.loglatest': { path: '/v1.0/devices/{device_id}/door-lock/logs/latest' },
      'osaas.freezeCard': { fixed: { freeze_status: 2 } },
    });
    c.operations.find((o) => o.name === 'doorLock.loglatest').path.should.equal('/v1.0/devices/{device_id}/door-lock/logs/latest');
    c.operations.find((o) => o.name === 'osaas.freezeCard').fixed.should.eql({ freeze_status: 2 });
  });
  it("changes an enumeration's wire values, in place of the catalog's reading", () => {
    const { prepare } = require('../dist/lib/operation');
    const c = withOverrides(tuyaCatalog, { 'doorLock.cancelPasswordFreeOpen': { values: { reason: { rejected: 11 } } } });
    const op = c.operations.find((o) => o.name === 'doorLock.cancelPasswordFreeOpen');
    prepare(c, op, { deviceId: 'd1', reason: 'rejected' }, { timeZone: 'UTC' }).wire.type.should.equal(11);
    prepare(c, op, { deviceId: 'd1', reason: 'canceled' }, { timeZone: 'UTC' }).wire.type.should.equal(2);
    (() => withOverrides(tuyaCatalog, { 'device.status': { values: { deviceId: { a: 1 } } } })).should.throw(/no enumeration/);
  });
  it('refuses unknown operations and paths with a query', () => {
    (() => withOverrides(tuyaCatalog, { nope: { path: '/x' } })).should.throw(/unknown operation/);
    (() => withOverrides(tuyaCatalog, { 'device.status': { path: '/x?y=1' } })).should.throw(/must start with/);
  });
});

describe('Tuya simulator checks requests as the service does', () => {
  const axios = require('axios');
  const { TuyaSimulator } = require('../dist/lib/vendors/tuya/simulator');
  const creds = { accessId: 'sim-id-0000000001', accessSecret: 'S3cr3tTuyaAccessSecret0123456789' };
  let sim;
  before(async () => {
    sim = new TuyaSimulator(creds);
    await sim.start();
  });
  after(() => sim.stop());

  function get(url, { headers = {}, token, signedHeaders = [], t = String(Date.now()), tamper = '' } = {}) {
    const nonce = 'n0nce';
    const sign =
      tuyaSign({ clientId: creds.accessId, secret: creds.accessSecret, accessToken: token, t, nonce, method: 'GET', url, body: '', signedHeaders }) + tamper;
    const all = { client_id: creds.accessId, sign, sign_method: 'HMAC-SHA256', t, nonce, ...headers };
    if (token) all.access_token = token;
    if (signedHeaders.length) all['Signature-Headers'] = signedHeaders.map(([k]) => k).join(':');
    for (const [k, v] of signedHeaders) all[k] = v;
    return axios.get(sim.url + url, { headers: all }).then((r) => r.data);
  }

  it('accepts token and business requests signed with and without Signature-Headers', async () => {
    const token = (
      await get('/v1.0/token?grant_type=1', {
        signedHeaders: [
          ['area_id', 'a1'],
          ['call_id', 'c1'],
        ],
      })
    ).result.access_token;
    (await get('/v1.0/devices/lock-wifi-1/status', { token })).success.should.be.true();
    (await get('/v1.0/devices/lock-wifi-1/status', { token, signedHeaders: [['area_id', 'a1']] })).success.should.be.true();
  });

  it("refuses a bad sign, a stale t, a wrong client and an unknown token with Tuya's codes", async () => {
    (await get('/v1.0/token?grant_type=1', { tamper: '0' })).should.match({ success: false, code: 1004 });
    (await get('/v1.0/token?grant_type=1', { t: String(Date.now() - 10 * 60e3) })).should.match({ success: false, code: 1013 });
    (await get('/v1.0/token?grant_type=1', { headers: { client_id: 'other' } })).should.match({ success: false, code: 1005 });
    (await get('/v1.0/devices/lock-wifi-1/status', { token: 'f'.repeat(32) })).should.match({ success: false, code: 1011 });
    const token = (await get('/v1.0/token?grant_type=1')).result.access_token;
    (await get('/v1.0/no/such/path', { token })).should.match({ success: false, code: 1108 });
  });
});

describe('Tuya deleteTemporaryPassword: bluetooth_symbolic where the example puts it', () => {
  const { findOperation } = require('../dist/lib/catalog');
  const { restRequest } = require('../dist/lib/rest');
  // Tuya "Delete Temporary Password" (developer.tuya.com id=Kats0d1pin57l): the table names no place for
  // bluetooth_symbolic; the page's only example sends {"bluetooth_symbolic": …} as the JSON body of the DELETE.
  const wire = { device_id: 'vdevo1', password_id: '123', bluetooth_symbolic: true };

  it('sends it in the JSON body by default, in the query with the variant "query"', () => {
    const byDefault = restRequest(findOperation(tuyaCatalog, 'doorLock.deleteTemporaryPassword'), wire);
    byDefault.should.match({ method: 'DELETE', path: '/v1.0/devices/vdevo1/door-lock/temp-passwords/123', body: { bluetooth_symbolic: true } });
    byDefault.query.should.eql([]);
    const overridden = withOverrides(tuyaCatalog, { 'doorLock.deleteTemporaryPassword': { variant: 'query' } });
    const asQuery = restRequest(findOperation(overridden, 'doorLock.deleteTemporaryPassword'), wire);
    asQuery.query.should.eql([['bluetooth_symbolic', 'true']]);
    (asQuery.body === undefined).should.be.true();
  });

  it('refuses moving a parameter the operation does not have, or to a place other than query or body', () => {
    (() => withOverrides(tuyaCatalog, { 'doorLock.deleteTemporaryPassword': { in: { nope: 'query' } } })).should.throw(/no parameter "nope"/);
    (() => withOverrides(tuyaCatalog, { 'doorLock.deleteTemporaryPassword': { in: { bluetoothSymbolic: 'path' } } })).should.throw(/"query" or "body"/);
  });
});
