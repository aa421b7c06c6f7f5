'use strict';
// Which Node-RED the demo, the tests and the benchmarks run: the devDependency (4.1.x), or the
// one installed under the folder SMARTLOCK_NODE_RED names (CI's Node-RED 5 target, .ci/run).
const dir = process.env.SMARTLOCK_NODE_RED;

/** Resolves a module of that Node-RED (node-red/red.js, @node-red/util, …). */
function resolve(request) {
  return dir ? require.resolve(request, { paths: [dir] }) : require.resolve(request);
}

module.exports = { resolve, load: (request) => require(resolve(request)) };
