'use strict';
// The reliability and security figures of one `npm test` run, gathered from the fault run, the
// fuzz run and the secrets check, and printed by the reporter as one table (quoted in README).
const totals = {
  faults: 0,
  msgs: 0,
  outputs: 0,
  errors: 0,
  duplicates: 0,
  secretsFound: 0,
  fuzzCases: 0,
  crashes: 0,
  unsettled: 0,
  wedged: 0,
  eventsLost: 0,
};
const parts = new Set();

/** Adds a suite's counts (any subset of `totals`' keys). */
function add(part, counts) {
  parts.add(part);
  for (const [k, v] of Object.entries(counts)) totals[k] += v;
}

/** Counts unhandled rejections and uncaught exceptions while `fn` runs. */
async function watchCrashes(fn) {
  let crashes = 0;
  const count = () => crashes++;
  process.on('unhandledRejection', count);
  process.on('uncaughtExceptionMonitor', count);
  try {
    return await fn();
  } finally {
    process.removeListener('unhandledRejection', count);
    process.removeListener('uncaughtExceptionMonitor', count);
    add('crashes', { crashes });
  }
}

function table() {
  if (!['faults', 'fuzz', 'secrets', 'hostile', 'events'].every((p) => parts.has(p))) return '';
  const t = totals;
  return [
    '| faults injected | msgs sent | outputs | errors | duplicates of non-idempotent ops | secrets found | fuzz cases | crashes | calls unsettled after their deadline | wedged configs | events lost |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    `| ${t.faults} | ${t.msgs} | ${t.outputs} | ${t.errors} | ${t.duplicates} | ${t.secretsFound} | ${t.fuzzCases} | ${t.crashes} | ${t.unsettled} | ${t.wedged} | ${t.eventsLost} |`,
  ].join('\n');
}

module.exports = { add, watchCrashes, table, totals };
