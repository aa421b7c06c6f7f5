'use strict';
// 5. Load time: Node-RED from spawn to "Started flows", with and without this package in its
// userDir, alternating runs; the median difference is what installing the package adds.
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { makeUserDir, report } = require('./support');

const RUNS = Number(process.env.BENCH_RUNS || 7);

function userDir(withPackage) {
  const dir = makeUserDir({ withPackage });
  fs.writeFileSync(
    path.join(dir, 'settings.js'),
    `module.exports = ${JSON.stringify({
      uiHost: '127.0.0.1',
      uiPort: 0,
      flowFile: 'flows.json',
      credentialSecret: false,
      logging: { console: { level: 'info', metrics: false, audit: false } },
      telemetry: { enabled: false, updateNotification: false },
      diagnostics: { enabled: false, ui: false },
      editorTheme: { tours: false, projects: { enabled: false }, palette: { catalogues: [] } },
    })};\n`,
  );
  return dir;
}

/** ms from spawn until Node-RED logs that the flows started. */
function startOnce(dir) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const red = spawn(
      process.execPath,
      [require('../scripts/node-red').resolve('node-red/red.js'), '--userDir', dir, '--settings', path.join(dir, 'settings.js')],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let ms;
    red.stdout.on('data', (d) => {
      out += d;
      if (ms === undefined && out.includes('Started flows')) {
        ms = performance.now() - t0;
        red.kill('SIGINT');
      }
    });
    red.once('exit', (code) => (ms === undefined ? reject(new Error(`Node-RED exited (${code}) before starting flows:\n${out}`)) : resolve(ms)));
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const dirs = { without: userDir(false), with: userDir(true) };
  const times = { without: [], with: [] };
  await startOnce(dirs.with); // warm the file cache for both
  await startOnce(dirs.without);
  for (let i = 0; i < RUNS; i++) {
    times.without.push(await startOnce(dirs.without));
    times.with.push(await startOnce(dirs.with));
  }
  for (const d of Object.values(dirs)) fs.rmSync(d, { recursive: true, force: true });
  const added = median(times.with) - median(times.without);
  report({
    id: 'load-time',
    title: 'Load time Node-RED adds with this package installed',
    ratio: added,
    unit: 'ms',
    target: '≤ 150 ms',
    pass: added <= 150,
    detail: `median start ${Math.round(median(times.without))} → ${Math.round(median(times.with))} ms over ${RUNS} runs each`,
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
