'use strict';
// Secrets in a real Node-RED with debug logging: every example's injects pressed, then the
// known secrets are looked for in the log, the exported flows and the debug messages.
require('should');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const axios = require('axios');
const { startDemo, DEMO } = require('../scripts/demo');
const summary = require('./support/summary');

describe('secrets in a running Node-RED', function () {
  this.timeout(120_000);
  let demo;
  let log = '';
  after(() => demo?.stop());

  it('shows no secret, token or PIN in the debug log or the exported flows', async () => {
    demo = await startDemo({ userDir: fs.mkdtempSync(path.join(os.tmpdir(), 'smartlock-secrets-')), stdio: 'pipe', logLevel: 'debug' });
    log = demo.startupLog;
    demo.red.stdout.on('data', (d) => {
      log += d;
    });
    demo.red.stderr.on('data', (d) => {
      log += d;
    });
    const api = axios.create({ baseURL: demo.url });
    const flows = (await api.get('/flows')).data;
    const injects = flows.filter((n) => n.type === 'inject' && !n.crontab);
    injects.length.should.be.above(15);
    for (const n of injects) {
      await api.post(`/inject/${n.id}`);
      await new Promise((r) => setTimeout(r, 150));
    }
    await new Promise((r) => setTimeout(r, 1500));
    const tokens = [
      ...demo.sims.tuya.tokens.keys(),
      ...demo.sims.aliyun.cloudTokens.keys(),
      ...demo.sims.ttlock.tokens.keys(),
      ...demo.sims.ttlock.refreshTokens,
    ];
    tokens.length.should.be.above(0);
    // The push streams' derived secrets too: Tuya's handshake password and data key.
    demo.sims.tuyaPush.counts.connects.should.be.above(0);
    const { tuyaPushPassword } = require('../dist/lib/vendors/tuya/push');
    const { md5Password } = require('../dist/lib/vendors/ttlock/client');
    // TTLock's account password travels only as its md5: neither may show.
    const derived = [tuyaPushPassword(DEMO.tuya.accessId, DEMO.tuya.accessSecret), DEMO.tuya.accessSecret.slice(8, 24), md5Password(DEMO.ttlock.password)];
    const secrets = [
      DEMO.hotel.appsecret,
      DEMO.tuya.accessSecret,
      DEMO.aliyun.appSecret,
      DEMO.aliyun.iotToken,
      DEMO.ttlock.clientSecret,
      DEMO.ttlock.password,
      ...tokens,
      ...derived,
    ];
    const exported = JSON.stringify((await api.get('/flows')).data);
    // The PINs the examples send are the flows' own content, but never logged.
    const pins = ['3692581', '2580147', '4815926'];
    const found = [...secrets.flatMap((s) => [log, exported].filter((text) => text.includes(s))), ...pins.filter((p) => log.includes(p))];
    summary.add('secrets', { secretsFound: found.length });
    found.length.should.equal(0);
    log.should.match(/\[debug\]/);
  });
});
