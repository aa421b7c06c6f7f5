import { fromDoc, pageParam, pageSizeParam, type Catalog, type Operation, type Param, type ResultSpec, type VendorOptions } from '../../catalog';

/** An Alibaba Cloud IoT operation: the neutral shape, the API version of its envelope and the token it wants. */
export interface AliyunOperation extends Operation {
  apiVer?: string;
  auth?: 'cloud' | 'user' | 'none';
}

/** What a config's overrides may set besides the neutral corrections. */
export const ALIYUN_OPTIONS: VendorOptions = { apiVer: { pattern: /^\d+(\.\d+)*$/, form: '1.0.2' } };

/**
 * Alibaba Cloud IoT living-link: the lock service (vendor-docs/aliyun-iot-lock-service.zh.txt,
 * client APIs needing the user's iotToken) and the entrance QR-code/card service
 * (vendor-docs/aliyun-iot-entrance-qrcode-card-service.zh.txt). Every API is `POST {host}{path}`
 * with the gateway's JSON envelope; the operation name is the documented path.
 */
const device: Param = { name: 'deviceId', wire: 'iotId', type: 'id', required: true, description: 'Device iotId' };
const person: Param = { name: 'personId', wire: 'identityId', type: 'id', required: true, description: 'Unified identity ID of the person (identityId)' };
const virtualUser: Param = { name: 'virtualUserId', wire: 'virtualUserId', type: 'id', required: true, description: 'Virtual user ID (virtualUserId)' };
const keyId: Param = {
  name: 'keyId',
  wire: 'lockUserId',
  type: 'id',
  required: true,
  description: 'Key ID: the lock user ID the device reported (lockUserId)',
};
const keyType: Param = {
  name: 'keyType',
  wire: 'lockUserType',
  type: 'string',
  required: true,
  values: { fingerprint: 1, password: 2, card: 3, key: 4 },
  description: 'fingerprint, password, card or key (lockUserType 1-4)',
};
const keyPermission: Param = {
  name: 'keyPermission',
  wire: 'lockUserPermType',
  type: 'string',
  required: true,
  values: { normal: 1, admin: 2, duress: 3 },
  description: 'normal, admin or duress (lockUserPermType 1-3)',
};
const page = pageParam('pageNo');
const pageSize = (max: number): Param => pageSizeParam('pageSize', max);
const deviceIds = (max: number): Param => ({
  name: 'deviceIds',
  wire: 'iotIds',
  type: 'list',
  of: 'id',
  required: true,
  maxItems: max,
  description: `Device iotIds, at most ${max} (iotIds)`,
});
const qrCode: Param = {
  name: 'qrCode',
  wire: 'qrCode',
  type: 'string',
  required: true,
  maxLength: 128,
  secret: true,
  description: 'The QR code string (qrCode)',
};
const lockKey = (extra: Param[] = []): Param => ({
  name: 'keys',
  wire: 'originalLockUsers',
  type: 'list',
  required: true,
  item: [{ ...device }, { ...keyId }, { ...keyType }, ...extra],
  description: 'Keys: [{deviceId, keyId, keyType}] (originalLockUsers)',
});
const binding = {
  deviceId: 'iotId',
  keyId: 'lockUserId',
  keyType: 'lockUserType',
  keyPermission: 'lockUserPermType',
  virtualUserId: 'userId',
  identityId: 'identityId',
};
const done = (extra: ResultSpec['fields'] = {}): ResultSpec => ({ fields: { success: { from: 'code', type: 'boolean' }, ...extra } });
const failures = (item: Record<string, string>): ResultSpec => ({ list: { from: 'data', as: 'failures', item } });
const cardItem = { deviceId: 'iotId', cardId: 'cardId', personId: 'identityId', validUntil: { from: 'expiryTime', type: 'time' as const } };

