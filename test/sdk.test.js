'use strict';
// The public SDK entry (`@lockflow/node-red-smartlock/sdk`) as an author outside the package uses
// it: the names semver covers, the check of a module, errors that keep their identity across two
// installed copies, and the declared contracts (the events poll, computed result fields, event
// code tables, hidden transport settings).
require('should');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { createRequire } = require('node:module');
const { helper, loadFlow, send, pollEvents } = require('./support/flow');
const { installFake, root } = require('./support/sdk-install');
const { unregisterVendor } = require('../dist/lib/vendors');
const { LockError: OwnLockError, isLockError: ownIsLockError } = require('../dist/lib/errors');

const KEY = 'fake-key-0001';

// Semver applies to these: removing one (or renaming it) is a breaking change and fails here;
// adding a name is fine. Values are checked at run time, types by the type check below.
const VALUES = [
  'defineVendor',
  'registerVendor',
  'vendorProblems',
  'withOverrides',
  'findOperation',
  'fromDoc',
  'FAMILIES',
  'LockClient',
  'LockError',
  'isLockError',
  'asLockError',
  'ERROR_CODES',
  'HttpTransport',
  'TRANSPORT_DEFAULTS',
  'TRANSPORT_LIMITS',
  'httpError',
  'networkError',
  'parseJsonBody',
  'shouldRetry',
  'TokenKeeper',
  'TOKEN_LIFETIME',
  'lifetimeMs',
  'restRequest',
  'encodedQuery',
  'pathSegment',
  'text',
  'transportOptions',
  'overridesFrom',
  'timeZoneOf',
  'baseUrlOf',
  'eventsUrlOf',
  'regionRows',
  'warnIfPlainHttp',
  'textsIn',
  'EVENT_KINDS',
  'formatIso',
];
const TYPES = [
  'VendorModule',
  'SavedConfig',
  'FormRow',
  'ConfigDefinition',
  'TransportField',
  'VendorTexts',
  'EventMapping',
  'EventCodes',
  'Catalog',
  'Operation',
  'Param',
  'ParamType',
  'Rule',
  'ResultSource',
  'ResultSpec',
  'Family',
  'OperationOverride',
  'VendorOptions',
  'PreparedCall',
  'WireParams',
  'WireValue',
  'TimeContext',
  'VendorTransport',
  'CallContext',
  'CallResult',
  'ErrorCode',
  'LockErrorDetails',
  'TransportOptions',
  'OutgoingRequest',
  'RawResponse',
  'AccessToken',
  'TokenLifetimeLimits',
  'RestRequest',
  'LockEvent',
  'EventKind',
  'PushTransport',
  'PushHandlers',
  'PushMessage',
  'CallbackServer',
];

/** A require from inside the fake system's package (from here, Node would resolve the package name to this checkout itself). */
const requireFrom = (dir) => createRequire(path.join(dir, 'index.js'));

/** Runs the TypeScript compiler of the devDependencies on a project; its output when it fails. */
function tsc(project) {
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project], { encoding: 'utf8' });
    return '';
  } catch (e) {
    return `${e.stdout}${e.stderr}`;
  }
}

