'use strict';
// The vendor docs' own samples (test/fixtures/doc-samples, extracted as data) against the
// catalogs, which were written from a reading of the same docs but are checked here by what the
// docs print: (a) a sample request, given as input, builds exactly its wire fields — names,
// values, types, units, time formats; (b) a sample response normalizes into the operation's
// output fields with the declared types; (c) an error sample maps to an error code with the
// vendor's code and message. Where a sample contradicts its own doc (the fixture's note says so),
// the reading the catalog chose is printed, never hidden.
require('should');
const fs = require('node:fs');
const path = require('node:path');
const { prepare, normalize } = require('../dist/lib/operation');
const { allParams, findOperation } = require('../dist/lib/catalog');
const { tuyaCatalog } = require('../dist/lib/vendors/tuya/catalog');
const { hotelCatalog } = require('../dist/lib/vendors/hotel/catalog');
const { aliyunCatalog } = require('../dist/lib/vendors/aliyun/catalog');
const { interpretTuya } = require('../dist/lib/vendors/tuya/client');
const { interpretHotel } = require('../dist/lib/vendors/hotel/client');
const { interpretAliyun } = require('../dist/lib/vendors/aliyun/client');
/** A time as the package outputs it: ISO 8601 in the config's zone, with its offset (lib/time.ts formatIso). */
const ISO_OUT = /T\d\d:\d\d:\d\d(\.\d{3})?[+-]\d\d:\d\d$/;

const DIR = path.join(__dirname, 'fixtures/doc-samples');
const CTX = { timeZone: 'Asia/Shanghai' };

/** Per doc: its catalog, how a sample names its operation, where its wire fields are, what the transport adds. */
const DOCS = {
  'tuya-smart-lock-actions.json': {
    catalog: tuyaCatalog,
    interpret: interpretTuya,
    ops: (s) => [findOperation(tuyaCatalog, s.operation)].filter(Boolean),
    wire: (s) => s.body?.params ?? s.body ?? {},
    // The node fetches a password ticket and encrypts the PIN itself: the sample shows the result.
    added: (op) => (op.ticket ? ['ticket_id', 'password_type', ...(op.ticket === 'encrypt' ? ['password'] : [])] : []),
  },
  'tuya-osaas-card-issue-api.json': {
    catalog: tuyaCatalog,
    interpret: interpretTuya,
    ops: (s) => tuyaCatalog.operations.filter((op) => `${op.method} ${op.path}` === s.operation),
    wire: (s, op) => ({ ...pathValues(op.path, s.path), ...(s.body ?? {}) }),
    added: () => ['project_id'], // from the configuration
  },
  'hotel-lock-platform-webapi.zh.json': {
    catalog: hotelCatalog,
    interpret: interpretHotel,
    ops: (s) => [findOperation(hotelCatalog, s.operation)].filter(Boolean),
    wire: (s) => s.form ?? {},
    form: true,
    added: () => ['appid', 'appsecret'],
  },
  'aliyun-iot-lock-service.zh.json': {
    catalog: aliyunCatalog,
    interpret: interpretAliyun,
    ops: (s) => [findOperation(aliyunCatalog, s.operation)].filter(Boolean),
    wire: (s) => s.body?.params ?? s.body ?? {},
    added: () => [],
  },
  'aliyun-iot-entrance-qrcode-card-service.zh.json': {
    catalog: aliyunCatalog,
    interpret: interpretAliyun,
    ops: (s) => [findOperation(aliyunCatalog, s.operation)].filter(Boolean),
    wire: (s) => s.body?.params ?? s.body ?? {},
    added: () => [],
  },
};

/** The values a sample URL puts in a path template's {placeholders}. */
function pathValues(template, url) {
  if (!url) return {};
  const names = [];
  const re = new RegExp(`^${template.replace(/\{(\w+)\}/g, (_, n) => (names.push(n), '([^/]+)'))}$`);
  const m = re.exec(url);
  return m ? Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) : {};
}

