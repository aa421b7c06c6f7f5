'use strict';
// Issue #29's crash test: a child Node-RED runs the stay node (a TTLock door and a Tuya door) while
// 200 stays pass through it — new ones, date changes, door changes, cancellations — and is killed
// with SIGKILL at seeded random points, then restarted on the same user directory (its store file
// kept). What got no answer is sent again, as an integrator's flow would. At the end, after a
// reconcile, the simulators must hold exactly the live stays' credentials: none missing, none
// doubled, none left behind. STAY_CRASH_SEED=<n> (and STAY_CRASH_RUNS=1) repeats a run's kill points.
const { mulberry32 } = require('./support/random');
require('should');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { startNodeRed } = require('../scripts/demo');
const { configFor, startTtlock, startTuya } = require('./support/flow');

const RUNS = Number(process.env.STAY_CRASH_RUNS ?? 20);
const SEED = Number(process.env.STAY_CRASH_SEED ?? Math.floor(Math.random() * 1e9));
const STAYS = 200;
/** New stays a batch: 13 batches bring them all, the changes ride along with them and after. */
const NEW_PER_BATCH = 16;
/** A kill lands this long (at most) after a seeded share of its batch has been answered: requests still in flight, however fast the machine. */
const KILL_WITHIN_MS = 10;
const TTLOCK_LOCK = 163379;
const TUYA_LOCK = 'lock-wifi-1';
const DAY = 86_400_000;
const HOUR = 3_600_000;

// Stays start a month from now (Tuya lists only codes still valid); midnight UTC, the doors' zone.
const FIRST_DAY = Math.floor(Date.now() / DAY) * DAY + 30 * DAY;
const date = (n) => new Date(FIRST_DAY + n * DAY).toISOString().slice(0, 10);

/** The doors as the dialog saves them; each one's window: the check-in/out times in UTC, widened by its buffer. */
const DOORS = {
  building: { lockId: String(TTLOCK_LOCK), config: 'tt', buffer: 30 },
  apartment: { lockId: TUYA_LOCK, config: 'tu', buffer: 0 },
};
const windowOf = (door, from, until) => ({
  from: FIRST_DAY + from * DAY + 15 * HOUR - DOORS[door].buffer * 60_000,
  until: FIRST_DAY + until * DAY + 11 * HOUR + DOORS[door].buffer * 60_000,
});

/**
 * The same workload every run: batches of stay msgs, a stay at most once a batch (a batch's
 * requests run at once) and its changes in later batches; and what each stay says last.
 */
function workload() {
  const rnd = mulberry32(29);
  const batches = [];
  const into = (b, msg) => (batches[b] ??= []).push(msg);
  const final = new Map();
  const pick = (r) => (r < 0.7 ? undefined : r < 0.85 ? ['building'] : ['apartment']);
  for (let n = 0; n < STAYS; n++) {
    const id = `S${String(n).padStart(3, '0')}`;
    let b = Math.floor(n / NEW_PER_BATCH);
    let from = Math.floor(rnd() * 60);
    let nights = 1 + Math.floor(rnd() * 6);
    let doors = pick(rnd());
    const msg = () => ({ id, guest: { name: `Guest ${n}` }, from: date(from), until: date(from + nights), ...(doors ? { doors } : {}) });
    into(b, msg());
    let last = { live: true, doors: doors ?? Object.keys(DOORS), from, until: from + nights };
    const changes = [];
    if (rnd() < 0.35) changes.push('dates');
    if (rnd() < 0.2) changes.push('doors');
    if (rnd() < 0.5) changes.reverse();
    if (rnd() < 0.3) changes.push('end');
    for (const change of changes) {
      b += 1 + Math.floor(rnd() * 3);
      if (change === 'end') {
        into(b, { id, status: rnd() < 0.6 ? 'cancelled' : 'checked-out' });
        last = { live: false, doors: [] };
        continue;
      }
      if (change === 'dates') {
        from += Math.floor(rnd() * 5) - 2;
        nights = 1 + Math.floor(rnd() * 6);
      } else {
        const other = pick(0.7 + rnd() * 0.3);
        doors = JSON.stringify(other) === JSON.stringify(doors) ? undefined : other;
      }
      into(b, msg());
      last = { live: true, doors: doors ?? Object.keys(DOORS), from, until: from + nights };
    }
    final.set(id, last);
  }
  return { batches: batches.filter(Boolean), final };
}

const WORK = workload();