describe('SDK entry', () => {
  let installed;
  before(() => (installed = installFake()));
  after(() => installed?.remove());

  it('exports every name of the list semver covers, by package name', () => {
    const sdk = requireFrom(installed.fake)('@lockflow/node-red-smartlock/sdk');
    VALUES.filter((name) => !(name in sdk)).should.eql([]);
    const dts = fs.readFileSync(path.join(root, 'dist/lib/sdk.d.ts'), 'utf8');
    TYPES.filter((name) => !new RegExp(`\\b${name}\\b`).test(dts)).should.eql([]);
  });

  it('package.json publishes it with its types first, for node16, bundler and node10 resolution', () => {
    const pkg = require('../package.json');
    for (const sub of ['.', './sdk', './simulators']) Object.keys(pkg.exports[sub]).should.eql(['types', 'default']);
    pkg.types.should.equal('dist/lib/index.d.ts');
    pkg.typesVersions['*'].sdk.should.eql(['dist/lib/sdk.d.ts']);
  });

  it('type-checks an outside system under moduleResolution node16 and bundler, and node10 through typesVersions', function () {
    this.timeout(120_000);
    // every type name by package name, from a CommonJS and an ES module importer
    const names = `import type { ${TYPES.join(', ')} } from '@lockflow/node-red-smartlock/sdk';\nexport type All = [${TYPES.join(', ')}];\n`;
    fs.writeFileSync(path.join(installed.fake, 'names.cts'), names);
    fs.writeFileSync(
      path.join(installed.fake, 'names.mts'),
      `${names}import { defineVendor } from '@lockflow/node-red-smartlock/sdk';\nexport const check = defineVendor;\n`,
    );
    fs.writeFileSync(
      path.join(installed.fake, 'main.ts'),
      `import type { VendorModule } from '@lockflow/node-red-smartlock';\nexport type M = VendorModule;\n`,
    );
    const base = {
      strict: true,
      noEmit: true,
      allowJs: true,
      checkJs: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [path.join(root, 'node_modules/@types')],
    };
    const configs = {
      node16: { module: 'node16', moduleResolution: 'node16' },
      bundler: { module: 'esnext', moduleResolution: 'bundler' },
      node10: { module: 'commonjs', moduleResolution: 'node10' },
    };
    const failures = {};
    for (const [name, options] of Object.entries(configs)) {
      const files = name === 'node10' ? ['index.js', 'names.cts', 'main.ts'] : ['index.js', 'names.cts', 'names.mts', 'main.ts'];
      const file = path.join(installed.fake, `tsconfig.${name}.json`);
      fs.writeFileSync(file, JSON.stringify({ compilerOptions: { ...base, ...options }, files }));
      const out = tsc(file);
      if (out) failures[name] = out;
    }
    failures.should.eql({});
  });

  it('defineVendor says everything a module lacks, at once', () => {
    const { defineVendor } = require('../dist/lib/sdk');
    const fake = require(installed.fake);
    defineVendor(fake).should.equal(fake);
    (() => defineVendor({ id: 'half' })).should.throw('cannot add this lock system: it has no catalog, config, timeZone, createClient, events, texts');
    const broken = {
      ...fake,
      id: 'Lock-2',
      createClient: 'no',
      catalog: { ...fake.catalog, operations: [{ name: 'Open', title: 'open' }] },
      config: { type: 'smartlock-x', form: [] },
      events: { method: [] },
      texts: { 'zh-CN': {} },
    };
    (() => defineVendor(broken)).should.throw(
      'cannot add this lock system: its id "Lock-2" is not lower-case letters and digits; createClient is not a function; catalog.vendor "fakelock" is not its id; ' +
        'catalog operation Open has no method, path, params, result, idempotent; config has no paletteLabel, labelFrom; events has no user, id list; texts has no en-US',
    );
  });
});

/**
 * Hooks for a describe block: the fake system installed beside this package (`nested`: with its
 * own second copy of it), its simulator started and the system named in Node-RED's settings.
 */
function useFakeSystem(options) {
  const fake = { installed: undefined, sim: undefined };
  before(async () => {
    fake.installed = installFake(options);
    const Simulator = await require(fake.installed.fake).simulator();
    fake.sim = new Simulator(KEY);
    await fake.sim.start();
    fake.sim.flowConfig = (extra, credentials) => ({
      vendor: 'fakelock',
      node: { id: 'cfg', type: 'smartlock-fakelock', url: fake.sim.url, ...extra },
      credentials: credentials ?? { key: KEY },
    });
    helper.settings({ smartlock: { vendors: [fake.installed.fake] } });
  });
  afterEach(() => helper.unload());
  after(async () => {
    helper.settings({});
    unregisterVendor('fakelock');
    await fake.sim?.stop();
    fake.installed?.remove();
  });
  return fake;
}