const isEmptyValue = (v) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
/** A valid value of a parameter's type, for a field a sample leaves out. */
function standIn(p) {
  if (p.values) return Object.keys(p.values)[0];
  return (
    {
      image: '/9j/4A==',
      integer: p.min ?? 1,
      time: Date.UTC(2026, 0, p.name === 'validUntil' ? 2 : 1),
      boolean: true,
      digits: '1234567'.slice(0, p.maxLength ?? 7),
      json: {},
      list: p.item ? [] : ['x1'],
    }[p.type] ?? 'x1'
  );
}

const mentions = (sample, ...names) => names.some((n) => n && new RegExp(`\\b${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(sample.note ?? ''));
const masked = (v) => typeof v === 'string' && v.includes('*');

/** Compares a built wire value with a sample's: the same, or the same text where the doc contradicts itself. */
function compare(built, printed, sample, field, report, asText = false) {
  if (JSON.stringify(built) === JSON.stringify(printed)) return true;
  // A path segment or a form field is text whatever the sample's JSON type.
  if (asText && String(built) === String(printed).trim()) return true;
  if (built === undefined && mentions(sample, field.split('.').pop())) {
    report.push(`${field}: printed by the sample under a name its table does not use; not sent`);
    return true;
  }
  if (printed === '' && mentions(sample, field)) {
    report.push(`${field}: the sample leaves it empty; the catalog sends ${JSON.stringify(built)}`);
    return true;
  }
  if (masked(printed) || masked(built)) return true; // masked in the doc: nothing to compare
  if (Array.isArray(printed) && Array.isArray(built) && printed.length === built.length) {
    return printed.every((p, i) => compare(built[i], p, sample, `${field}[${i}]`, report));
  }
  if (printed && typeof printed === 'object' && built && typeof built === 'object') {
    return Object.keys(printed).every((k) => compare(built[k], printed[k], sample, `${field}.${k}`, report));
  }
  const sameText = String(built).trim() === String(printed).trim() || (typeof built === 'number' && Number(printed) === built);
  if (
    sameText &&
    mentions(
      sample,
      field.split(/[.[]/)[0],
      field
        .split('.')
        .pop()
        .replace(/\[\d+\]$/, ''),
    )
  ) {
    report.push(`${field}: the sample prints ${JSON.stringify(printed)}, its table another type; sent as ${JSON.stringify(built)}`);
    return true;
  }
  return false;
}

/** (a) The sample request as input builds its own wire fields. Returns the prepared call. */
function checkRequest(doc, op, sample, report) {
  const spec = DOCS[doc];
  const added = new Set(spec.added(op));
  const printed = Object.fromEntries(Object.entries(spec.wire(sample, op)).filter(([k]) => !added.has(k)));
  const input = { ...printed };
  // A PIN the node encrypts itself: the sample prints the cipher, the input is the plain PIN.
  for (const p of op.params) if (added.has(p.wire) && p.required && p.type === 'digits') input[p.name] = '1234567'.slice(0, p.maxLength ?? 7);
  let call;
  for (let tries = 0; !call; tries++) {
    try {
      call = prepare(spec.catalog, op, input, CTX);
    } catch (e) {
      const named = [e.params?.name, e.params?.later, e.params?.earlier, ...(e.params?.names ?? '').split(' or ')]
        .filter(Boolean)
        .map((n) => n.split('.').pop().replace(/\[.*$/, ''));
      const bad = allParams(op).find((p) => named.includes(p.name) && mentions(sample, p.wire, p.name));
      if (e.code !== 'VALIDATION' || !bad || tries > 5) throw new Error(`${op.name}: the sample request is refused: ${e.message}`);
      const list = op.params.find((p) => p.item?.includes(bad));
      const elements = list && Array.isArray(input[list.wire]) ? input[list.wire] : undefined;
      if (elements && bad.wire in input) {
        // The sample puts an entry's field once at the top level (the note says so): sent in each entry.
        report.push(`${bad.wire}: the sample puts it at the top level, the table in each ${list.wire} entry; sent in each entry`);
        input[list.wire] = elements.map((el) => ({ ...el, [bad.wire]: input[bad.wire] }));
        delete input[bad.wire];
        delete printed[bad.wire];
      } else if (elements) {
        report.push(`${list.wire}[].${bad.wire}: required by the doc's table, absent from its sample's entries; a stand-in was used`);
        input[list.wire] = elements.map((el) => ({ ...el, [bad.wire]: standIn(bad) }));
      } else if (bad.wire in input && !isEmptyValue(input[bad.wire])) {
        // A value the doc's own table rules out (the fixture's note names it): left out, said so.
        report.push(`${bad.wire}: the sample's ${JSON.stringify(input[bad.wire])} breaks its own table; the table's reading is enforced`);
        delete input[bad.wire];
        delete printed[bad.wire];
      } else {
        // Required by the table, absent from the sample (the note says so): a stand-in value.
        report.push(`${bad.wire}: required by the doc's table, absent from its sample; a stand-in was used`);
        input[bad.name] = standIn(bad);
        delete printed[bad.wire];
      }
    }
  }
  for (const [field, value] of Object.entries(printed)) {
    const declared = allParams(op).find((p) => p.wire === field);
    if (value === '' && (mentions(sample, field) || (declared && !declared.required))) {
      report.push(`${field}: the sample leaves it empty (not set)`);
      continue;
    }
    if (op.fixed && field in op.fixed) {
      if (JSON.stringify(op.fixed[field]) !== JSON.stringify(value) && mentions(sample, field)) {
        report.push(
          `${field}: the doc lists no values; the sample's ${JSON.stringify(value)} is one reading, the catalog sends ${JSON.stringify(op.fixed[field])} here`,
        );
        continue;
      }
      if (!compare(op.fixed[field], value, sample, field, report))
        throw new Error(`${op.name}: "${field}" is fixed as ${JSON.stringify(op.fixed[field])}, the sample prints ${JSON.stringify(value)}`);
      continue;
    }
    const named = allParams(op).find((p) => p.wire !== field && p.aliases?.includes(field));
    if (named) {
      const list = op.params.find((p) => p.item?.includes(named));
      const built = list ? call.wire[list.wire]?.[0]?.[named.wire] : call.wire[named.wire];
      report.push(`${field}: the doc's action field, sent as ${list ? `${list.wire}[].` : ''}${named.wire} on the REST path`);
      if (!compare(built, value, sample, field, report))
        throw new Error(`${op.name}: "${field}" is built as ${JSON.stringify(built)}, the sample prints ${JSON.stringify(value)}`);
      continue;
    }
    const param = allParams(op).find((p) => p.wire === field);
    if (!param) {
      if (mentions(sample, field)) {
        report.push(`${field}: in the sample, not in the doc's table; not sent`);
        continue;
      }
      throw new Error(`${op.name}: the sample sends "${field}", which the catalog does not know`);
    }
    if (param.in === 'none') continue;
    if (!(field in call.wire) && op.params.includes(param)) throw new Error(`${op.name}: "${field}" is not built from the sample's input`);
    const built = op.params.includes(param) ? call.wire[field] : undefined;
    if (built !== undefined && !compare(built, value, sample, field, report, param.in === 'path' || spec.form)) {
      throw new Error(`${op.name}: "${field}" is built as ${JSON.stringify(built)}, the sample prints ${JSON.stringify(value)}`);
    }
  }
  return call;
}

