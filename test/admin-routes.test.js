'use strict';
// The package's editor routes under Node-RED's adminAuth, in a real Node-RED: a read-only
// viewer reads the catalog, but cannot make the runtime call a system with a config's
// credentials (the id picker's lists are for those who may edit the flows).
require('should');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const bcrypt = require('bcryptjs');
const { startNodeRed } = require('../scripts/demo');
const { startHotel, APPID, APPSECRET } = require('./support/flow');

const PASSWORD = 'correct-horse-battery';

async function token(url, username, scope) {
  const res = await fetch(`${url}/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: 'node-red-admin', grant_type: 'password', scope, username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`no token for ${username}: ${res.status}`);
  return (await res.json()).access_token;
}

describe('editor routes under adminAuth (a real Node-RED, an admin and a read-only viewer)', function () {
  this.timeout(60_000);
  let sim;
  let red;
  const as = {};
  before(async () => {
    sim = await startHotel();
    const hash = bcrypt.hashSync(PASSWORD, 8);
    red = await startNodeRed({
      userDir: fs.mkdtempSync(path.join(os.tmpdir(), 'smartlock-admin-auth-')),
      stdio: 'pipe',
      settings: {
        adminAuth: {
          type: 'credentials',
          users: [
            { username: 'admin', password: hash, permissions: '*' },
            { username: 'viewer', password: hash, permissions: 'read' },
          ],
        },
      },
      flows: [{ id: 'cfg', type: 'smartlock-hotel', baseUrl: sim.url, timeZone: 'Asia/Shanghai', configVersion: 2 }],
      credentials: { cfg: { appid: APPID, appsecret: APPSECRET } },
    });
    as.admin = await token(red.url, 'admin', '*');
    as.viewer = await token(red.url, 'viewer', 'read');
  });
  after(async () => {
    await red?.stop();
    await sim?.stop();
  });
  const get = (who, route) => fetch(`${red.url}${route}`, { headers: who ? { Authorization: `Bearer ${as[who]}` } : {} });

  it('the catalog: anyone who may read the flows', async () => {
    (await get('viewer', '/smartlock/catalog')).status.should.equal(200);
    (await get(undefined, '/smartlock/catalog')).status.should.equal(401);
  });

  it("a config's ids: only who may write the flows; the viewer's asking reaches no system", async () => {
    const before = sim.received.GetRoomList ?? 0;
    (await get('viewer', '/smartlock/cfg/choices/roomId')).status.should.equal(401);
    (sim.received.GetRoomList ?? 0).should.equal(before);
    const res = await get('admin', '/smartlock/cfg/choices/roomId');
    res.status.should.equal(200);
    (await res.json()).length.should.be.above(0);
  });

  it('a path that is not UTF-8 is answered in JSON, without a stack', async () => {
    const res = await get('admin', '/smartlock/%E0/choices/roomId');
    res.status.should.equal(400);
    res.headers.get('content-type').should.match(/json/);
    (await res.text()).should.not.match(/ at |URIError/);
  });

  it('an upgrade of a saved node: only who may write the flows', async () => {
    const body = JSON.stringify({ type: 'smartlock-card', config: {} });
    const post = (who) =>
      fetch(`${red.url}/smartlock/migrate`, { method: 'POST', headers: { Authorization: `Bearer ${as[who]}`, 'Content-Type': 'application/json' }, body });
    (await post('viewer')).status.should.equal(401);
    (await post('admin')).status.should.equal(200);
  });
});
