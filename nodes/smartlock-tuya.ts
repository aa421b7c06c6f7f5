import { validation } from '../lib/errors';
import { checkTimeZone } from '../lib/time';
import { PIN_LENGTH, TUYA_REGIONS, createTuyaClient } from '../lib/vendors/tuya/client';
import { attachClient, overridesFrom, transportOptions, warnIfPlainHttp, type LockConfigNode } from './shared/lock-config';
import type { NodeAPI, NodeDef } from './shared/node-red';

/** Config node: a Tuya Cloud project (data center, Access ID and Secret, OSaaS project). */
export = function (RED: NodeAPI): void {
  RED.nodes.registerType('smartlock-tuya', function (this: LockConfigNode, def: NodeDef) {
    RED.nodes.createNode(this, def);
    attachClient(this, 'tuya', def, (def) => {
      const region = typeof def.region === 'string' ? def.region : 'cn';
      const baseUrl = region === 'custom' ? String(def.baseUrl ?? '') : TUYA_REGIONS[region];
      if (!baseUrl || !/^https?:\/\/[^\s/]+/.test(baseUrl)) throw validation('noTuyaHost');
      warnIfPlainHttp(this, baseUrl);
      const timeZone = typeof def.timeZone === 'string' && def.timeZone ? def.timeZone : Intl.DateTimeFormat().resolvedOptions().timeZone;
      checkTimeZone(timeZone);
      const lockType = typeof def.lockType === 'string' && def.lockType in PIN_LENGTH ? (def.lockType as keyof typeof PIN_LENGTH) : 'wifi';
      return createTuyaClient({
        ...transportOptions(def),
        baseUrl,
        accessId: this.credentials?.accessId ?? '',
        accessSecret: this.credentials?.accessSecret ?? '',
        projectId: typeof def.projectId === 'string' && def.projectId ? def.projectId : undefined,
        lockType,
        overrides: overridesFrom(def.overrides),
        timeZone,
      });
    });
  }, {
    credentials: { accessId: { type: 'text' }, accessSecret: { type: 'password' } },
  });
};