function flows(tt, tu) {
  const doors = Object.entries(DOORS).map(([name, d]) => ({
    name,
    config: d.config,
    lockId: d.lockId,
    grant: 'code',
    checkIn: '15:00',
    checkOut: '11:00',
    buffer: d.buffer,
  }));
  return [
    { id: 'tab', type: 'tab', label: 'stays' },
    tt.node,
    tu.node,
    // One stay a request; its answer is the stay's outcome, or 500 with the node's error.
    { id: 'in', z: 'tab', type: 'http in', url: '/stay', method: 'post', wires: [['stay']] },
    { id: 'stay', z: 'tab', type: 'smartlock-stay', doors, reconcileHours: 6, wires: [['res'], []] },
    { id: 'res', z: 'tab', type: 'http response', wires: [] },
    { id: 'caught', z: 'tab', type: 'catch', scope: ['stay'], uncaught: false, wires: [['failed']] },
    {
      id: 'failed',
      z: 'tab',
      type: 'change',
      rules: [
        { t: 'set', p: 'statusCode', pt: 'msg', to: '500', tot: 'num' },
        { t: 'set', p: 'payload', pt: 'msg', to: 'error', tot: 'msg' },
      ],
      wires: [['res']],
    },
    // A reconcile sends nothing on output 1: its request is answered when the node is done with it.
    { id: 'ask', z: 'tab', type: 'http in', url: '/reconcile', method: 'post', wires: [['topic']] },
    { id: 'topic', z: 'tab', type: 'change', rules: [{ t: 'set', p: 'topic', pt: 'msg', to: 'reconcile', tot: 'str' }], wires: [['stay']] },
    { id: 'done', z: 'tab', type: 'complete', scope: ['stay'], uncaught: false, wires: [['reconciled']] },
    { id: 'reconciled', z: 'tab', type: 'switch', property: 'topic', rules: [{ t: 'eq', v: 'reconcile', vt: 'str' }], outputs: 1, wires: [['res']] },
  ];
}

/** POSTs JSON; resolves with the status, rejects when the connection dies (a kill) or no answer comes. */
function post(url, route, body) {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body ?? {});
    // A socket of its own (no keep-alive pool): a killed child's sockets touch no later request.
    const req = http.request(`${url}${route}`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(60_000, () => req.destroy(new Error(`POST ${route}: no answer within 60 s`)));
    req.end(data);
  });
}

/** Every credential each simulated lock holds: [door, {id, name, from, until}] (ms). */
function held(tt, tu) {
  const all = [];
  for (const p of tt.locks.get(TTLOCK_LOCK).passcodes.values()) {
    all.push(['building', { id: String(p.keyboardPwdId), name: p.keyboardPwdName, from: p.startDate, until: p.endDate }]);
  }
  for (const p of tu.devices.get(TUYA_LOCK).passwords.values()) {
    if (!p.deleted) all.push(['apartment', { id: String(p.password_id), name: p.name, from: p.effective_time * 1000, until: p.invalid_time * 1000 }]);
  }
  return all;
}

/** What is wrong at the simulators, one line each: missing, doubled, a wrong window, left behind, orphaned. */
function wrongs(tt, tu) {
  const found = new Map();
  for (const [door, c] of held(tt, tu)) {
    const m = /^stay:(.+)$/.exec(c.name ?? '');
    if (!m) continue;
    const key = `${m[1]} ${door}`;
    found.set(key, [...(found.get(key) ?? []), c]);
  }
  const out = [];
  for (const [id, want] of WORK.final) {
    for (const door of Object.keys(DOORS)) {
      const got = found.get(`${id} ${door}`) ?? [];
      found.delete(`${id} ${door}`);
      if (!want.live) {
        if (got.length) out.push(`${id} ${door}: ${got.length} left after the stay ended (${got.map((c) => c.id)})`);
      } else if (!want.doors.includes(door)) {
        if (got.length) out.push(`${id} ${door}: ${got.length} left after the door was taken off the stay (${got.map((c) => c.id)})`);
      } else if (got.length === 0) {
        out.push(`${id} ${door}: missing`);
      } else if (got.length > 1) {
        out.push(`${id} ${door}: doubled (${got.map((c) => c.id)})`);
      } else {
        const w = windowOf(door, want.from, want.until);
        if (got[0].from !== w.from || got[0].until !== w.until) {
          const iso = (ms) => new Date(ms).toISOString().slice(0, 16);
          out.push(`${id} ${door}: window ${iso(got[0].from)}–${iso(got[0].until)}, the stay's last is ${iso(w.from)}–${iso(w.until)}`);
        }
      }
    }
  }
  for (const [key, got] of found) out.push(`${key}: orphaned, no such stay (${got.map((c) => c.id)})`);
  return out;
}

