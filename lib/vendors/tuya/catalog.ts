import { fromDoc, pageParam, pageSizeParam, type Catalog, type Operation, type Param, type ResultSpec } from '../../catalog';

/** A Tuya operation: the neutral shape, and the password ticket some take. */
export interface TuyaOperation extends Operation {
  /**
   * Get a password ticket first, then `encrypt` the `password` field with its key (and send
   * the ticket id), or only `attach` the ticket id.
   */
  ticket?: 'encrypt' | 'attach';
}
import { TUYA_PATH_EVIDENCE } from './evidence';

/**
 * Tuya Cloud: the OSaaS card-issue API (vendor-docs/tuya-osaas-card-issue-api.txt) and every
 * smart-lock action (vendor-docs/tuya-smart-lock-actions.txt), mapped to REST endpoints per
 * vendor-notes/tuya.md. `confirmed: false` marks a path inferred from Tuya's naming pattern; a
 * config node can override any operation's method, path or fixed fields.
 */
const DEV = '/v1.0/devices/{device_id}';
/** The newer generation of Tuya's lock API, where it documents an action only there. */
const SMART = '/v1.0/smart-lock/devices/{device_id}';

const LOCK = `${DEV}/door-lock`;
const CARDS = '/v1.0/osaas/projects/{project_id}/card-issue-devices/lock-devices/{device_id}/cards';

const device: Param = { name: 'deviceId', wire: 'device_id', type: 'id', required: true, in: 'path', description: 'Lock device ID (device_id)' };
const lockCard: Param = {
  name: 'cardId',
  wire: 'lock_card_id',
  type: 'id',
  required: true,
  in: 'path',
  description: 'Door-lock card ID (lock_card_id) returned by issue card',
};
const passwordId: Param = {
  name: 'passwordId',
  wire: 'password_id',
  type: 'id',
  required: true,
  in: 'path',
  description: 'Temporary password ID (password_id)',
};
const userId: Param = { name: 'userId', wire: 'user_id', type: 'id', required: true, description: 'User ID (user_id)' };
const page = (wire = 'page_no'): Param => pageParam(wire, { min: 0, in: 'query' });
const pageSize = (wire = 'page_size', max = 100): Param => pageSizeParam(wire, max, { in: 'query' });
const pin = (length: string): Param => ({
  name: 'password',
  wire: 'password',
  type: 'digits',
  minLength: 6,
  maxLength: 7,
  secret: true,
  required: true,
  description: `The plain PIN, ${length}; the node encrypts it with a password ticket`,
});
const from = (wire: string, unit: 's' | 'ms', required = true): Param => ({
  name: 'validFrom',
  wire,
  type: 'time',
  unit,
  required,
  description: `Start of validity (${wire})`,
});
const until = (wire: string, unit: 's' | 'ms', required = true): Param => ({
  name: 'validUntil',
  wire,
  type: 'time',
  unit,
  required,
  description: `End of validity (${wire})`,
});
const since = (wire: string, unit: 's' | 'ms'): Param => ({
  name: 'since',
  wire,
  type: 'time',
  unit,
  in: 'query',
  description: `Start of the period (${wire})`,
});
const till = (wire: string, unit: 's' | 'ms'): Param => ({ name: 'until', wire, type: 'time', unit, in: 'query', description: `End of the period (${wire})` });
const dpCodes = (wire: string, required = false): Param => ({
  name: 'dpCodes',
  wire,
  type: 'string',
  required,
  in: 'query',
  description: `Standard DP codes, comma separated, e.g. unlock_fingerprint,unlock_password (${wire})`,
});

/** Optional fields of creating or changing a temporary password. */
const passwordExtras: Param[] = [
  { name: 'phone', wire: 'phone', type: 'string', maxLength: 32, description: 'Mobile number to notify (phone)' },
  {
    name: 'oneTime',
    wire: 'type',
    type: 'boolean',
    values: { true: 1, false: 0 },
    description: 'true for a one-time password (type 1); required by Zigbee locks',
  },
  {
    name: 'timeZone',
    wire: 'time_zone',
    type: 'string',
    maxLength: 64,
    zoneWith: 'schedule',
    description: "Time zone of a schedule's hours; the config's zone when a schedule is given without it (time_zone)",
  },
  {
    name: 'schedule',
    wire: 'schedule_list',
    type: 'list',
    item: [
      {
        name: 'startMinute',
        wire: 'effective_time',
        type: 'integer',
        required: true,
        min: 0,
        max: 1440,
        description: 'Minute of the day it starts working (effective_time)',
      },
      { name: 'endMinute', wire: 'invalid_time', type: 'integer', required: true, min: 0, max: 1440, description: 'Minute of the day it stops (invalid_time)' },
      {
        name: 'weekdays',
        wire: 'working_day',
        type: 'integer',
        required: true,
        min: 0,
        max: 127,
        description: 'The days: bit 0 Sunday … bit 6 Saturday (working_day)',
      },
    ],
    description:
      'Schedule: [{startMinute, endMinute, weekdays (bit 0 Sunday)}], or as Tuya writes it [{effective_time, invalid_time, working_day}] (schedule_list); give timeZone with it',
  },
  { name: 'bluetoothSymbolic', wire: 'bluetooth_symbolic', type: 'boolean', description: 'true for a Bluetooth lock through its gateway (bluetooth_symbolic)' },
];
const sn: Param = { name: 'sn', wire: 'sn', type: 'integer', min: 0, description: 'Serial number of the password on a Bluetooth lock (sn)' };

