'use strict';
// A Redis of the test's own: Debian's redis-server on an ephemeral 127.0.0.1 port, nothing saved to disk, started
// and killed by the test (never a system service). Missing: the caller skips, except in CI where it must be there.
const fs = require('node:fs');
const os = require('node:os');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { until } = require('./wait');

const REDIS_SERVER = '/usr/bin/redis-server';

/** In a before(): skips the suite where redis-server is missing, or fails it in CI (CI installs it: .ci/run). */
function needRedis(ctx) {
  if (fs.existsSync(REDIS_SERVER)) return true;
  if (process.env.CI) throw new Error(`redis-server is required in CI (apt-get install redis-server): ${REDIS_SERVER} is missing`);
  ctx.skip();
  return false;
}

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** One PING over a plain socket: true once the server answers +PONG. */
const pong = (port) =>
  new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let got = '';
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      got += d;
      // A server that asks for a password is up too.
      if (got.includes('\r\n')) done(got.startsWith('+PONG') || got.startsWith('-NOAUTH'));
    });
  });

/**
 * Starts redis-server; `extra` are more of its arguments (e.g. cluster mode). Returns its port and URL,
 * `stop()` (SIGKILL: as if the host died) and `start()` again on the same port.
 */
async function startRedis(extra = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smartlock-redis-'));
  const port = await freePort();
  let child;
  const server = {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    dir,
    async start() {
      const log = fs.openSync(path.join(dir, 'server.log'), 'a');
      child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra], {
        stdio: ['ignore', log, log],
      });
      fs.closeSync(log);
      const exited = new Promise((r) => child.once('exit', () => r(true)));
      try {
        await until(async () => (await Promise.race([exited, pong(port)])) || child.exitCode !== null, `redis-server on port ${port} to answer PING`, 15_000);
      } catch (err) {
        // Not left running behind a failed test.
        child.kill('SIGKILL');
        throw err;
      }
      if (child.exitCode !== null)
        throw new Error(`redis-server exited (${child.exitCode}): ${fs.readFileSync(path.join(dir, 'server.log'), 'utf8').slice(-2000)}`);
    },
    async stop() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
    async remove() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

module.exports = { needRedis, startRedis, freePort, REDIS_SERVER };