/** (b) The sample response normalizes: every documented field it carries comes out, typed. */
function checkResponse(doc, op, sample, call, report) {
  const spec = DOCS[doc];
  // Some samples print only the result (the note says so): put back the envelope the doc's table describes.
  const printed = sample.body;
  const bare = Array.isArray(printed) || (spec.catalog.vendor === 'tuya' ? printed.success === undefined : printed.code === undefined);
  if (bare) report.push('the sample response prints the result alone, without the envelope');
  const wrapped = !bare ? printed : spec.catalog.vendor === 'tuya' ? { success: true, result: printed } : { code: 200, data: printed };
  let body;
  try {
    body = spec.interpret({ data: JSON.stringify(wrapped), status: 200, headers: {} });
  } catch (e) {
    // A success sample whose envelope the note calls wrong (e.g. values swapped) reads as a failure.
    if (!mentions(sample, 'success')) throw e;
    report.push(`the sample's envelope is not a success as printed (${e.message}); the doc's table is followed`);
    return undefined;
  }
  const out = normalize(spec.catalog, call ?? { operation: op, wire: {}, values: {} }, body, CTX);
  out.should.be.an.Object();
  const at = (v, p) => p.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), v);
  const first = (v, from) =>
    from
      .split('|')
      .map((p) => at(v, p))
      .find((x) => x !== undefined);
  for (const [name, source] of Object.entries(op.result.fields ?? {})) {
    const { from, type } = typeof source === 'string' ? { from: source } : source;
    if (from.startsWith('$') || first(body, from) === undefined) continue;
    if (out[name] === undefined) throw new Error(`${op.name}: ${name} (${from}) is in the sample but not in the output`);
    if (type === 'time' && out[name] !== null && !ISO_OUT.test(String(out[name])))
      report.push(`${name}: ${JSON.stringify(first(body, from))} is not a readable time; kept raw`);
    if (type === 'number' && typeof out[name] !== 'number') throw new Error(`${op.name}: ${name} is not a number`);
  }
  const list = op.result.list;
  if (list) {
    const items = first(body, list.from);
    if (!Array.isArray(items)) {
      if (!mentions(sample, ...list.from.split('|').flatMap((p) => p.split('.'))))
        throw new Error(`${op.name}: no list at ${list.from} in the sample response`);
      report.push(`${list.from}: the sample has no list there (its note says why)`);
    } else {
      out[list.as].length.should.equal(items.length, `${op.name}: ${list.as}`);
      for (const [name, source] of Object.entries(list.item)) {
        const { from, type } = typeof source === 'string' ? { from: source } : source;
        const raw = items[0] === undefined ? undefined : first(items[0], from);
        if (raw === undefined || from.startsWith('$')) continue;
        if (out[list.as][0][name] === undefined) throw new Error(`${op.name}: ${list.as}[0].${name} (${from}) is in the sample but not in the output`);
        // read as a time: ISO 8601 in the config's zone, with its offset (lib/time.ts formatIso)
        if (type === 'time' && !ISO_OUT.test(String(out[list.as][0][name]))) throw new Error(`${op.name}: ${list.as}[0].${name} is not read as a time`);
      }
    }
  }
  return out;
}

