'use strict';
// Waiting in tests for something another process or socket does: a condition polled, never a sleep that hopes.
const wait = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves once `cond()` (sync or async) holds; fails naming `what` after `ms`. */
async function until(cond, what, ms = 20_000) {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await wait(10);
  }
}

module.exports = { wait, until };
