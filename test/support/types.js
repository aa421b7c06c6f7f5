'use strict';
// The Node-RED types this package registers: each node set's own, and for the systems' set the
// config node of every built-in lock system.
const pkg = require('../../package.json');
const { vendorModules } = require('../../dist/lib/vendors');

const SYSTEMS = 'smartlock-systems';

/** Every type, by the node set that registers it. */
function typesBySet() {
  return Object.fromEntries(Object.keys(pkg['node-red'].nodes).map((set) => [set, set === SYSTEMS ? vendorModules().map((v) => v.config.type) : [set]]));
}

const allTypes = () => Object.values(typesBySet()).flat();

module.exports = { SYSTEMS, typesBySet, allTypes };
