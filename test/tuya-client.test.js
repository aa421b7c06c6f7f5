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
    clientId: '1KAD46OrT9HafiKdsXeg', secret: '4OHBOnWOqaEC1mWXOpVL3yV50s0qGSRC', t: '1588925778000',
    nonce: '5138cc3a9033d69856923fd07b491173', method: 'GET', body: '',
    signedHeaders: [['area_id', '29a33e8796834b1efa6'], ['call_id', '8afdb70ab2ed11eb85290242ac130003']],
  };
  it('reproduces the published token-request signature', () => {
    tuyaSign({ ...example, url: '/v1.0/token?grant_type=1' })
      .should.equal('9E48A3E93B302EEECC803C7241985D0A34EB944F40FB573C7B5C2A82158AF13E');
  });
  it('reproduces the published business-request signature', () => {
    tuyaSign({ ...example, url: '/v2.0/apps/schema/users?page_no=1&page_size=50', accessToken: '3f4eda2bdec17232f67c0b188af3eec1' })
      .should.equal('AE4481C692AA80B25F3A7E12C3A5FD9BBF6251539DD78E565A1A72A508A88784');
  });
  it('signs the sorted query and the hash of an empty body', () => {
    canonicalUrl('/p?b=2&a=1&c=').should.equal('/p?a=1&b=2&c=');
    stringToSign({ ...example, signedHeaders: [], url: '/p?b=2&a=1' })
      .should.equal('GET\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n\n/p?a=1&b=2');
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
    const c = withOverrides(tuyaCatalog, { 'doorLock.loglatest': { path: '/v1.0/devices/{device_id}/door-lock/logs/latest' }, 'osaas.freezeCard': { fixed: { freeze_status: 2 } } });
    c.operations.find((o) => o.name === 'doorLock.loglatest').path.should.equal('/v1.0/devices/{device_id}/door-lock/logs/latest');
    c.operations.find((o) => o.name === 'osaas.freezeCard').fixed.should.eql({ freeze_status: 2 });
  });
  it('refuses unknown operations and paths with a query', () => {
    (() => withOverrides(tuyaCatalog, { nope: { path: '/x' } })).should.throw(/unknown operation/);
    (() => withOverrides(tuyaCatalog, { 'device.status': { path: '/x?y=1' } })).should.throw(/must start with/);
  });
});
