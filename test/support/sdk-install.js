'use strict';
// The made-up lock system (test/fixtures/fake-vendor) installed as a user's Node-RED has it: a
// package of its own in node_modules beside this one, which it requires by name. A temporary
// directory, since a package inside this checkout would resolve to the checkout itself.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '../..');
const FIXTURE = path.join(root, 'test/fixtures/fake-vendor');
const NAME = '@lockflow/node-red-smartlock';

/** This package's built files as npm installs them (package.json and dist/), its dependencies linked from this checkout. */
function copyPackage(into) {
  fs.mkdirSync(into, { recursive: true });
  fs.copyFileSync(path.join(root, 'package.json'), path.join(into, 'package.json'));
  fs.cpSync(path.join(root, 'dist'), path.join(into, 'dist'), { recursive: true });
  const modules = path.join(into, 'node_modules');
  fs.mkdirSync(modules);
  for (const dep of Object.keys(require('../../package.json').dependencies))
    fs.symlinkSync(path.join(root, 'node_modules', dep), path.join(modules, dep), 'dir');
}

/**
 * `node_modules/smartlock-fakelock` with this package beside it (a link to this checkout: one copy
 * with the nodes the tests load), or with `nested`, a second copy of this package inside the fake
 * one's own node_modules, as npm nests a copy of another version.
 */
function installFake({ nested = false } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smartlock-sdk-'));
  const modules = path.join(dir, 'node_modules');
  const fake = path.join(modules, 'smartlock-fakelock');
  fs.cpSync(FIXTURE, fake, { recursive: true });
  const beside = path.join(modules, NAME);
  fs.mkdirSync(path.dirname(beside), { recursive: true });
  fs.symlinkSync(root, beside, 'dir');
  if (nested) copyPackage(path.join(fake, 'node_modules', NAME));
  return { dir, fake, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

module.exports = { installFake, FIXTURE, root };
