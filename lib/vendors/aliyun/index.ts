import { baseUrlOf, eventsUrlOf, overridesFrom, regionRows, text, textsIn, timeZoneOf, transportOptions, warnIfPlainHttp } from '../../config';
import type { VendorModule } from '../../vendor';
import { ALIYUN_CODES } from './errors';
import { aliyunCatalog } from './catalog';
import { ALIYUN_HOSTS, createAliyunClient } from './client';
import { ALIYUN_PUSH_HOSTS, AliyunPushTransport } from './push';
import { aliyunCredential, aliyunRule } from './events';

/** A history record's outputs under the names the thing model gives them. */
const outputsOf = (r: Record<string, unknown>): Record<string, unknown> => ({ KeyID: r.keyId, LockType: r.keyType, Status: r.status });

/** Alibaba Cloud IoT living-link: the lock service and the entrance QR-code/card service. */
export const aliyun: VendorModule = {
  id: 'aliyun',
  catalog: aliyunCatalog,
  // The living-link services and their locks' wall clocks are in China.
  timeZone: 'Asia/Shanghai',
  config: {
    type: 'smartlock-aliyun',
    paletteLabel: 'Alibaba Cloud IoT',
    labelPrefix: 'Alibaba Cloud IoT',
    labelFrom: ['baseUrl', 'host'],
    form: [
      ...regionRows('host', ALIYUN_HOSTS, 'cn'),
      { name: 'appKey', credential: 'text', icon: 'user', label: 'AppKey' },
      { name: 'appSecret', credential: 'password', icon: 'key', label: 'AppSecret' },
      { name: 'projectId', value: '', icon: 'id-card-o' },
      { name: 'entranceCloudToken', value: true, input: 'checkbox' },
      { name: 'session', tip: true },
      { name: 'userAppKey', credential: 'text', icon: 'mobile' },
      { name: 'userAppSecret', credential: 'password', icon: 'key' },
      { name: 'iotToken', credential: 'password', icon: 'ticket', label: 'iotToken' },
      { name: 'refreshToken', credential: 'password', icon: 'refresh', label: 'refreshToken' },
      { name: 'identityId', credential: 'text', icon: 'user-circle', label: 'identityId' },
      { name: 'timeZone', value: 'Asia/Shanghai', input: 'zone', icon: 'clock-o', placeholder: 'Asia/Shanghai' },
      // The AMQP subscription (push events): the region's gateway unless a URL is given.
      { name: 'eventsUrl', value: '', icon: 'bolt', placeholder: true, pattern: '^$|^amqps?://\\S+$' },
      { name: 'eventsAuth', value: 'appkey', input: 'select', icon: 'sign-in', options: ['appkey', 'aksign'] },
      { name: 'eventsGroup', value: '', icon: 'users', placeholder: true },
      { name: 'eventsInstance', value: '', icon: 'server', placeholder: true, when: ['eventsAuth', 'aksign'] },
      { name: 'overrides', value: '{}', input: 'json', icon: 'code' },
    ],
    transport: { ratePerSecond: 0 },
  },
  createClient: ({ settings, credentials: c, warn }) => {
    const baseUrl = baseUrlOf(text(settings.host) || 'cn', settings.baseUrl, ALIYUN_HOSTS, 'noAliyunHost');
    warnIfPlainHttp(warn, baseUrl);
    return createAliyunClient({
      ...transportOptions(settings),
      baseUrl,
      appKey: c.appKey ?? '',
      appSecret: c.appSecret ?? '',
      projectId: text(settings.projectId) || undefined,
      userAppKey: c.userAppKey || undefined,
      userAppSecret: c.userAppSecret || undefined,
      iotToken: c.iotToken || undefined,
      refreshToken: c.refreshToken || undefined,
      identityId: c.identityId || undefined,
      entranceCloudToken: settings.entranceCloudToken !== false,
      overrides: overridesFrom(settings.overrides),
      timeZone: timeZoneOf(settings.timeZone, aliyun.timeZone),
    });
  },
  // Records name the key by its LockType (1-4) and an alarm by its event code.
  errors: ALIYUN_CODES,
  // The entrance service lists the project's people; its devices have no list that needs no input.
  choices: { personId: { operation: '/entrance/paas/user/query', list: 'users', id: 'personId', name: 'name' } },
  // One table (./events) for pushed events and the polled history; the key is the credential, not the user.
  events: {
    codes: { fields: ['event'], table: {} },
    read: (r) => aliyunRule(String(r.event ?? ''), outputsOf(r)),
    credential: (r, rule) => aliyunCredential(rule, outputsOf(r)),
    method: [],
    user: [],
    id: [],
  },
  push: ({ settings, credentials: c }) => {
    // The living-link gateways are the appkey login's; an IoT Platform (aksign) endpoint is per account or instance.
    const aksign = text(settings.eventsAuth) === 'aksign';
    return new AliyunPushTransport({
      url: aksign ? eventsUrlOf(settings, '', {}, 'amqps?', 'noAmqpUrl') : eventsUrlOf(settings, text(settings.host) || 'cn', ALIYUN_PUSH_HOSTS, 'amqps?'),
      appKey: c.appKey ?? '',
      appSecret: c.appSecret ?? '',
      group: text(settings.eventsGroup) || undefined,
      auth: aksign ? 'aksign' : 'appkey',
      instanceId: aksign ? text(settings.eventsInstance) : undefined,
      timeZone: timeZoneOf(settings.timeZone, aliyun.timeZone),
    });
  },
  texts: textsIn(__dirname),
  simulator: async () => (await import('./simulator')).AliyunSimulator,
};