/** (c) An error sample is a LockError carrying the vendor's code and message. */
function checkError(doc, op, sample) {
  let err;
  try {
    DOCS[doc].interpret({ data: JSON.stringify(sample.body), status: 200, headers: {} });
  } catch (e) {
    err = e;
  }
  if (!err || err.name !== 'LockError') throw new Error(`${op.name}: the error sample is not an error`);
  ['VENDOR', 'AUTH', 'RATE_LIMIT'].should.containEql(err.code);
  err.vendorCode.should.equal(sample.body.code);
}

describe("the docs' own samples (doc conformance)", () => {
  const results = new Map(); // operation → {ok, doc, notes}
  after(() => {
    const ops = [...results.values()];
    console.log(`\n      doc conformance: ${ops.filter((r) => r.ok).length}/${ops.length} operations`);
    for (const r of ops.filter((x) => x.notes.length)) console.log(`        ${r.name}: ${[...new Set(r.notes)].join('; ')}`);
    for (const r of ops.filter((x) => !x.ok)) console.log(`        FAILS ${r.name}: ${r.error}`);
  });

  for (const doc of Object.keys(DOCS)) {
    const { samples } = JSON.parse(fs.readFileSync(path.join(DIR, doc), 'utf8'));
    const byOp = new Map();
    for (const s of samples) for (const op of DOCS[doc].ops(s)) byOp.set(op, [...(byOp.get(op) ?? []), s]);

    it(`${doc}: every sample names an operation of the catalog`, () => {
      for (const s of samples) DOCS[doc].ops(s).length.should.be.above(0, `${s.operation} (line ${s.line})`);
    });

    for (const [op, list] of byOp) {
      it(`${doc} › ${op.name}: ${list.map((s) => s.kind).join(', ')}`, () => {
        const r = { name: `${DOCS[doc].catalog.vendor} ${op.name}`, ok: false, notes: [] };
        results.set(r.name, r);
        try {
          let call;
          for (const s of list.filter((x) => x.kind === 'request')) call = checkRequest(doc, op, s, r.notes);
          for (const s of list.filter((x) => x.kind === 'response' && x.body)) checkResponse(doc, op, s, call, r.notes);
          for (const s of list.filter((x) => x.kind === 'error')) checkError(doc, op, s);
          r.ok = true;
        } catch (e) {
          r.error = String(e.message).split('\n')[0];
          throw e;
        }
      });
    }
  }

  it('covers at least 80 operations, every one of them passing', () => {
    const ops = [...results.values()];
    ops.length.should.be.aboveOrEqual(80);
    ops
      .filter((r) => !r.ok)
      .map((r) => r.name)
      .should.eql([]);
  });
});

