import { baseUrlOf, overridesFrom, regionRows, text, textsIn, timeZoneOf, transportOptions, warnIfPlainHttp } from '../../config';
import type { VendorModule } from '../../vendor';
import { ttlockCatalog } from './catalog';
import { TTLOCK_REGIONS, TTLOCK_TIME_ZONE, createTtlockClient } from './client';
import { TTLOCK_CODES } from './errors';
import { ttlockCallbacks } from './push';
import { namePasscodes } from './passcodes';
import { TTLOCK_EVENTS } from './records';

/** The password as the account's form gives it: typed (md5 computed here) or already md5. */
const PASSWORD_FORMS = ['plain', 'md5'];

// The record list's types, each with its source (records.ts); passcodes named by their ids (passcodes.ts).
const events = { ...TTLOCK_EVENTS, named: namePasscodes };

/**
 * TTLock's open platform (cloud API v3): OAuth with the app id and secret and a TTLock app
 * account, form posts through the account's gateways and Wi-Fi locks. Lock records are pushed
 * to the app's callback URL (`push`: Node-RED must be reachable from TTLock's cloud) or polled.
 */
export const ttlock: VendorModule = {
  id: 'ttlock',
  catalog: ttlockCatalog,
  timeZone: TTLOCK_TIME_ZONE,
  config: {
    type: 'smartlock-ttlock',
    paletteLabel: 'TTLock',
    labelPrefix: 'TTLock',
    labelFrom: ['baseUrl', 'region'],
    form: [
      ...regionRows('region', TTLOCK_REGIONS, 'eu'),
      { name: 'clientId', credential: 'text', icon: 'id-card-o', label: 'clientId' },
      { name: 'clientSecret', credential: 'password', icon: 'key', label: 'clientSecret' },
      { name: 'username', credential: 'password', icon: 'user' },
      { name: 'password', credential: 'password', icon: 'lock' },
      { name: 'passwordForm', value: 'plain', input: 'select', icon: 'shield', options: PASSWORD_FORMS },
      { name: 'timeZone', value: '', input: 'zone', icon: 'clock-o', placeholder: true },
      { name: 'callbackKey', credential: 'password', icon: 'bell', placeholder: true, pattern: '^([A-Za-z0-9_-]{16,128})?$' },
      { name: 'callback', tip: true },
      { name: 'overrides', value: '{}', input: 'json', icon: 'code' },
    ],
  },
  createClient: ({ settings, credentials, warn }) => {
    const baseUrl = baseUrlOf(text(settings.region) || 'eu', settings.baseUrl, TTLOCK_REGIONS, 'noTuyaHost');
    warnIfPlainHttp(warn, baseUrl);
    return createTtlockClient({
      ...transportOptions(settings),
      baseUrl,
      clientId: credentials.clientId ?? '',
      clientSecret: credentials.clientSecret ?? '',
      username: credentials.username ?? '',
      password: credentials.password ?? '',
      passwordIsMd5: text(settings.passwordForm) === 'md5',
      overrides: overridesFrom(settings.overrides),
      timeZone: timeZoneOf(settings.timeZone, TTLOCK_TIME_ZONE),
    });
  },
  errors: TTLOCK_CODES,
  // The account's locks and gateways list without input: their ids are picked in the editor.
  choices: {
    deviceId: { operation: 'lock/list', list: 'devices', id: 'deviceId', name: 'name' },
    gatewayId: { operation: 'gateway/list', list: 'gateways', id: 'gatewayId', name: 'name' },
  },
  events,
  // TTLock posts new records to the app's callback URL, which ends in this config's key.
  pushBy: 'callback',
  push: ({ credentials, callbacks }, client) => ttlockCallbacks({ key: (credentials.callbackKey ?? '').trim(), callbacks, client, mapping: events }),
  texts: textsIn(__dirname),
  simulator: async () => (await import('./simulator')).TtlockSimulator,
};
