'use strict';
// Node-RED's scorecard (`node-red-dev validate`), offline: its flow-library catalogue request is
// answered by test/support/offline-catalogue.js, so every other check runs here and in CI. Its
// report is printed into the test log; every check passes except P03 (no public repository or
// bugs URL yet: it stays a warning until there is one).
require('should');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFile } = require('node:child_process');

const ROOT = path.join(__dirname, '..');
const ALLOWED_TO_FAIL = new Set(['P03']);

describe('Node-RED scorecard (node-red-dev validate)', function () {
  this.timeout(180_000);

  it('passes every check it can run offline', async () => {
    const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'smartlock-scorecard-')), 'scorecard.json');
    const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(__dirname, 'support/offline-catalogue.js')}`.trim() };
    const output = await new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        [require.resolve('node-red-dev/bin/run'), 'validate', '-p', ROOT, '-o', report],
        { cwd: ROOT, env, timeout: 150_000 },
        (err, stdout, stderr) => {
          if (err && !fs.existsSync(report)) reject(new Error(`${err.message}\n${stdout}\n${stderr}`));
          else resolve(`${stdout}${stderr}`);
        },
      );
    });
    console.log(output.replace(/^/gm, '      '));
    const scorecard = JSON.parse(fs.readFileSync(report, 'utf8'));
    const checks = Object.entries(scorecard).filter(([k, v]) => /^[A-Z]\d\d$/.test(k) && v && typeof v === 'object' && 'test' in v);
    checks.length.should.be.above(5);
    const failed = checks.filter(([k, v]) => v.test !== true && !ALLOWED_TO_FAIL.has(k)).map(([k]) => k);
    failed.should.eql([], `failed: ${failed.join(', ')}\n${output}`);
    output.should.match(/Complete/);
  });
});
