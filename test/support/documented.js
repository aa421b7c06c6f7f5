'use strict';
// The wire each vendor's documents and the recorded evidence describe, built for the
// simulators (SimServer.document) from test/fixtures/doc-samples and lib/vendors/tuya/evidence
// — never from the catalogs, so a catalog entry that strays from the docs fails against them.
const fs = require('node:fs');
const path = require('node:path');

const SAMPLES = path.join(__dirname, '../fixtures/doc-samples');
const samples = (file) => JSON.parse(fs.readFileSync(path.join(SAMPLES, `${file}.json`), 'utf8')).samples;
const requests = (file) => samples(file).filter((s) => s.kind === 'request');

/** Adds a route, or the fields of another sample to the route it already has. */
function add(routes, method, template, fields) {
  const known = routes.find((r) => r.method === method && r.path === template);
  if (!known) routes.push({ method, path: template, ...(fields ? { fields: [...new Set(fields)] } : {}) });
  else if (known.fields && fields) known.fields = [...new Set([...known.fields, ...fields])];
  else delete known.fields; // one sample without fields: the route's fields are not checked
}

/** Fields a doc's parameter table lists on a route that its sample request leaves out (doc and line). */
const TABLE_ONLY = {
  hotel: {},
  aliyun: {
    'POST /entrance/paas/perm/qrcode/config': {
      fields: ['maxScanTimes', 'maxScanScope'],
      doc: 'aliyun-iot-entrance-qrcode-card-service.zh.txt, 二维码权限配置 request table (lines 1173, 1179)',
    },
  },
  tuya: {},
};

function withTables(vendor, routes) {
  for (const r of routes) {
    const extra = TABLE_ONLY[vendor][`${r.method} ${r.path}`];
    if (extra && r.fields) r.fields = [...new Set([...r.fields, ...extra.fields])];
  }
  return { routes };
}

/** The hotel WebApi: `POST /Api/{Name}`, form fields as each operation's sample sends them. */
function hotelWire() {
  const routes = [];
  for (const s of requests('hotel-lock-platform-webapi.zh')) {
    add(
      routes,
      s.method,
      s.path,
      Object.keys(s.form).filter((k) => k !== 'appid' && k !== 'appsecret'),
    );
  }
  return withTables('hotel', routes);
}

/**
 * Alibaba Cloud IoT living-link: `POST <path>` with the parameters in the envelope's params, as
 * each sample sends them; and the platform's token APIs every project uses (vendor-notes/aliyun.md).
 */
function aliyunWire() {
  const routes = [];
  for (const file of ['aliyun-iot-lock-service.zh', 'aliyun-iot-entrance-qrcode-card-service.zh']) {
    // The lock service's samples print the whole envelope; the entrance service's only its params.
    for (const s of requests(file)) add(routes, 'POST', s.operation, Object.keys(s.body.request ? (s.body.params ?? {}) : s.body));
  }
  for (const token of ['/cloud/token', '/cloud/token/refresh', '/account/checkOrRefreshSession']) add(routes, 'POST', token);
  return withTables('aliyun', routes);
}

module.exports = { hotelWire, aliyunWire, TABLE_ONLY };
