'use strict';
// Aliyun's gateway signature: Alibaba's published vectors, and the same signatures as the
// aliyun-api-gateway package (dev dependency, used only as an oracle) over generated requests.
require('should');
const { randomInt, randomUUID } = require('node:crypto');
const { parse } = require('node:url');
const axios = require('axios');
const { Client } = require('aliyun-api-gateway');
const { gatewaySign, contentMd5, gatewayStringToSign } = require('../dist/lib/vendors/aliyun/sign');
const { AliyunSimulator } = require('../dist/lib/vendors/aliyun/simulator');

describe('Aliyun gateway signature', () => {
  it('reproduces the published vectors A, B and C and the Content-MD5 example', () => {
    gatewaySign({ method: 'GET', path: '/Third/Tools/checkSign', headers: { accept: 'application/json' } }, 'appSecret').signature.should.equal(
      'ZpJhkHdtjLTJiR6CJWHL8ikLtPB2z6CoztG21wG3PT4=',
    );
    const xca = (t, n) => ({ 'x-ca-timestamp': t, 'x-ca-nonce': n, 'x-ca-key': 'appKey' });
    gatewaySign(
      {
        method: 'GET',
        path: '/Third/Tools/checkSign',
        headers: { accept: 'application/json', 'content-type': 'application/json', ...xca('1646365291734', '787dd0c2-7bd8-41cd-9c19-62c05ea524a2') },
      },
      'appSecret',
    ).should.eql({ signature: 'EdJSFAMOWyXZOpXhevZnjuS0ZafnwnCqaSk5hz+tXo8=', signatureHeaders: 'x-ca-key,x-ca-nonce,x-ca-timestamp' });
    gatewaySign(
      {
        method: 'POST',
        path: '/Third/User/getNyAccessToken',
        params: { nickname: 'nickname', room_id: '6893', uuid: 'uuid', photo: 'photo' },
        headers: {
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
          ...xca('1646646682418', 'ca5a6753-b76c-4fff-a9d9-e5bb643e8cdf'),
        },
      },
      'appSecret',
    ).signature.should.equal('gmf9xq0hc95Hmt+7G+OocS009ka3v1v0rvfshKzYc3w=');
    contentMd5('{"test":"test"}').should.equal('govO+HY8G8YW4loGvkuQ/w==');
  });

  it('signs 400 generated requests exactly as aliyun-api-gateway does', () => {
    const pieces = ['lock', 'key', 'user', 'bind', 'entrance', 'paas', 'perm', 'card', '用户', 'qr-code', 'v1.0', 'a_b'];
    const texts = ['', 'x', '大门锁', 'a b&c=d', '{"k":"v"}', 'ü€𝄞', '0'];
    const pick = (a) => a[randomInt(a.length)];
    for (let i = 0; i < 400; i++) {
      const path = `/${Array.from({ length: 1 + randomInt(4) }, () => pick(pieces)).join('/')}`;
      const query = Object.fromEntries(Array.from({ length: randomInt(3) }, () => [pick(['a', 'b', 'z', 'pageNo', 'k']), pick(['1', 'x', '', 'v'])]));
      const body = i % 3 === 0 ? '' : JSON.stringify({ id: randomUUID(), version: '1.0', request: { apiVer: '1.0.0' }, params: { name: pick(texts), n: i } });
      const oracle = new Client('key-' + i, `secret-${pick(texts)}-${i}`);
      const headers = oracle.buildHeaders({ accept: 'application/json', 'content-type': 'application/json; charset=UTF-8' });
      headers['x-ca-timestamp'] = String(headers['x-ca-timestamp']);
      if (i % 2 === 0) delete headers['x-ca-stage'];
      if (body) headers['content-md5'] = oracle.md5(body);
      const keys = oracle.getSignHeaderKeys(headers, {});
      const qs = Object.keys(query)
        .map((k) => `${k}=${query[k]}`)
        .join('&');
      const theirs = oracle.sign(
        oracle.buildStringToSign(i % 2 ? 'POST' : 'GET', headers, oracle.getSignedHeadersString(keys, headers), parse(path + (qs ? `?${qs}` : ''), true)),
      );
      const ours = gatewaySign({ method: i % 2 ? 'POST' : 'GET', path, params: query, headers }, oracle.appSecret.toString('utf8'));
      ours.signature.should.equal(theirs, gatewayStringToSign({ method: i % 2 ? 'POST' : 'GET', path, params: query, headers }));
      ours.signatureHeaders.should.equal(keys.join(','));
      if (body) contentMd5(body).should.equal(oracle.md5(body));
    }
  });
});

describe('Aliyun simulator gateway checks', () => {
  const creds = { appKey: 'k1', appSecret: 's1', projectId: 'p1' };
  let sim;
  before(async () => {
    sim = new AliyunSimulator(creds);
    await sim.start();
  });
  after(() => sim.stop());

  function post(path, body, change = {}) {
    const data = JSON.stringify(body);
    const headers = {
      accept: 'application/json',
      'content-type': 'application/json; charset=UTF-8',
      'content-md5': contentMd5(data),
      'x-ca-key': 'k1',
      'x-ca-timestamp': String(Date.now()),
      'x-ca-nonce': change.nonce ?? randomUUID(),
      'x-ca-signature-method': 'HmacSHA256',
    };
    const { signature, signatureHeaders } = gatewaySign({ method: 'POST', path, headers }, change.secret ?? 's1');
    return axios.post(sim.url + path, change.body ?? data, {
      headers: { ...headers, 'x-ca-signature': signature, 'x-ca-signature-headers': signatureHeaders },
      validateStatus: () => true,
    });
  }
  const tokenRequest = { id: '1', version: '1.0', request: { apiVer: '1.0.0' }, params: { grantType: 'project', res: 'p1' } };

  it('answers a well-signed token request', async () => {
    const res = await post('/cloud/token', tokenRequest);
    res.data.code.should.equal(200);
    res.data.data.cloudToken.should.be.a.String();
  });

  it('refuses a bad signature, a changed body, a replayed nonce with X-Ca-Error-Message', async () => {
    (await post('/cloud/token', tokenRequest, { secret: 'wrong' })).headers['x-ca-error-message'].should.startWith(
      'Invalid Signature, Server StringToSign:POST#application/json#',
    );
    (await post('/cloud/token', tokenRequest, { body: JSON.stringify({ ...tokenRequest, id: '2' }) })).headers['x-ca-error-message'].should.equal(
      'Invalid Content-MD5',
    );
    const nonce = randomUUID();
    (await post('/cloud/token', tokenRequest, { nonce })).status.should.equal(200);
    const replay = await post('/cloud/token', tokenRequest, { nonce });
    replay.status.should.equal(400);
    replay.headers['x-ca-error-message'].should.equal('Nonce Used');
  });
});
