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
  tuya: {
    'POST /v1.0/osaas/projects/{project_id}/card-issue-devices/lock-devices/{device_id}/cards': {
      fields: ['card_id'],
      doc: 'tuya-osaas-card-issue-api.txt, issue card request table (line 22)',
    },
    'PUT /v1.0/osaas/projects/{project_id}/card-issue-devices/lock-devices/{device_id}/cards/{lock_card_id}': {
      fields: ['begin_time', 'end_time'],
      doc: 'tuya-osaas-card-issue-api.txt, card modification request table (lines 57-58)',
    },
    // The action doc's tables list these on the password actions; the REST pages leave them out.
    'POST /v1.0/devices/{device_id}/door-lock/temp-password': {
      fields: ['bluetooth_symbolic', 'sn'],
      doc: 'tuya-smart-lock-actions.txt, doorLock.createTemporaryPassword request table (lines 805, 807)',
    },
    'POST /v2.0/devices/{device_id}/door-lock/temp-password': {
      fields: ['bluetooth_symbolic', 'sn'],
      doc: 'tuya-smart-lock-actions.txt, doorLock.createTemporaryPasswordWithoutName request table (lines 884, 886)',
    },
    'GET /v1.0/devices/{device_id}/door-lock/operate-records': {
      fields: ['lastRowKey', 'pageSize'],
      doc: 'tuya-smart-lock-actions.txt, doorLock.operateRecords request table (lines 252-253)',
    },
    'PUT /v1.0/devices/{device_id}/door-lock/temp-passwords/{password_id}/modify-password': {
      fields: ['bluetooth_symbolic'],
      doc: 'tuya-smart-lock-actions.txt, doorLock.modifyTemporaryPassword request tables (lines 965, 1034)',
    },
  },
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

/**
 * Tuya: the OSaaS routes from the OSaaS doc's samples, the token routes (vendor-notes/tuya.md),
 * and each action's routes as the public pages show them (lib/vendors/tuya/evidence.ts, read
 * from the pages, not the catalog). Where nothing public backs an action, the route the
 * package infers from its name is there too, marked so, with the fields of the action doc's sample.
 */
function tuyaWire() {
  const { TUYA_PATH_EVIDENCE } = require('../../dist/lib/vendors/tuya/evidence');
  const routes = [];
  for (const s of requests('tuya-osaas-card-issue-api')) {
    const [method, template] = s.operation.split(' ');
    add(routes, method, template, Object.keys(s.body ?? {}));
  }
  add(routes, 'GET', '/v1.0/token', ['grant_type']);
  add(routes, 'GET', '/v1.0/token/{refresh_token}', []);
  const actionSample = {};
  // Most samples print the action envelope, some only its params.
  for (const s of requests('tuya-smart-lock-actions')) actionSample[s.operation] = Object.keys((s.body?.action ? s.body.params : s.body) ?? {});
  const inferred = [];
  for (const [name, ev] of Object.entries(TUYA_PATH_EVIDENCE)) {
    for (const r of ev.routes ?? []) add(routes, r.method, r.path, [...(r.query ?? []), ...(r.body ?? [])]);
    if (ev.inferred) {
      const placeholders = (ev.inferred.path.match(/\{(\w+)\}/g) ?? []).map((p) => p.slice(1, -1));
      add(
        routes,
        ev.inferred.method,
        ev.inferred.path,
        (actionSample[name] ?? []).filter((f) => !placeholders.includes(f)),
      );
      inferred.push(`${ev.inferred.method} ${ev.inferred.path}`);
    }
  }
  return { ...withTables('tuya', routes), inferred };
}

/** TTLock: the routes and request fields of its pages, as recorded in lib/vendors/ttlock/evidence.ts. */
function ttlockWire() {
  const { TTLOCK_EVIDENCE, TTLOCK_TOKEN_EVIDENCE } = require('../../dist/lib/vendors/ttlock/evidence');
  const routes = [];
  // Both grants post to one path: its fields are those of either page.
  add(
    routes,
    'POST',
    '/oauth2/token',
    [...TTLOCK_TOKEN_EVIDENCE.token.route.fields, ...TTLOCK_TOKEN_EVIDENCE.refresh.route.fields].filter((f) => f !== 'clientId' && f !== 'clientSecret'),
  );
  for (const ev of Object.values(TTLOCK_EVIDENCE)) add(routes, ev.route.method, ev.route.path, ev.route.fields);
  return { routes, inferred: [] };
}

module.exports = { hotelWire, aliyunWire, tuyaWire, ttlockWire, TABLE_ONLY };
