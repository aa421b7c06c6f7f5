#!/usr/bin/env node
// `npm start`: the vendor simulators (hotel platform on 127.0.0.1:19952, Tuya on 19953,
// Alibaba Cloud IoT on 19954, Tuya's message service on 19955, Alibaba's AMQP push on 19956, TTLock on 19957, a booking calendar on 19958) and Node-RED on
// http://127.0.0.1:1880 with this package and the example flows deployed. State lives in .demo/
// (git-ignored). Ports: PORT, HOTEL_PORT, TUYA_PORT, ALIYUN_PORT, TUYA_PUSH_PORT, ALIYUN_PUSH_PORT, TTLOCK_PORT, CALENDAR_PORT. Ctrl-C stops everything.
'use strict';
const path = require('node:path');
const { startDemo, DEMO } = require('./demo');

const root = path.resolve(__dirname, '..');

async function main() {
  const demo = await startDemo({
    userDir: process.env.SMARTLOCK_DEMO_DIR || path.join(root, '.demo'),
    port: Number(process.env.PORT || 1880),
    ports: {
      hotel: Number(process.env.HOTEL_PORT || 19952),
      tuya: Number(process.env.TUYA_PORT || 19953),
      aliyun: Number(process.env.ALIYUN_PORT || 19954),
      tuyaPush: Number(process.env.TUYA_PUSH_PORT || 19955),
      aliyunPush: Number(process.env.ALIYUN_PUSH_PORT || 19956),
      ttlock: Number(process.env.TTLOCK_PORT || 19957),
      calendar: Number(process.env.CALENDAR_PORT || 19958),
    },
  });
  for (const [name, url] of Object.entries(demo.urls)) console.log(`${name} simulator on ${url}`);
  console.log(`Node-RED with the example flows on ${demo.url}`);
  // Demo credentials, made for this checkout: a real install sets its own (README › Exposing Node-RED).
  console.log(`Dashboard on ${demo.url}/dashboard: user ${DEMO.dashboard.user}, password ${DEMO.dashboard.password}`);
  const stop = () => demo.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  demo.red.on('exit', (code) => demo.stop().then(() => process.exit(code ?? 0)));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
