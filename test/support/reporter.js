'use strict';
// mocha's spec reporter, closed by the reliability summary table and the plain
// "N passed, N failed" line CI reads.
const Mocha = require('mocha');
const summary = require('./summary');
const nodeRed = require('../../scripts/node-red');

/** Which target this run is: CI runs the suite on Node 20 + Node-RED 4.1 and Node 22 + Node-RED 5. */
const target = () => `Node ${process.version}, Node-RED ${nodeRed.load('node-red/package.json').version}`;

class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_BEGIN, () => console.log(`\nsuite on ${target()}`));
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const table = summary.table();
      if (table) console.log(`\nReliability and security (fault run, fuzz, secrets, hostile servers, events):\n${table}\n`);
      const s = runner.stats;
      console.log(`${target()}:`);
      console.log(`${s.passes} passed, ${s.failures} failed${s.pending ? `, ${s.pending} skipped` : ''}`);
    });
  }
}

module.exports = SpecWithSummary;