const ok: ResultSpec = { fields: { deviceId: '$deviceId', success: 'result' } };
const cardResult: ResultSpec = { fields: { cardId: 'result.lock_card_id', operateId: 'result.operate_id', success: 'result.operate_result' } };
const passwordItem = {
  passwordId: { from: 'password_id|id', type: 'string' as const },
  name: 'name',
  phase: 'phase',
  validFrom: { from: 'effective_time', type: 'time' as const },
  validUntil: { from: 'invalid_time', type: 'time' as const },
  phone: 'phone',
  timeZone: 'time_zone',
  deliveryStatus: 'delivery_status',
  schedule: 'schedule_list',
  sn: 'sn',
};
const sharing: ResultSpec = { fields: { sharingId: 'result.sharing_id', sharingTicket: 'result.sharing_ticket', expiresIn: 'result.expire_time' } };
const instruction: ResultSpec = { fields: { instruction: 'result.instruction', nextSn: 'result.next_sn' } };
const shareTicket: Param = {
  name: 'sharingTicket',
  wire: 'sharing_ticket',
  type: 'string',
  required: true,
  maxLength: 256,
  secret: true,
  description: 'The sharing ticket (sharing_ticket)',
};
const sharingId: Param = {
  name: 'sharingId',
  wire: 'sharing_id',
  type: 'id',
  required: true,
  in: 'path',
  description: 'The sharing invitation ID (sharing_id)',
};
const appSchema: Param = { name: 'appSchema', wire: 'app_schema', type: 'string', required: true, maxLength: 128, description: 'App schema (app_schema)' };
const bleParams: Param[] = [
  {
    name: 'bluetoothSn',
    wire: 'bluetooth_sn',
    type: 'integer',
    min: 0,
    required: true,
    description: 'Anti-replay serial number from the Bluetooth SDK (bluetooth_sn)',
  },
  {
    name: 'deviceRandom',
    wire: 'device_random',
    type: 'string',
    maxLength: 256,
    required: true,
    description: "The lock's random number from getIssuedConfig (device_random)",
  },
];
/**
 * The duress alarm: switched on under the door-lock path with short type names and unlock_no,
 * off under the smart-lock path with unlock_* type names and unlock_sn (each as Tuya documents it).
 */
const hijack = (
  name: string,
  title: string,
  action: string,
  method: Operation['method'],
  path: string,
  values: Record<string, string>,
  sn: string,
): TuyaOperation => ({
  name,
  title,
  family: 'users',
  action,
  method,
  path,
  idempotent: true,
  result: ok,
  params: [
    device,
    {
      name: 'unlockType',
      wire: 'unlock_type',
      type: 'string',
      required: true,
      in: 'path',
      values,
      description: `Unlock method: ${Object.keys(values).join(', ')} (unlock_type)`,
    },
    { name: 'unlockSn', wire: sn, type: 'integer', min: 0, required: true, in: 'path', description: `Serial number of the unlock method (${sn})` },
  ],
});