/** One run: fresh simulators and user directory, the workload with its kills, a reconcile, the check. */
async function crashRun(seed) {
  const rnd = mulberry32(seed);
  // One or two kills, each in a batch (the same batch twice: its re-sending is killed too), once
  // some of its requests have been answered, after a delay.
  const kills = Array.from({ length: rnd() < 0.5 ? 1 : 2 }, () => ({
    batch: Math.floor(rnd() * WORK.batches.length),
    share: rnd(),
    delay: Math.floor(rnd() * KILL_WITHIN_MS),
  }));
  const tt = await startTtlock();
  tt.addLock({ lockId: TTLOCK_LOCK, lockAlias: 'Building door', lockName: 'B1', lockMac: 'C5:40:E0:9C:8C:C3', online: true });
  const tu = await startTuya();
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'smartlock-stay-crash-'));
  const a = configFor(tt, { id: 'tt', timeZone: 'UTC' });
  const b = configFor(tu, { id: 'tu', timeZone: 'UTC' });
  const start = () =>
    startNodeRed({ userDir, stdio: 'pipe', flows: flows(a, b), credentials: { tt: a.credentials, tu: b.credentials }, settings: { disableEditor: true } });
  const notes = [];
  let nr = await start();
  try {
    for (const [i, batch] of WORK.batches.entries()) {
      for (let tries = 0; ; tries++) {
        const kill = kills.find((k) => k.batch === i && !k.done);
        const answers = batch.map((stay) =>
          post(nr.url, '/stay', stay).then((r) => r.status === 200 || Promise.reject(new Error(`${stay.id}: ${r.status} ${r.text.slice(0, 200)}`))),
        );
        let killed = Promise.resolve();
        if (kill) {
          kill.done = true;
          const after = Math.floor(kill.share * 0.75 * batch.length);
          let settled = 0;
          killed = new Promise((resolve) => {
            const fire = () =>
              setTimeout(() => {
                notes.push(`batch ${i} after ${after}/${batch.length} answers +${kill.delay} ms: ${batch.length - settled}/${batch.length} in flight`);
                nr.red.kill('SIGKILL');
                resolve();
              }, kill.delay);
            if (after === 0) fire();
            for (const p of answers) p.finally(() => ++settled === after && fire()).catch(() => undefined);
          });
        }
        const results = await Promise.allSettled(answers);
        // A kill whose delay outlasts the batch still lands, between batches (a start-up reconcile may be running).
        await killed;
        if (kill) {
          await nr.stop('SIGKILL');
          nr = await start();
        }
        const failed = results.filter((r) => r.status === 'rejected');
        if (!failed.length) break;
        // Killed: whatever got no answer is sent again. Not killed: a refusal is a finding, said, and the batch sent again.
        if (!kill) notes.push(`batch ${i}: ${failed.map((r) => r.reason.message).join('; ')}`);
        if (tries >= 3) throw new Error(`batch ${i} never answered whole:\n${notes.join('\n')}`);
      }
    }
    (await post(nr.url, '/reconcile')).status.should.equal(200);
    return { wrong: wrongs(tt, tu), notes, kills: kills.length, inFlight: notes.filter((n) => /: [1-9]\d*\/\d+ in flight/.test(n)).length, userDir };
  } finally {
    await nr.stop('SIGKILL');
    await tt.stop();
    await tu.stop();
  }
}

describe('stays crash test: a Node-RED killed with SIGKILL mid-stays, restarted', function () {
  this.timeout(30 * 60_000);

  it(`${RUNS} runs of ${STAYS} stays with kills at random points: at the simulators, exactly the live stays' credentials`, async () => {
    const counts = WORK.batches.flat().reduce((n, s) => ((n[s.status ?? 'confirmed'] = (n[s.status ?? 'confirmed'] ?? 0) + 1), n), {});
    console.log(
      `      stay crash workload: ${WORK.batches.flat().length} msgs in ${WORK.batches.length} batches (${JSON.stringify(counts)}); seed ${SEED} (STAY_CRASH_SEED repeats)`,
    );
    let clean = 0;
    let kills = 0;
    let inFlight = 0;
    const started = Date.now();
    for (let r = 0; r < RUNS; r++) {
      const result = await crashRun(SEED + r);
      kills += result.kills;
      inFlight += result.inFlight;
      if (!result.wrong.length) {
        clean++;
        fs.rmSync(result.userDir, { recursive: true, force: true });
        continue;
      }
      console.log(`      run ${r} (STAY_CRASH_SEED=${SEED + r} STAY_CRASH_RUNS=1), user dir ${result.userDir}: ${result.notes.join('; ')}`);
      for (const w of result.wrong.slice(0, 20)) console.log(`        ${w}`);
      if (result.wrong.length > 20) console.log(`        … ${result.wrong.length - 20} more`);
    }
    console.log(
      `      stay crash runs: ${clean}/${RUNS} clean (kills: ${kills}, ${inFlight} with requests in flight; ${Math.round((Date.now() - started) / 1000)} s)`,
    );
    clean.should.equal(RUNS);
  });
});