describe("the other reading of a contradictory doc, through the config's overrides", () => {
  const { withOverrides } = require('../dist/lib/catalog');
  const sample = (doc, operation) =>
    JSON.parse(fs.readFileSync(path.join(DIR, doc), 'utf8')).samples.find((s) => s.operation === operation && s.kind === 'request');

  it('Alibaba passwd/modify: the sample\'s expiryDate and "030" instead of the table\'s expiredDate and Integer', () => {
    const catalog = withOverrides(aliyunCatalog, { '/entrance/paas/perm/passwd/modify': { wire: { validUntil: 'expiryDate' }, types: { slot: 'digits' } } });
    const op = findOperation(catalog, '/entrance/paas/perm/passwd/modify');
    const { identityId, passwords } = sample('aliyun-iot-entrance-qrcode-card-service.zh.json', op.name).body;
    // The entry's identityId stays in each entry (the table's placement); the rest as printed.
    const call = prepare(catalog, op, { passwords: passwords.map((p) => ({ ...p, identityId })) }, CTX);
    call.wire.passwords[0].should.eql({ ...passwords[0], identityId });
  });

  it("Alibaba event history: the table's iotid instead of the sample's iotId", () => {
    const catalog = withOverrides(aliyunCatalog, { '/lock/event/history/query': { wire: { deviceId: 'iotid' } } });
    const op = findOperation(catalog, '/lock/event/history/query');
    const call = prepare(catalog, op, { deviceId: 'dev-1', since: 1_700_000_000_000, until: 1_700_000_600_000 }, CTX);
    call.wire.should.have.property('iotid', 'dev-1');
    call.wire.should.not.have.property('iotId');
  });

  it("Tuya operateRecords: the table's Integer logCategories instead of the sample's string", () => {
    const catalog = withOverrides(tuyaCatalog, { 'doorLock.operateRecords': { types: { categories: 'integer' } } });
    const op = findOperation(catalog, 'doorLock.operateRecords');
    prepare(catalog, op, { deviceId: 'd1', categories: '3' }, CTX).wire.logCategories.should.equal(3);
    (() => prepare(catalog, op, { deviceId: 'd1', categories: 'unlock_record' }, CTX)).should.throw({ code: 'VALIDATION' });
    (() => withOverrides(tuyaCatalog, { 'doorLock.operateRecords': { types: { categories: 'json' } } })).should.throw(/must be string, id, integer or digits/);
  });
});
