'use strict';
// A real Node-RED set to zh-CN (the helper's RED._ does not translate): errors reach a Catch
// node in Chinese, the operation named by its palette label, and the node status too.
require('should');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const axios = require('axios');
const { startDemo } = require('../scripts/demo');

describe("errors in the runtime's language", function () {
  this.timeout(90_000);
  let demo;
  after(() => demo?.stop());

  it("zh-CN: validation, vendor and transport errors are said in Chinese, and the editor's parameter tips", async () => {
    demo = await startDemo({ userDir: fs.mkdtempSync(path.join(os.tmpdir(), 'smartlock-zh-')), stdio: 'pipe', lang: 'zh-CN' });
    const api = axios.create({ baseURL: demo.url, validateStatus: () => true });
    const cfg = (await api.get('/flows')).data.find((n) => n.type === 'smartlock-hotel');
    // http in /zh/<case> → the node; its Catch answers msg.error.message.
    const z = 'zh0000000000tab1';
    const nodes = [
      { id: 'zh00000000000in1', type: 'http in', z, url: '/zh/issue', method: 'post', wires: [['zh0000000000card']] },
      { id: 'zh0000000000card', type: 'smartlock-card', z, vendor: 'hotel', hotel: cfg.id, operation: 'issue', wires: [['zh00000000000ok1']] },
      { id: 'zh00000000000in2', type: 'http in', z, url: '/zh/open', method: 'post', wires: [['zh0000000000open']] },
      { id: 'zh0000000000open', type: 'smartlock-remote-open', z, vendor: 'hotel', hotel: cfg.id, operation: 'open', wires: [['zh00000000000ok1']] },
      { id: 'zh00000000000ok1', type: 'http response', z, wires: [] },
      { id: 'zh000000000catch', type: 'catch', z, scope: null, uncaught: false, wires: [['zh00000000000err']] },
      {
        id: 'zh00000000000err',
        type: 'change',
        z,
        rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'error.message', tot: 'msg' }],
        wires: [['zh00000000000ok1']],
      },
    ];
    const res = await api.post('/flow', { id: z, label: 'zh', nodes });
    res.status.should.equal(200);
    const ask = async (url, body) => (await api.post(url, body)).data;
    for (let i = 0; (await api.post('/zh/issue', {})).status === 404; i++) {
      if (i > 100) throw new Error('the zh flow did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    (await ask('/zh/issue', { roomId: '775032240849920', validUntil: Date.now() + 3600e3 })).should.equal('发卡 需要 validFrom');
    // The editor's parameter tips in its language.
    const tip = async (lang) =>
      (await api.get('/smartlock/catalog', { params: { lang } })).data.vendors.tuya.operations
        .find((o) => o.name === 'osaas.deleteCard')
        .params.find((p) => p.name === 'cardId').description;
    (await tip('zh-CN')).should.equal('发卡返回的门锁卡 ID（lock_card_id）');
    (await tip('en-US')).should.equal('Door-lock card ID (lock_card_id) returned by issue card');
    (await tip('../../etc')).should.equal('Door-lock card ID (lock_card_id) returned by issue card');
    (await ask('/zh/open', { roomId: 'nope' })).should.equal('酒店门锁平台 拒绝了请求：房间不存在');
    demo.sims.hotel.inject({ kind: 'status', status: 503 });
    (await ask('/zh/open', { roomId: '775032240849920' })).should.equal('门锁服务返回 HTTP 503');
  });
});