export const tuyaCatalog: Catalog<TuyaOperation> = {
  vendor: 'tuya',
  title: 'Tuya Cloud',
  timeEncoding: 's',
  // Parameters and results come from the docs; an action's REST path from the evidence recorded on it.
  operations: fromDoc<TuyaOperation>(
    (op) =>
      op.name.startsWith('osaas.')
        ? `Tuya OSaaS card-issue API document › ${op.method} ${op.path.replace('/v1.0/cloud/', '/v1.0/')}`
        : `Tuya smart-lock actions document › ${op.name}`,
    [
      // OSaaS card issuing (paths exactly as documented; query uses /v1.0/cloud/osaas/)
      {
        name: 'osaas.issueCard',
        title: 'issue card',
        family: 'card',
        action: 'issue',
        method: 'POST',
        path: CARDS,
        idempotent: false,
        params: [
          device,
          {
            name: 'cardNumber',
            wire: 'card_id',
            type: 'id',
            required: true,
            aliases: ['cardId'],
            description: 'Unique ID the card issuer gave the card (card_id); cardId works too',
          },
          { ...from('begin_time', 'ms', false), in: 'none' },
          { ...until('end_time', 'ms', false), in: 'none' },
        ],
        then: { operation: 'osaas.modifyCard', when: ['validFrom', 'validUntil'], input: { cardId: 'cardId' } },
        result: { fields: { ...cardResult.fields, deviceId: '$deviceId', validFrom: '$validFrom', validUntil: '$validUntil' } },
        notes:
          "Needs the OSaaS project id in the Tuya configuration. With validFrom or validUntil the card's validity is set right after issuing (change validity).",
      },
      {
        name: 'osaas.deleteCard',
        title: 'revoke card',
        family: 'card',
        action: 'revoke',
        method: 'DELETE',
        path: `${CARDS}/{lock_card_id}`,
        idempotent: true,
        params: [device, lockCard],
        result: cardResult,
      },
      {
        name: 'osaas.freezeCard',
        title: 'freeze card',
        family: 'card',
        action: 'freeze',
        method: 'PUT',
        path: `${CARDS}/{lock_card_id}/freeze-status`,
        idempotent: true,
        params: [device, lockCard],
        fixed: { freeze_status: 1 },
        result: cardResult,
        notes: 'Tuya does not publish the freeze_status values: 1 freezes here; override it in the configuration if your project differs.',
      },
      {
        name: 'osaas.unfreezeCard',
        title: 'unfreeze card',
        family: 'card',
        action: 'unfreeze',
        method: 'PUT',
        path: `${CARDS}/{lock_card_id}/freeze-status`,
        idempotent: true,
        params: [device, lockCard],
        fixed: { freeze_status: 0 },
        result: cardResult,
        notes: 'Tuya does not publish the freeze_status values: 0 unfreezes here; override it in the configuration if your project differs.',
      },
      {
        name: 'osaas.modifyCard',
        title: 'change validity',
        family: 'card',
        action: 'changeValidity',
        method: 'PUT',
        path: `${CARDS}/{lock_card_id}`,
        idempotent: true,
        params: [device, lockCard, from('begin_time', 'ms', false), until('end_time', 'ms', false)],
        rules: [{ oneOf: ['validFrom', 'validUntil'] }, { after: ['validUntil', 'validFrom'] }],
        result: cardResult,
      },
      {
        name: 'osaas.queryCard',
        title: 'read card',
        family: 'card',
        action: 'read',
        method: 'GET',
        path: '/v1.0/cloud/osaas/projects/{project_id}/card-issue-devices/lock-devices/{device_id}/cards/{lock_card_id}',
        idempotent: true,
        params: [device, lockCard],
        result: {
          fields: {
            cardId: 'result.lock_card_id',
            validFrom: { from: 'result.begin_time', type: 'time' },
            validUntil: { from: 'result.end_time', type: 'time' },
          },
        },
      },

      // Temporary passwords
      {
        name: 'doorLock.passwordTicket',
        title: 'password ticket',
        method: 'POST',
        path: `${LOCK}/password-ticket`,
        idempotent: true,
        params: [device],
        result: { fields: { ticketId: 'result.ticket_id', ticketKey: 'result.ticket_key', expiresIn: 'result.expire_time' } },
        variants: { 'smart-lock': { path: `${SMART}/password-ticket` } },
        notes: 'The create, modify and open-with-password operations fetch their ticket themselves.',
      },
      {
        name: 'doorLock.createTemporaryPassword',
        title: 'create temp password',
        family: 'password',
        action: 'create',
        method: 'POST',
        path: `${LOCK}/temp-password`,
        idempotent: false,
        ticket: 'encrypt',
        params: [
          device,
          { name: 'name', wire: 'name', type: 'string', required: true, maxLength: 64, description: 'Name of the password (name)' },
          pin('7 digits for Wi-Fi locks, 6 for Zigbee and Bluetooth locks'),
          from('effective_time', 's'),
          until('invalid_time', 's'),
          ...passwordExtras,
          sn,
        ],
        rules: [{ after: ['validUntil', 'validFrom'] }],
        result: {
          fields: {
            passwordId: { from: 'result.id', type: 'string' },
            deviceId: '$deviceId',
            name: '$name',
            validFrom: '$validFrom',
            validUntil: '$validUntil',
          },
        },
      },
      {
        name: 'doorLock.createTemporaryPasswordWithoutName',
        title: 'create unnamed temp password',
        method: 'POST',
        path: '/v2.0/devices/{device_id}/door-lock/temp-password',
        idempotent: false,
        ticket: 'encrypt',
        params: [
          device,
          pin('7 digits for Wi-Fi locks, 6 for Zigbee and Bluetooth locks'),
          from('effective_time', 's'),
          until('invalid_time', 's'),
          ...passwordExtras,
          sn,
        ],
        rules: [{ after: ['validUntil', 'validFrom'] }],
        result: { fields: { passwordId: { from: 'result.id', type: 'string' }, validFrom: '$validFrom', validUntil: '$validUntil' } },
      },
      {
        name: 'doorLock.modifyTemporaryPassword',
        title: 'modify password',
        family: 'password',
        action: 'modify',
        method: 'PUT',
        path: `${LOCK}/temp-passwords/{password_id}/modify-password`,
        idempotent: false,
        ticket: 'encrypt',
        params: [
          device,
          passwordId,
          { name: 'name', wire: 'name', type: 'string', maxLength: 64, description: 'New name (name)' },
          pin('7 digits for Wi-Fi locks, 6 for Zigbee; Bluetooth locks cannot change it'),
          from('effective_time', 's'),
          until('invalid_time', 's'),
          ...passwordExtras,
        ],
        rules: [{ after: ['validUntil', 'validFrom'] }],
        result: { fields: { passwordId: '$passwordId', success: 'result', validFrom: '$validFrom', validUntil: '$validUntil' } },
      },
      {
        name: 'doorLock.renameTemporaryPassword',
        title: 'rename password',
        family: 'password',
        action: 'rename',
        method: 'PUT',
        path: `${LOCK}/temp-passwords/{password_id}/modify-password`,
        idempotent: true,
        params: [device, passwordId, { name: 'name', wire: 'name', type: 'string', required: true, maxLength: 64, description: 'New name (name)' }],
        result: { fields: { passwordId: '$passwordId', name: '$name', success: 'result' } },
        notes: 'Documented as doorLock.modifyTemporaryPassword with only the name.',
        source: 'Tuya smart-lock actions document › doorLock.modifyTemporaryPassword (the name alone)',
      },
      {
        name: 'doorLock.deleteTemporaryPassword',
        title: 'delete password',
        family: 'password',
        action: 'delete',
        method: 'DELETE',
        path: `${LOCK}/temp-passwords/{password_id}`,
        idempotent: true,
        // Tuya's only example sends bluetooth_symbolic in the JSON body; its table names no place.
        params: [device, passwordId, passwordExtras[4]],
        result: { fields: { passwordId: '$passwordId', success: 'result' } },
        variants: { query: { in: { bluetoothSymbolic: 'query' } } },
        notes:
          'bluetoothSymbolic goes in the JSON body as Tuya\'s example shows; a service that wants it in the query takes the variant "query": {"doorLock.deleteTemporaryPassword": {"variant": "query"}}.',
      },
      {
        name: 'doorLock.getTemporaryPassword',
        title: 'get password',
        family: 'password',
        action: 'get',
        method: 'GET',
        path: `${LOCK}/temp-password/{password_id}`,
        idempotent: true,
        params: [device, passwordId],
        result: {
          fields: Object.fromEntries(
            Object.entries(passwordItem).map(([k, v]) => [
              k,
              typeof v === 'string'
                ? `result.${v}`
                : {
                    ...v,
                    from: v.from
                      .split('|')
                      .map((f) => `result.${f}`)
                      .join('|'),
                  },
            ]),
          ),
        },
      },
      {
        name: 'doorLock.getTemporaryPasswordList',
        title: 'list passwords',
        family: 'password',
        action: 'list',
        method: 'GET',
        path: `${LOCK}/temp-passwords`,
        idempotent: true,
        params: [
          device,
          {
            name: 'valid',
            wire: 'valid',
            type: 'boolean',
            default: true,
            in: 'query',
            description: 'true for valid passwords, false for invalid ones (valid)',
          },
        ],
        result: { list: { from: 'result', as: 'passwords', item: passwordItem } },
      },
      {
        name: 'doorLock.removalInvalidTempPasswords',
        title: 'clear invalid passwords',
        family: 'password',
        action: 'clearInvalid',
        method: 'DELETE',
        path: `${LOCK}/invalid-temp-passwords`,
        idempotent: true,
        params: [device],
        result: ok,
        notes:
          'Tuya publishes no REST endpoint for this action: the path is inferred. Its nearest documented call clears every temporary password, valid ones too, and is never used here.',
      },
      {
        name: 'doorLock.getDynamicPassword',
        title: 'dynamic password',
        family: 'password',
        action: 'dynamic',
        method: 'GET',
        path: `${LOCK}/dynamic-password`,
        idempotent: true,
        params: [device],
        result: { fields: { password: 'result.dynamic_password' } },
      },
      {
        name: 'doorLock.deleteOfflinePassword',
        title: 'delete offline password',
        family: 'password',
        action: 'deleteOffline',
        method: 'POST',
        path: '/v1.1/devices/{device_id}/door-lock/offline-temp-password',
        idempotent: false,
        params: [
          device,
          { ...passwordId, in: 'body' },
          { name: 'name', wire: 'name', type: 'string', maxLength: 64, default: 'clear', description: 'Name of the clearing code (name)' },
        ],
        fixed: { type: 'clear_one' },
        result: {
          fields: {
            passwordId: '$passwordId',
            clearCode: 'result.offline_temp_password',
            clearCodeId: { from: 'result.offline_temp_password_id', type: 'string' },
          },
        },
        notes:
          "An offline password cannot be deleted from the cloud: Tuya answers a clearing code (clearCode) that someone types on the lock's keypad, after which the offline password no longer opens it.",
      },

      // Remote opening
      {
        name: 'doorLock.passwordFreeOpen',
        title: 'remote open',
        family: 'remote-open',
        action: 'open',
        method: 'POST',
        path: `${LOCK}/password-free/open-door`,
        idempotent: false,
        ticket: 'attach',
        params: [
          device,
          {
            name: 'channelId',
            wire: 'channel_id',
            type: 'id',
            description: 'Access-control channel, Wi-Fi access control only; Tuya takes it on the v1.1 variant (channel_id)',
          },
        ],
        result: ok,
        // Many Wi-Fi locks answer only on the newer smart-lock path; channel_id exists only on v1.1.
        variants: {
          'smart-lock': { path: `${SMART}/password-free/door-operate`, fixed: { open: true } },
          'v1.1': { path: '/v1.1/devices/{device_id}/door-lock/password-free/open-door' },
        },
        notes:
          'Locks on Tuya\'s newer API (many Wi-Fi locks) need the variant "smart-lock" in the configuration\'s overrides: {"doorLock.passwordFreeOpen": {"variant": "smart-lock"}}; the access-control channel needs "v1.1".',
      },
      {
        name: 'doorLock.openDoor',
        title: 'open with password',
        family: 'remote-open',
        action: 'openWithPassword',
        method: 'POST',
        path: `${LOCK}/open-door`,
        idempotent: false,
        ticket: 'encrypt',
        params: [device, { ...pin('6 digits'), minLength: 6, maxLength: 6 }],
        result: ok,
      },
      {
        name: 'doorLock.cancelPasswordFreeOpen',
        title: 'reject open request',
        family: 'remote-open',
        action: 'reject',
        method: 'PUT',
        path: `${LOCK}/password-free/open-door/cancel`,
        idempotent: true,
        params: [
          device,
          {
            name: 'reason',
            wire: 'type',
            type: 'string',
            default: 'rejected',
            values: { rejected: 1, canceled: 2 },
            description: 'rejected or canceled (type 1 or 2)',
          },
        ],
        result: ok,
      },
      {
        name: 'doorLock.remoteUnlocks',
        title: 'get remote-unlock settings',
        family: 'remote-open',
        action: 'getSettings',
        method: 'GET',
        path: `${LOCK}/remote-unlocks`,
        idempotent: true,
        params: [device],
        result: { list: { from: 'result', as: 'settings', item: { type: 'remote_unlock_type', enabled: 'open' } } },
      },
      {
        name: 'doorLock.remoteUnlockConfig',
        title: 'set remote-unlock settings',
        family: 'remote-open',
        action: 'setSettings',
        method: 'POST',
        path: `${LOCK}/remote-unlock/config`,
        idempotent: true,
        params: [
          device,
          {
            name: 'type',
            wire: 'remote_unlock_type',
            type: 'string',
            default: 'withoutPassword',
            values: { withoutPassword: 'remoteUnlockWithoutPwd', withPassword: 'remoteUnlockWithPwd' },
            description: 'withoutPassword or withPassword (remote_unlock_type)',
          },
          { name: 'enabled', wire: 'open', type: 'boolean', required: true, description: 'Turn remote unlocking on or off (open)' },
        ],
        result: { fields: { type: '$type', enabled: '$enabled', success: 'result' } },
      },

      // Logs
      {
        name: 'doorLock.openingLogs',
        title: 'unlock logs',
        family: 'logs',
        action: 'unlock',
        method: 'GET',
        path: `${LOCK}/open-logs`,
        idempotent: true,
        params: [device, page(), pageSize(), { ...since('start_time', 'ms'), default: 0 }, { ...till('end_time', 'ms'), default: Date.UTC(2099, 0) }],
        result: {
          fields: { total: 'result.total' },
          list: {
            from: 'result.logs',
            as: 'records',
            item: {
              time: { from: 'update_time', type: 'time' },
              user: 'nick_name',
              userId: 'user_id',
              method: 'status.code',
              value: 'status.value',
              unlockName: 'unlock_name',
            },
          },
        },
      },
      {
        name: 'doorLock.alarmLogs',
        title: 'alarm logs',
        family: 'logs',
        action: 'alarm',
        method: 'GET',
        path: `${LOCK}/alarm-logs`,
        idempotent: true,
        params: [
          device,
          page(),
          pageSize(),
          { ...dpCodes('codes'), default: 'hijack,alarm_lock,doorbell', description: 'Alarm DP codes, comma separated (codes)' },
        ],
        result: {
          fields: { total: 'result.total' },
          list: {
            from: 'result.records',
            as: 'records',
            item: { time: { from: 'update_time', type: 'time' }, user: 'nick_name', alarm: 'status.code', value: 'status.value' },
          },
        },
      },
      {
        name: 'doorLock.listRecords',
        title: 'query logs',
        family: 'logs',
        action: 'query',
        method: 'GET',
        path: `${LOCK}/records`,
        idempotent: true,
        params: [
          device,
          { ...dpCodes('target_standard_dp_codes'), default: 'unlock_fingerprint,unlock_password,unlock_card,unlock_temporary' },
          { ...since('start_time', 'ms'), default: 0 },
          { ...till('end_time', 'ms'), default: 0 },
          page(),
          pageSize(),
        ],
        result: {
          fields: { total: 'result.total' },
          list: {
            from: 'result.records',
            as: 'records',
            item: {
              recordId: 'record_id',
              time: { from: 'gmt_create', type: 'time' },
              userId: 'user_id',
              user: 'user_name',
              unlockName: 'unlock_name',
              kind: 'record_type',
              dps: 'dps',
              media: 'media_info_list',
            },
          },
        },
      },
      {
        name: 'doorLock.operateRecords',
        title: 'operation records',
        family: 'logs',
        action: 'operations',
        method: 'GET',
        path: `${LOCK}/operate-records`,
        idempotent: true,
        params: [
          device,
          { ...since('startTime', 's'), default: 0 },
          { ...till('endTime', 's'), default: 0 },
          { name: 'userIds', wire: 'userIds', type: 'string', in: 'query', description: 'User IDs, comma separated (userIds)' },
          { name: 'categories', wire: 'logCategories', type: 'string', in: 'query', description: 'Log categories (logCategories)' },
          { name: 'cursor', wire: 'lastRowKey', type: 'string', in: 'query', description: 'lastRowKey of the previous page (lastRowKey)' },
          pageSize('pageSize', 100),
          { name: 'onlyMedia', wire: 'onlyShowMediaRecord', type: 'boolean', in: 'query', description: 'Only records with images (onlyShowMediaRecord)' },
        ],
        result: {
          fields: { hasMore: 'result.hasMore', cursor: 'result.lastRowKey' },
          list: {
            from: 'result.records',
            as: 'records',
            item: {
              logId: 'log_id',
              time: { from: 'time', type: 'time' },
              category: 'log_category',
              logType: 'log_type',
              userId: 'user_id',
              user: 'user_name',
            },
          },
        },
      },
      {
        name: 'doorLock.loglatest',
        title: 'latest log',
        family: 'logs',
        action: 'latest',
        method: 'GET',
        path: `${LOCK}/latest-log`,
        idempotent: true,
        params: [device],
        result: {
          fields: {
            logId: 'result.logId',
            category: 'result.logCategory',
            logType: 'result.logType',
            time: { from: 'result.time', type: 'time' },
            userId: 'result.userId',
            user: 'result.userName',
            unread: 'result.unReadCount',
          },
        },
      },
      {
        name: 'doorLock.getMediaUrl',
        title: 'media URL',
        family: 'logs',
        action: 'media',
        method: 'GET',
        path: `${LOCK}/latest/media/url`,
        idempotent: true,
        params: [
          device,
          {
            name: 'fileType',
            wire: 'file_type',
            type: 'string',
            default: 'remoteUnlock',
            values: { remoteUnlock: 1, alarm: 2 },
            in: 'query',
            description: 'remoteUnlock or alarm (file_type 1 or 2)',
          },
        ],
        result: { fields: { url: 'result.file_url', fileKey: 'result.file_key', bucket: 'result.bucket', path: 'result.file_path' } },
      },

      // Users and unlock methods
      {
        name: 'doorLock.listUsers',
        title: 'list users',
        family: 'users',
        action: 'list',
        method: 'GET',
        path: '/v1.0/smart-lock/devices/{device_id}/users',
        idempotent: true,
        // The action doc names the codes target_standard_dp_codes and requires them: without, no unlock methods come back.
        params: [
          device,
          { ...dpCodes('codes', true), aliases: ['target_standard_dp_codes'], default: 'unlock_fingerprint,unlock_password,unlock_card,unlock_face' },
          page(),
          pageSize(),
        ],
        result: {
          list: {
            from: 'result.records|result',
            as: 'users',
            item: {
              userId: 'user_id',
              lockUserId: 'lock_user_id',
              name: 'nick_name',
              contact: 'user_contact',
              userType: 'user_type',
              unlockMethods: 'unlock_detail',
              schedule: 'time_schedule_info',
            },
          },
        },
      },
      {
        name: 'doorLock.getUser',
        title: 'get user',
        family: 'users',
        action: 'get',
        method: 'GET',
        path: `${DEV}/users/{user_id}`,
        idempotent: true,
        params: [device, { ...userId, in: 'path', description: 'User ID, 0 for the current user (user_id)' }],
        result: {
          fields: {
            userId: 'result.user_id',
            name: 'result.nick_name',
            contact: 'result.contact|result.user_contact',
            lockUserId: 'result.lock_user_id',
            userType: 'result.user_type',
            avatar: 'result.avatar_url',
          },
        },
      },
      {
        name: 'doorLock.listUserOpmodes',
        title: 'user unlock methods',
        family: 'users',
        action: 'opmodes',
        method: 'GET',
        path: `${SMART}/opmodes/{user_id}`,
        idempotent: true,
        params: [
          device,
          { ...userId, in: 'path' },
          { ...dpCodes('codes', true), aliases: ['target_unlock_standard_dp_codes'], default: 'unlock_fingerprint,unlock_password,unlock_card,unlock_face' },
          {
            name: 'unlockName',
            wire: 'unlock_name',
            type: 'string',
            maxLength: 64,
            default: '',
            in: 'query',
            description: 'Only methods of this name; empty for all (unlock_name)',
          },
          page(),
          pageSize(),
        ],
        result: {
          fields: { hasMore: 'result.has_more', total: 'result.total' },
          list: {
            from: 'result.records',
            as: 'unlockMethods',
            item: { dpCode: 'dp_code', unlockSn: 'unlock_sn', name: 'unlock_name', userId: 'user_id', user: 'user_name', attr: 'unlock_attr' },
          },
        },
      },
      {
        name: 'doorLock.listUnallocatedOpmodes',
        title: 'unallocated unlock methods',
        family: 'users',
        action: 'unallocated',
        method: 'GET',
        path: `${LOCK}/opmodes/unallocated`,
        idempotent: true,
        params: [device, page(), pageSize()],
        result: { list: { from: 'result', as: 'unlockMethods', item: { opmode: 'opmode', dpCode: 'standard_dp', unlockInfo: 'unlock_info' } } },
        notes:
          'Tuya documents no REST path for this action (the path is inferred). Its REST API has GET …/door-lock/unassigned-keys?unlock_type=…, which answers another shape; use it through smartlock-api overrides if your locks need it.',
      },
      {
        name: 'doorLock.allocateOpmode',
        title: 'allocate unlock method',
        family: 'users',
        action: 'allocate',
        method: 'POST',
        path: `${LOCK}/opmodes/actions/allocate`,
        idempotent: true,
        params: [
          device,
          userId,
          { name: 'unlockList', wire: 'unlock_list', type: 'json', required: true, description: 'Unlock methods: [{dp_code, unlock_sn}] (unlock_list)' },
        ],
        result: ok,
      },
      {
        name: 'doorLock.deallocateOpmode',
        title: 'deallocate unlock method',
        family: 'users',
        action: 'deallocate',
        method: 'POST',
        path: `${SMART}/opmodes/actions/cancel-allocate`,
        idempotent: true,
        params: [
          device,
          userId,
          {
            // One method from dpCode + unlockSn, or several as unlockList.
            name: 'unlockList',
            wire: 'unlock_list',
            type: 'list',
            required: true,
            maxItems: 50,
            description: 'Unlock methods: [{dpCode, unlockSn}] (unlock_list)',
            item: [
              {
                name: 'dpCode',
                wire: 'code',
                type: 'string',
                required: true,
                maxLength: 64,
                aliases: ['dp_code'],
                description: 'Standard DP code of the unlock method, e.g. unlock_fingerprint (code)',
              },
              { name: 'unlockSn', wire: 'unlock_sn', type: 'integer', min: 0, required: true, description: 'Serial number of the unlock method (unlock_sn)' },
            ],
          },
        ],
        result: ok,
      },
      hijack(
        'doorLock.setHijack',
        'duress alarm on',
        'hijackOn',
        'PUT',
        `${LOCK}/unlock-types/{unlock_type}/keys/{unlock_no}/hijack`,
        { fingerprint: 'fingerprint', password: 'password', card: 'card' },
        'unlock_no',
      ),
      hijack(
        'doorLock.removeHijack',
        'duress alarm off',
        'hijackOff',
        'DELETE',
        `${SMART}/unlock-types/{unlock_type}/keys/{unlock_sn}/hijack`,
        { fingerprint: 'unlock_fingerprint', password: 'unlock_password', card: 'unlock_card', face: 'unlock_face' },
        'unlock_sn',
      ),
      {
        name: 'doorLock.createPermissionSharing',
        title: 'create sharing link',
        family: 'users',
        action: 'shareCreate',
        method: 'POST',
        path: `${LOCK}/permission-sharings`,
        idempotent: false,
        params: [
          device,
          { ...appSchema, default: 'cloud' },
          { name: 'sharer', wire: 'sharer', type: 'id', required: true, description: 'UID of the user who shares (sharer)' },
          { name: 'receiver', wire: 'receiver', type: 'id', description: 'UID of the receiver (receiver)' },
          {
            name: 'permission',
            wire: 'permission_detail',
            type: 'json',
            required: true,
            description: '{biz_type, available_times, name, effective_time, invalid_time, …} (permission_detail)',
          },
        ],
        result: sharing,
      },
      {
        name: 'doorLock.verifyPermissionSharing',
        title: 'verify sharing link',
        family: 'users',
        action: 'shareVerify',
        method: 'POST',
        path: '/v1.0/door-lock/permission-sharings/actions/verify',
        idempotent: true,
        params: [shareTicket],
        result: sharing,
      },
      {
        name: 'doorLock.confirmPermissionSharing',
        title: 'confirm sharing link',
        family: 'users',
        action: 'shareConfirm',
        method: 'POST',
        path: '/v1.0/door-lock/permission-sharings/{sharing_id}/actions/confirm',
        idempotent: false,
        params: [
          sharingId,
          { ...appSchema, default: 'cloud' },
          shareTicket,
          { name: 'receiver', wire: 'receiver', type: 'id', required: true, description: 'UID of the receiver (receiver)' },
        ],
        result: {
          fields: {
            permissionId: 'result.permission_id',
            bizType: 'result.biz_type',
            availableTimes: 'result.available_times',
            validFrom: { from: 'result.effective_time', type: 'time' },
            validUntil: { from: 'result.invalid_time', type: 'time' },
            effective: 'result.effective_flag',
          },
        },
      },
      {
        name: 'doorLock.cancelPermissionSharing',
        title: 'cancel sharing link',
        family: 'users',
        action: 'shareCancel',
        method: 'POST',
        path: '/v1.0/door-lock/permission-sharings/{sharing_id}/actions/cancel',
        idempotent: true,
        params: [sharingId, shareTicket],
        result: { fields: { sharingId: '$sharingId', success: 'result' } },
      },

      // Device
      {
        name: 'device.status',
        title: 'device status',
        family: 'device',
        action: 'status',
        method: 'GET',
        path: `${DEV}/status`,
        idempotent: true,
        params: [device],
        result: {
          list: {
            from: 'result',
            as: 'status',
            item: { code: 'code', value: 'value' },
            // closed_opened: the door sensor (Tuya's lock status set, as ./push.ts reads it). lock_motor_state is
            // only in `state`: Tuya's page names it "open and closed status of lock" without saying which value is locked.
            byKey: { as: 'state', key: 'code', value: 'value', fields: { door: { from: 'closed_opened', values: { open: 'open', closed: 'closed' } } } },
          },
        },
      },
      {
        name: 'device.control',
        title: 'send command',
        family: 'device',
        action: 'command',
        method: 'POST',
        path: `${DEV}/commands`,
        idempotent: false,
        params: [device, { name: 'commands', wire: 'commands', type: 'json', required: true, description: 'Commands: [{code, value}] (commands)' }],
        result: ok,
      },
      {
        name: 'device.getListByIds',
        title: 'device info',
        family: 'device',
        action: 'info',
        method: 'GET',
        path: '/v1.0/devices',
        idempotent: true,
        params: [
          {
            name: 'deviceId',
            wire: 'device_ids',
            type: 'string',
            required: true,
            maxLength: 2048,
            in: 'query',
            description: 'Device IDs, comma separated (device_ids)',
          },
          page(),
          pageSize(),
        ],
        result: {
          list: {
            from: 'result.devices|result',
            as: 'devices',
            item: {
              deviceId: 'id',
              name: 'name',
              online: 'online',
              category: 'category',
              productId: 'product_id',
              timeZone: 'time_zone',
              activeTime: 'active_time',
              status: 'status',
            },
          },
        },
        notes: 'activeTime (active_time) is the T0 time of the offline password algorithm.',
      },
      {
        name: 'doorLock.getAvailableInstructions',
        title: 'DP code map',
        method: 'GET',
        path: `${LOCK}/dp-instructions`,
        idempotent: true,
        params: [device],
        result: { list: { from: 'result', as: 'instructions', item: { dpId: 'dp_id', dpCode: 'dp_code' } } },
      },
      {
        name: 'doorLock.unlockInstruction',
        title: 'Bluetooth unlock instruction',
        method: 'POST',
        path: `${LOCK}/unlock-instruction`,
        idempotent: false,
        params: [device, ...bleParams],
        result: instruction,
      },
      {
        name: 'doorLock.bleOpenInstruction',
        title: 'Bluetooth open instruction',
        method: 'POST',
        path: `${LOCK}/ble-open-instruction`,
        idempotent: false,
        params: [
          device,
          ...bleParams,
          { name: 'open', wire: 'open', type: 'boolean', description: 'true unlocks, false locks (open)' },
          {
            name: 'bluetoothMajorVersion',
            wire: 'bluetooth_major_version',
            type: 'integer',
            min: 1,
            max: 99,
            description: 'Bluetooth protocol major version, default 3 (bluetooth_major_version)',
          },
        ],
        result: instruction,
      },
      {
        name: 'doorLock.getIssuedConfig',
        title: 'issued config',
        method: 'GET',
        path: `${LOCK}/issued-config`,
        idempotent: true,
        params: [device],
        result: { fields: { lockRandom: 'result.lock_random', lockRecord: 'result.lock_record' } },
      },
      {
        name: 'doorLock.getSyncableOpmodeTypes',
        title: 'syncable unlock methods',
        method: 'GET',
        path: `${LOCK}/syncable-opmode-types`,
        idempotent: true,
        params: [device, dpCodes('target_standard_dp_codes', true)],
        result: { fields: { dpId: 'result.dp_id', distributed: 'result.distributed', instruction: 'result.ins' } },
      },
      {
        name: 'device.pairingAuthKey',
        title: 'pairing auth key',
        method: 'GET',
        path: '/v1.0/devices/pairing-auth-key',
        idempotent: true,
        params: [
          { name: 'homeId', wire: 'home_id', type: 'id', required: true, in: 'query', description: 'Home ID (home_id)' },
          { name: 'uuid', wire: 'uuid', type: 'id', required: true, in: 'query', description: 'Device UUID (uuid)' },
          { name: 'uid', wire: 'uid', type: 'id', required: true, in: 'query', description: 'User ID (uid)' },
        ],
        result: { fields: { encryptedAuthKey: 'result.encrypted_auth_key', random: 'result.random|result.rondom' } },
      },
      {
        name: 'timer.currentTime',
        title: 'server time',
        method: 'GET',
        path: '/v1.0/iot-03/cloud/system-time',
        idempotent: true,
        params: [],
        result: { fields: { time: { from: 'result', type: 'time' } } },
        notes: "The action doc's sample swaps result and success; Tuya answers the time in ms as result.",
      },
    ],
  ).map((op) => {
    const ev = TUYA_PATH_EVIDENCE[op.name];
    if (!ev) return op;
    return { ...op, source: ev.path ? `${op.source}; REST path: ${ev.path}` : op.source, unverified: ev.unverified && `REST path: ${ev.unverified}` };
  }),
};