describe('errors across two installed copies of the package', () => {
  // The fake system in its own node_modules has a second copy of this package, as npm nests one
  // of another version; the nodes the flow runs are this checkout's.
  const fake = useFakeSystem({ nested: true });
  const nestedSdk = () => requireFrom(fake.installed.fake)('@lockflow/node-red-smartlock/sdk');
  before(() => requireFrom(fake.installed.fake).resolve('@lockflow/node-red-smartlock/sdk').should.startWith(fake.installed.fake));

  it('an error of one copy is a LockError to the other, by brand and code', () => {
    const other = nestedSdk();
    other.LockError.should.not.equal(OwnLockError);
    const err = new other.LockError('AUTH', 'refused', { vendorCode: 'X1' });
    ownIsLockError(err).should.be.true();
    (err instanceof OwnLockError).should.be.true();
    (new OwnLockError('VENDOR', 'x') instanceof other.LockError).should.be.true();
    // the brand alone is not enough: the code must be one of the contract's
    ownIsLockError(Object.assign(new Error('x'), { code: 'EPIPE', [Symbol.for('@lockflow/node-red-smartlock:LockError')]: true })).should.be.false();
    (new Error('x') instanceof OwnLockError).should.be.false();
  });

  it("reaches the Catch node through the other copy's nodes with its code and vendorCode", async () => {
    await loadFlow(fake.sim, [{ id: 'n-open', type: 'smartlock-remote-open', operation: 'open' }], {}, { key: 'wrong-key' });
    const refused = await send('n-open', { payload: { deviceId: 'front' } });
    refused.error.should.containDeep({ code: 'AUTH', vendorCode: 'BAD_KEY', message: 'FakeLock Cloud refused the API key' });
    JSON.stringify(refused.error).should.not.containEql('wrong-key');
  });

  it("the other copy's own validation errors keep theirs too: a missing field, a config it refuses", async () => {
    await loadFlow(fake.sim, [{ id: 'n-card', type: 'smartlock-card', operation: 'issue' }]);
    const missing = await send('n-card', { payload: { deviceId: 'front' } });
    missing.error.code.should.equal('VALIDATION');
    missing.error.message.should.match(/cardId/);
    await helper.unload();
    await loadFlow(fake.sim, [{ id: 'n-card', type: 'smartlock-card', operation: 'issue' }], { url: 'nowhere' });
    const unusable = await send('n-card', { payload: { deviceId: 'front', cardId: 'C-1', validUntil: '2030-01-01T00:00:00Z' } });
    unusable.error.should.containDeep({ code: 'VALIDATION', message: 'FakeLock Cloud needs the URL of its service' });
  });
});

describe('declared contracts: the events poll', () => {
  const fake = useFakeSystem();

  it('asks with the neutral deviceId, since, until, page and pageSize, and reads on while the total says there is more', async () => {
    await loadFlow(fake.sim, [{ id: 'n-events', type: 'smartlock-events', operation: 'query', devices: 'front', interval: 3600 }]);
    (await pollEvents('n-events')).should.eql([]);
    for (let i = 0; i < 60; i++) fake.sim.record('front', 1, `u${i}`);
    fake.sim.requests.length = 0;
    const events = await pollEvents('n-events');
    events.length.should.equal(60);
    const asked = fake.sim.requests.map((u) => new URL(u, 'http://x'));
    asked
      .map((u) => [u.pathname, u.searchParams.get('page'), u.searchParams.get('size')])
      .should.eql([
        ['/doors/front/log', '1', '50'],
        ['/doors/front/log', '2', '50'],
      ]);
    const [from, to] = [Number(asked[0].searchParams.get('from')), Number(asked[0].searchParams.get('to'))];
    (from * 1000).should.be.below(fake.sim.log[0].at);
    (to * 1000).should.be.above(Date.now());
  });
});
