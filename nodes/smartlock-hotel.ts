import { checkTimeZone } from '../lib/time';
import { HOTEL_DEFAULT_URL, createHotelClient } from '../lib/vendors/hotel/client';
import { attachClient, transportOptions, type LockConfigNode } from './shared/lock-config';
import type { NodeAPI, NodeDef } from './shared/node-red';

/** Config node: where the hotel card-lock platform listens and its appid/appsecret. */
export = function (RED: NodeAPI): void {
  RED.nodes.registerType('smartlock-hotel', function (this: LockConfigNode, def: NodeDef) {
    RED.nodes.createNode(this, def);
    attachClient(this, 'hotel', def, (def) => {
      const timeZone = typeof def.timeZone === 'string' && def.timeZone ? def.timeZone : 'Asia/Shanghai';
      checkTimeZone(timeZone);
      return createHotelClient({
        ...transportOptions(def),
        baseUrl: typeof def.baseUrl === 'string' && def.baseUrl ? def.baseUrl : HOTEL_DEFAULT_URL,
        appid: this.credentials?.appid ?? '',
        appsecret: this.credentials?.appsecret ?? '',
        timeZone,
        bodyFormat: def.bodyFormat === 'json' ? 'json' : 'form',
      });
    });
  }, {
    credentials: { appid: { type: 'text' }, appsecret: { type: 'password' } },
  });
};
