'use strict';
// The demo's booking calendar (npm start): its bookings change (a new one, an extension under a
// new UID, a cancellation) and the calendar example's stay node keeps the locks holding exactly
// the live stays' codes. The steps are the demo's own, set here one by one instead of minutes apart.
require('should');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const { until } = require('./support/wait');

const FEED_NOW = 'c4a1e0d000000003'; // the example's "read the feed now" inject

function press(url) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'Content-Length': 0 } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`inject answered ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the demo (npm start): the booking calendar changes, the doors follow', function () {
  this.timeout(120_000);
  const { startDemo } = require('../scripts/demo');
  let demo;
  before(async () => {
    // The demo's own timeline minutes apart is not waited for: each step is set, then the feed read.
    demo = await startDemo({ userDir: fs.mkdtempSync(path.join(os.tmpdir(), 'smartlock-demo-cal-')), stdio: 'pipe', bookingMinuteMs: 3_600_000 });
  });
  after(() => demo?.stop());

  /** Stay ids holding a code on the building (163379) and the flat (163377), sorted. */
  const held = () =>
    [163379, 163377].map((lock) =>
      [...demo.sims.ttlock.locks.get(lock).passcodes.values()]
        .map((p) => p.keyboardPwdName)
        .filter((n) => n.startsWith('stay:demo-'))
        .map((n) => n.slice(5))
        .sort(),
    );
  /** Presses "read the feed now" until the feed is read anew (a press during a poll joins that poll). */
  const read = async () => {
    const before = demo.sims.calendar.received.calendar ?? 0;
    for (let i = 0; i < 40 && (demo.sims.calendar.received.calendar ?? 0) === before; i++) {
      await press(`${demo.url}/inject/${FEED_NOW}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    await until(() => (demo.sims.calendar.received.calendar ?? 0) > before, 'the feed read');
  };

  it('each step: exactly the live bookings hold a code on both doors; the extended one keeps its code', async () => {
    await until(() => demo.output().includes('Started flows'), 'the flows');
    const [start, added, extended, cancelled] = demo.bookingSteps.map(([, bookings]) => bookings);
    demo.sims.calendar.bookings = start;
    await read();
    await until(() => held()[1].length === 2, 'two bookings');
    held().should.eql([
      ['demo-ada@airbnb.com', 'demo-bo@airbnb.com'],
      ['demo-ada@airbnb.com', 'demo-bo@airbnb.com'],
    ]);
    const code = () => [...demo.sims.ttlock.locks.get(163377).passcodes.values()].find((p) => p.keyboardPwdName === 'stay:demo-ada@airbnb.com')?.keyboardPwd;
    const adaCode = code();
    demo.sims.calendar.bookings = added;
    await read();
    await until(() => held()[1].length === 3, 'the new booking');
    demo.sims.calendar.bookings = extended;
    await read();
    // The extension came under a new UID: still Ada's stay, same code, one code, no new stay.
    held()[1].should.eql(['demo-ada@airbnb.com', 'demo-bo@airbnb.com', 'demo-cy@airbnb.com']);
    await until(() => code() === adaCode && held()[1].length === 3, 'the extension');
    demo.sims.calendar.bookings = cancelled;
    await read();
    await read();
    await until(() => held()[1].length === 2, 'the cancellation, after two polls');
    held().should.eql([
      ['demo-ada@airbnb.com', 'demo-cy@airbnb.com'],
      ['demo-ada@airbnb.com', 'demo-cy@airbnb.com'],
    ]);
    demo.output().should.not.match(/\[error\]/);
  });
});