/** Lock service APIs: apiVer 1.0.0, the signed-in user's iotToken. */
const lock = (op: Omit<AliyunOperation, 'method' | 'apiVer' | 'auth'>): AliyunOperation => ({ method: 'POST', apiVer: '1.0.0', auth: 'user', ...op });
/** Entrance service APIs: the project's cloud token when the config has a project. */
const entrance = (apiVer: string, op: Omit<AliyunOperation, 'method' | 'apiVer' | 'auth'>): AliyunOperation => ({
  method: 'POST',
  apiVer,
  auth: 'cloud',
  ...op,
});

export const aliyunCatalog: Catalog<AliyunOperation> = {
  vendor: 'aliyun',
  title: 'Alibaba Cloud IoT',
  timeEncoding: 'local',
  // The lock service (/lock/…) and the entrance service each have a doc; an API's section is its path.
  operations: fromDoc<AliyunOperation>(
    (op) => `Alibaba Cloud IoT ${op.path.startsWith('/lock/') ? 'lock service' : 'entrance QR code and card service'} document › ${op.path}`,
    [
      // Lock service: keys and virtual users
      lock({
        name: '/lock/key/user/bind',
        title: 'bind key to user',
        family: 'users',
        action: 'keyBind',
        path: '/lock/key/user/bind',
        idempotent: true,
        params: [virtualUser, keyId, keyType, keyPermission, device],
        result: done(),
        notes: "Only the lock's admin may bind. 28530: the key is bound to another virtual user.",
      }),
      lock({
        name: '/lock/key/user/unbind',
        title: 'unbind key from user',
        family: 'users',
        action: 'keyUnbind',
        path: '/lock/key/user/unbind',
        idempotent: true,
        params: [virtualUser, keyId, keyType, device],
        result: done(),
      }),
      lock({
        name: '/lock/key/users/bindinfo/get',
        title: 'key bindings',
        family: 'users',
        action: 'keyBindings',
        path: '/lock/key/users/bindinfo/get',
        idempotent: true,
        params: [virtualUser, lockKey()],
        result: { list: { from: 'data.lockUsers|data', as: 'keys', item: binding } },
      }),
      lock({
        name: '/lock/key/user/bindinfo/get',
        title: 'key binding',
        family: 'users',
        action: 'keyBinding',
        path: '/lock/key/user/bindinfo/get',
        idempotent: true,
        params: [virtualUser, keyId, keyType, device],
        result: { fields: Object.fromEntries(Object.entries(binding).map(([k, v]) => [k, `data.${v}`])) },
      }),
      lock({
        name: '/lock/key/user/unbind/filter',
        title: 'keys not bound',
        family: 'users',
        action: 'unboundKeys',
        path: '/lock/key/user/unbind/filter',
        idempotent: true,
        params: [lockKey([{ ...keyPermission, required: false }])],
        result: { list: { from: 'data.originalLockUsers|data', as: 'keys', item: binding } },
      }),
      lock({
        name: '/lock/key/user/bindlist/get',
        title: 'keys of a user',
        family: 'users',
        action: 'userKeys',
        path: '/lock/key/user/bindlist/get',
        idempotent: true,
        params: [virtualUser, { ...keyType, required: false }, { ...keyPermission, required: false }],
        result: { list: { from: 'data.lockUsers|data', as: 'keys', item: binding } },
      }),
      lock({
        name: '/lock/dev/virtual/user/get',
        title: 'users of a lock',
        family: 'users',
        action: 'deviceUsers',
        path: '/lock/dev/virtual/user/get',
        idempotent: true,
        params: [device],
        result: { list: { from: 'data.userInfos|data', as: 'users', item: { virtualUserId: 'userId', attributes: 'attrList' } } },
      }),
      lock({
        name: '/lock/key/user/delete',
        title: 'delete key',
        family: 'users',
        action: 'keyDelete',
        path: '/lock/key/user/delete',
        idempotent: true,
        params: [keyId, keyType, device],
        result: done(),
        notes: 'Unbinds the key from its virtual user first; 28504: the lock is offline.',
      }),
      lock({
        name: '/lock/key/virtual/user/get',
        title: 'user of a key',
        family: 'users',
        action: 'keyUser',
        path: '/lock/key/virtual/user/get',
        idempotent: true,
        params: [keyId, keyType, device],
        result: { fields: { virtualUserId: 'data.userId', attributes: 'data.attrList' } },
      }),
      lock({
        name: '/lock/nickname/set',
        title: 'set nickname',
        family: 'device',
        action: 'nickname',
        path: '/lock/nickname/set',
        idempotent: true,
        params: [{ name: 'name', wire: 'nickName', type: 'string', required: true, maxLength: 64, description: "The lock's nickname (nickName)" }, device],
        result: done(),
      }),
      lock({
        name: '/lock/event/history/query',
        title: 'event history',
        family: 'logs',
        action: 'query',
        path: '/lock/event/history/query',
        idempotent: true,
        params: [
          // The doc's table writes iotid, its example iotId; the example's spelling is used (override `wire` if needed).
          device,
          { name: 'events', wire: 'events', type: 'list', of: 'string', description: 'Event identifiers, e.g. DoorOpenNotification,HijackingAlarm (events)' },
          { name: 'since', wire: 'start', type: 'time', unit: 'ms', required: true, description: 'Start of the period (start, ms)' },
          { name: 'until', wire: 'end', type: 'time', unit: 'ms', required: true, description: 'End of the period (end, ms)' },
          { ...keyId, required: false },
          { ...keyType, required: false },
          { ...virtualUser, required: false },
          page,
          pageSize(50),
        ],
        rules: [{ after: ['until', 'since'] }],
        result: {
          fields: { total: 'data.total', page: 'data.pageNo' },
          list: {
            from: 'data.data|data',
            as: 'records',
            item: {
              time: { from: 'service_date', type: 'time' },
              deviceTime: { from: 'client_date', type: 'time' },
              event: 'event_code',
              deviceId: 'iot_id',
              keyId: 'KeyID',
              keyType: 'LockType',
              keyPermission: 'UserLimit',
              // another output of the event ("…" in the doc's table): a remote unlock's Status
              status: 'Status',
            },
          },
        },
      }),

      // Entrance service: persons
      entrance('1.0.0', {
        name: '/entrance/paas/user/modify',
        title: 'add or update person',
        family: 'users',
        action: 'personSave',
        path: '/entrance/paas/user/modify',
        idempotent: true,
        params: [
          person,
          { name: 'name', wire: 'name', type: 'string', maxLength: 64, description: 'How to call the person; needed when creating (name)' },
          { name: 'extInfo', wire: 'extInfo', type: 'string', maxLength: 1024, description: 'Your own information (extInfo)' },
        ],
        result: done({ personId: '$personId' }),
      }),
      entrance('1.0.0', {
        name: '/entrance/paas/user/delete',
        title: 'delete person',
        family: 'users',
        action: 'personDelete',
        path: '/entrance/paas/user/delete',
        idempotent: true,
        params: [person],
        result: done({ personId: '$personId' }),
      }),
      entrance('1.0.0', {
        name: '/entrance/paas/user/get',
        title: 'get person',
        family: 'users',
        action: 'personGet',
        path: '/entrance/paas/user/get',
        idempotent: true,
        params: [person],
        result: { fields: { personId: 'data.identityId', name: 'data.name', extInfo: 'data.extInfo' } },
      }),
      entrance('1.0.0', {
        name: '/entrance/paas/user/query',
        title: 'list persons',
        family: 'users',
        action: 'list',
        path: '/entrance/paas/user/query',
        idempotent: true,
        params: [pageSize(100), page],
        result: {
          fields: { total: 'data.total' },
          list: { from: 'data.data', as: 'users', item: { personId: 'identityId', name: 'name', extInfo: 'extInfo' } },
        },
      }),

      // Entrance service: cards
      entrance('1.0.2', {
        name: '/entrance/paas/perm/card/batchmodify',
        title: 'grant cards',
        family: 'card',
        action: 'issue',
        path: '/entrance/paas/perm/card/batchmodify',
        idempotent: true,
        params: [
          {
            name: 'cards',
            wire: 'cards',
            type: 'list',
            required: true,
            chunk: 1000,
            item: [
              person,
              device,
              { name: 'cardId', wire: 'cardId', type: 'id', required: true, maxLength: 255, description: 'Card ID (cardId)' },
              { name: 'validUntil', wire: 'expiryTime', type: 'time', required: true, description: 'End of validity (expiryTime)' },
            ],
            description: 'Cards: [{personId, deviceId, cardId, validUntil}]; sent 1000 per call (cards)',
          },
        ],
        result: {
          // The first card's fields, so a single grant answers like issue card elsewhere.
          fields: { cardId: '$cards.0.cardId', deviceId: '$cards.0.deviceId', personId: '$cards.0.personId', validUntil: '$cards.0.validUntil' },
          list: failures({ personId: 'identityId', deviceId: 'iotId', cardId: 'cardId' }).list,
        },
        notes: 'The answer lists the rows that failed (failures); any number of cards is sent 1000 per call and the failures merged.',
      }),
      entrance('1.0.1', {
        name: '/entrance/paas/perm/card/batchdelete',
        title: 'revoke cards',
        family: 'card',
        action: 'revoke',
        path: '/entrance/paas/perm/card/batchdelete',
        idempotent: true,
        params: [
          {
            name: 'cards',
            wire: 'list',
            type: 'list',
            required: true,
            chunk: 1000,
            item: [person, device, { name: 'cardId', wire: 'cardId', type: 'id', required: true, maxLength: 255, description: 'Card ID (cardId)' }],
            description: 'Card permissions to remove: [{personId, deviceId, cardId}] (list)',
          },
        ],
        result: failures({ personId: 'identityId', deviceId: 'iotId', cardId: 'cardId' }),
      }),
      entrance('1.0.0', {
        name: '/entrance/paas/user/perm/query',
        title: 'cards of a person',
        family: 'card',
        action: 'read',
        path: '/entrance/paas/user/perm/query',
        idempotent: true,
        params: [person, deviceIds(100)],
        result: { list: { from: 'data.data', as: 'cards', item: cardItem } },
      }),
      entrance('1.0.0', {
        name: '/entrance/paas/device/perm/query',
        title: 'cards of a device',
        family: 'card',
        action: 'list',
        path: '/entrance/paas/device/perm/query',
        idempotent: true,
        params: [device, pageSize(100), page],
        result: { fields: { total: 'data.total' }, list: { from: 'data.data', as: 'cards', item: cardItem } },
      }),

      // Entrance service: keep-open
      entrance('1.0.0', {
        name: '/entrance/paas/keepopen/get',
        title: 'get keep-open',
        family: 'keep-open',
        action: 'get',
        path: '/entrance/paas/keepopen/get',
        idempotent: true,
        params: [device],
        result: { fields: { deviceId: '$deviceId', keepOpen: 'data' } },
      }),
      entrance('1.0.0', {
        name: '/entrance/paas/keepopen/set',
        title: 'set keep-open',
        family: 'keep-open',
        action: 'set',
        path: '/entrance/paas/keepopen/set',
        idempotent: true,
        params: [device, { name: 'keepOpen', wire: 'keepOpen', type: 'boolean', required: true, description: 'true holds the door open (keepOpen)' }],
        result: { fields: { deviceId: '$deviceId', keepOpen: '$keepOpen' } },
      }),

      // QR codes
      entrance('1.0.1', {
        name: '/homelink/common/qrcode/generate',
        title: 'generate QR code',
        family: 'qrcode',
        action: 'generate',
        path: '/homelink/common/qrcode/generate',
        idempotent: false,
        params: [
          person,
          { name: 'codeLength', wire: 'codeLength', type: 'integer', min: 4, max: 64, description: 'Length of the code, 16 by default (codeLength)' },
        ],
        result: { fields: { qrCode: 'data', personId: '$personId' } },
      }),
      entrance('1.0.1', {
        name: '/entrance/paas/perm/qrcode/config',
        title: 'grant QR code to devices',
        family: 'qrcode',
        action: 'grant',
        path: '/entrance/paas/perm/qrcode/config',
        idempotent: true,
        params: [
          qrCode,
          deviceIds(500),
          person,
          { name: 'validFrom', wire: 'effectiveTime', type: 'time', description: 'Start of validity, now by default (effectiveTime)' },
          { name: 'validUntil', wire: 'expiryTime', type: 'time', required: true, description: 'End of validity (expiryTime)' },
          { name: 'maxScans', wire: 'maxScanTimes', type: 'integer', min: -1, description: 'Most scans, -1 (default) for no limit (maxScanTimes)' },
          {
            name: 'scanScope',
            wire: 'maxScanScope',
            type: 'string',
            values: { share: 'SHARE', device: 'DEVICE' },
            description: 'share: one count for all doors; device (default): per door (maxScanScope)',
          },
        ],
        rules: [{ after: ['validUntil', 'validFrom'] }],
        result: { list: { from: 'data', as: 'results', item: { deviceId: 'iotId', code: { from: 'code', type: 'number' }, message: 'message' } } },
      }),
      entrance('1.0.1', {
        name: '/entrance/paas/perm/qrcode/remove',
        title: 'revoke QR code',
        family: 'qrcode',
        action: 'revoke',
        path: '/entrance/paas/perm/qrcode/remove',
        idempotent: true,
        params: [qrCode, person, deviceIds(500)],
        result: { list: { from: 'data', as: 'results', item: { deviceId: 'iotId', code: { from: 'code', type: 'number' }, message: 'message' } } },
      }),
      entrance('1.0.1', {
        name: '/entrance/paas/perm/qrcode/generate',
        title: 'generate and grant QR code (old)',
        family: 'qrcode',
        action: 'generateAndGrant',
        path: '/entrance/paas/perm/qrcode/generate',
        idempotent: false,
        params: [
          deviceIds(500),
          person,
          { name: 'validUntil', wire: 'expiryTime', type: 'time', required: true, description: 'End of validity, at most 24 h after the start (expiryTime)' },
          { name: 'validFrom', wire: 'effectiveTime', type: 'time', description: 'Start of validity, not in the past; now by default (effectiveTime)' },
        ],
        rules: [{ after: ['validUntil', 'validFrom'] }, { within: ['validUntil', 'validFrom', 24 * 3600e3] }],
        result: { fields: { qrCode: 'data', personId: '$personId' } },
        notes: 'Not recommended by Alibaba Cloud: limited to 2000 codes per second per tenant. Prefer generate QR code + grant to devices.',
      }),

      // Passwords and remote opening
      entrance('1.0.0', {
        name: '/entrance/paas/perm/passwd/modify',
        title: 'set door passwords',
        family: 'password',
        action: 'create',
        path: '/entrance/paas/perm/passwd/modify',
        idempotent: false,
        params: [
          {
            name: 'passwords',
            wire: 'passwords',
            type: 'list',
            required: true,
            maxItems: 100,
            item: [
              person,
              device,
              { name: 'password', wire: 'password', type: 'string', required: true, maxLength: 255, secret: true, description: 'The password (password)' },
              { name: 'slot', wire: 'number', type: 'integer', min: 0, description: 'Password number on the door (number)' },
              // The doc's table says expiredDate, its example expiryDate; the table's name is used.
              { name: 'validUntil', wire: 'expiredDate', type: 'time', required: true, description: 'End of validity (expiredDate)' },
            ],
            description: 'Passwords, at most 100: [{personId, deviceId, password, slot, validUntil}] (passwords)',
          },
        ],
        result: {
          fields: {
            passwordId: { from: '$passwords.0.slot', type: 'string' },
            deviceId: '$passwords.0.deviceId',
            personId: '$passwords.0.personId',
            validUntil: '$passwords.0.validUntil',
          },
          list: failures({ deviceId: 'iotId' }).list,
        },
      }),
      {
        name: '/cloud/thing/service/invoke',
        title: 'remote open',
        family: 'remote-open',
        action: 'open',
        method: 'POST',
        path: '/cloud/thing/service/invoke',
        apiVer: '1.0.1',
        auth: 'cloud',
        idempotent: false,
        params: [device],
        fixed: { identifier: 'remoteOpen', args: {} },
        result: done({ deviceId: '$deviceId' }),
      },
    ],
  ),
};
