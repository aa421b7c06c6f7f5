import { baseUrlOf, eventsUrlOf, overridesFrom, regionRows, text, textsIn, timeZoneOf, transportOptions, warnIfPlainHttp } from '../../config';
import type { VendorModule } from '../../vendor';
import { TUYA_CODES } from './errors';
import { tuyaCatalog } from './catalog';
import { PIN_LENGTH, TUYA_REGIONS, TUYA_TIME_ZONE, createTuyaClient } from './client';
import { TUYA_PUSH_ENVS, TUYA_PUSH_REGIONS, TuyaPushTransport, tuyaCredential, tuyaRule } from './push';

/** A log record's data point: open and alarm logs give its code and value, the record query a `dps` list. */
function dataPointOf(r: Record<string, unknown>): { code: string; value: unknown } | undefined {
  const code = typeof r.method === 'string' ? r.method : typeof r.alarm === 'string' ? r.alarm : undefined;
  if (code) return { code, value: r.value };
  const first: unknown = Array.isArray(r.dps) ? r.dps[0] : undefined;
  if (!first || typeof first !== 'object') return undefined;
  const [entry] = Object.entries(first as Record<string, unknown>);
  return entry && { code: entry[0], value: entry[1] };
}

/** Tuya Cloud: the smart-lock actions and the OSaaS card-issue API of one cloud project. */
export const tuya: VendorModule = {
  id: 'tuya',
  catalog: tuyaCatalog,
  timeZone: TUYA_TIME_ZONE,
  config: {
    type: 'smartlock-tuya',
    paletteLabel: 'Tuya Cloud',
    labelPrefix: 'Tuya',
    labelFrom: ['baseUrl', 'region'],
    form: [
      ...regionRows('region', TUYA_REGIONS, 'cn'),
      { name: 'accessId', credential: 'text', icon: 'user', label: 'Access ID' },
      { name: 'accessSecret', credential: 'password', icon: 'key', label: 'Access Secret' },
      { name: 'projectId', value: '', icon: 'id-card-o', placeholder: true },
      { name: 'lockType', value: 'wifi', input: 'select', icon: 'wifi', options: Object.keys(PIN_LENGTH) },
      { name: 'timeZone', value: '', input: 'zone', icon: 'clock-o', placeholder: true },
      // The message service (push events): the data center's unless a URL is given.
      { name: 'eventsUrl', value: '', icon: 'bolt', placeholder: true, pattern: '^$|^wss?://\\S+$' },
      { name: 'eventsEnv', value: 'prod', input: 'select', icon: 'flask', options: Object.keys(TUYA_PUSH_ENVS) },
      { name: 'overrides', value: '{}', input: 'json', icon: 'code' },
    ],
    transport: { ratePerSecond: 10 },
  },
  createClient: ({ settings, credentials, warn }) => {
    const baseUrl = baseUrlOf(text(settings.region) || 'cn', settings.baseUrl, TUYA_REGIONS, 'noTuyaHost');
    warnIfPlainHttp(warn, baseUrl);
    const lockType = text(settings.lockType);
    return createTuyaClient({
      ...transportOptions(settings),
      baseUrl,
      accessId: credentials.accessId ?? '',
      accessSecret: credentials.accessSecret ?? '',
      projectId: text(settings.projectId) || undefined,
      lockType: lockType in PIN_LENGTH ? (lockType as keyof typeof PIN_LENGTH) : 'wifi',
      overrides: overridesFrom(settings.overrides),
      timeZone: timeZoneOf(settings.timeZone, TUYA_TIME_ZONE),
    });
  },
  // Unlock records carry the unlock data point (dps) and an alarm's code in status; operation
  // records a log category.
  errors: TUYA_CODES,
  events: {
    // open-logs: method/value; alarm-logs: alarm/value; records: dps [{code: value}]; operate-records: a category
    codes: { fields: ['method', 'alarm', 'logType', 'category'], table: {} },
    read: (r) => {
      const point = dataPointOf(r);
      return point && tuyaRule(point.code, point.value);
    },
    credential: (r, rule) => tuyaCredential(rule, dataPointOf(r)?.value),
    code: (r) => dataPointOf(r)?.code,
    text: ['logType', 'category'],
    method: [],
    user: ['user', 'userId'],
    id: ['recordId', 'logId'],
  },
  push: ({ settings, credentials }) => {
    return new TuyaPushTransport({
      url: eventsUrlOf(settings, text(settings.region) || 'cn', TUYA_PUSH_REGIONS, 'wss?'),
      accessId: credentials.accessId ?? '',
      accessSecret: credentials.accessSecret ?? '',
      env: text(settings.eventsEnv) === 'test' ? 'test' : 'prod',
      timeZone: timeZoneOf(settings.timeZone, TUYA_TIME_ZONE),
    });
  },
  texts: textsIn(__dirname),
  simulator: async () => (await import('./simulator')).TuyaSimulator,
};
