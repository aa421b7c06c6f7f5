import { validation } from '../lib/errors';
import { checkTimeZone } from '../lib/time';
import { ALIYUN_HOSTS, createAliyunClient } from '../lib/vendors/aliyun/client';
import { attachClient, overridesFrom, transportOptions, warnIfPlainHttp, type LockConfigNode } from './shared/lock-config';
import type { NodeAPI, NodeDef } from './shared/node-red';

/** Config node: an Alibaba Cloud IoT living-link project, and optionally a signed-in user's session. */
export = function (RED: NodeAPI): void {
  RED.nodes.registerType('smartlock-aliyun', function (this: LockConfigNode, def: NodeDef) {
    RED.nodes.createNode(this, def);
    attachClient(this, 'aliyun', def, (def) => {
      const host = typeof def.host === 'string' ? def.host : 'cn';
      const baseUrl = host === 'custom' ? String(def.baseUrl ?? '') : ALIYUN_HOSTS[host];
      if (!baseUrl || !/^https?:\/\/[^\s/]+/.test(baseUrl)) throw validation('noAliyunHost');
      warnIfPlainHttp(this, baseUrl);
      const timeZone = typeof def.timeZone === 'string' && def.timeZone ? def.timeZone : 'Asia/Shanghai';
      checkTimeZone(timeZone);
      const c = this.credentials ?? {};
      return createAliyunClient({
        ...transportOptions(def),
        baseUrl,
        appKey: c.appKey ?? '',
        appSecret: c.appSecret ?? '',
        projectId: typeof def.projectId === 'string' && def.projectId ? def.projectId : undefined,
        userAppKey: c.userAppKey || undefined,
        userAppSecret: c.userAppSecret || undefined,
        iotToken: c.iotToken || undefined,
        refreshToken: c.refreshToken || undefined,
        identityId: c.identityId || undefined,
        entranceCloudToken: def.entranceCloudToken !== false,
        overrides: overridesFrom(def.overrides),
        timeZone,
      });
    });
  }, {
    credentials: {
      appKey: { type: 'text' }, appSecret: { type: 'password' },
      userAppKey: { type: 'text' }, userAppSecret: { type: 'password' },
      iotToken: { type: 'password' }, refreshToken: { type: 'password' }, identityId: { type: 'text' },
    },
  });
};
