'use strict';
// One vendor simulator in its own process, so that its CPU is not charged to the client side
// being measured. Driven over IPC by bench/support.js.
const path = require('node:path');

const { HotelSimulator, TuyaSimulator, AliyunSimulator } = require(path.resolve(__dirname, '../dist/lib/simulators'));
const [vendor, optionsJson] = process.argv.slice(2);
const options = JSON.parse(optionsJson || '{}');

function create() {
  if (vendor === 'hotel') return new HotelSimulator(options.appid, options.appsecret);
  if (vendor === 'tuya') return new TuyaSimulator(options);
  return new AliyunSimulator(options);
}

const sim = create();
if (vendor === 'aliyun') sim.persons.set('bench-person', { identityId: 'bench-person', name: 'Bench' });

process.on('message', (m) => {
  const answer = (value) => process.send({ id: m.id, value });
  if (m.cmd === 'counts') answer({ received: sim.received, executed: sim.executed });
  else if (m.cmd === 'reset') answer(sim.resetCounts());
  else if (m.cmd === 'inject') answer(sim.inject(m.fault, { ...m.options, times: m.options?.times ?? Infinity }));
  else if (m.cmd === 'clear') answer(sim.clearFaults());
  else if (m.cmd === 'cpu') answer(process.cpuUsage());
  else if (m.cmd === 'stop')
    sim
      .stop()
      .then(() => answer(null))
      .then(() => process.exit(0));
});

sim.start().then((url) => process.send({ ready: url }));
