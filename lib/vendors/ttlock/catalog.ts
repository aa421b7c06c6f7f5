import { pageParam, pageSizeParam, type Catalog, type Operation, type Param, type ResultSource } from '../../catalog';
import { TTLOCK_EVIDENCE } from './evidence';

/**
 * TTLock open platform, cloud API v3: form-encoded POSTs (and GETs for lists) with clientId,
 * accessToken and date (ms) added by the client; times in epoch ms; `{errcode, errmsg}` on
 * failure. Each operation's method and path are those of its page (./evidence.ts), which names
 * it: the operation name is TTLock's own path after /v3/.
 */
const lock: Param = {
  name: 'deviceId',
  wire: 'lockId',
  type: 'id',
  required: true,
  aliases: ['lockId'],
  description: 'Lock ID (lockId), as list devices gives it',
};
const validFrom: Param = { name: 'validFrom', wire: 'startDate', type: 'time', required: true, description: 'Start of validity (startDate)' };
const validUntil: Param = { name: 'validUntil', wire: 'endDate', type: 'time', required: true, description: 'End of validity (endDate)' };
const page = pageParam('pageNo');
const pageSize = (max: number): Param => pageSizeParam('pageSize', max);
const name = (wire: string, what: string, required = false): Param => ({
  name: 'name',
  wire,
  type: 'string',
  required,
  maxLength: 100,
  description: `${what} (${wire})`,
});
const idOf = (neutral: string, wire: string, what: string): Param => ({ name: neutral, wire, type: 'id', required: true, description: `${what} (${wire})` });
const passwordId = idOf('passwordId', 'keyboardPwdId', 'Passcode ID, as create or list passwords gives it');
const cardId = idOf('cardId', 'cardId', 'IC card ID, as issue card or list cards gives it');
const fingerprintId = idOf('fingerprintId', 'fingerprintId', 'Fingerprint ID, as list fingerprints gives it');
const keyId = idOf('keyId', 'keyId', 'eKey ID, as send eKey or list users gives it');
const untilAfterFrom = { after: ['validUntil', 'validFrom'] as [string, string] };
const optional = (p: Param, description: string): Param => ({ ...p, required: false, description });
/** Forever by an explicit yes (a yes/no field in the editor), never by a validity left empty. */
const permanent = (what: string, wire: Pick<Param, 'wire' | 'in' | 'values'>): Param => ({
  name: 'permanent',
  type: 'boolean',
  default: false,
  ...wire,
  description: `true: a permanent ${what}, without validFrom and validUntil; false (default): valid from validFrom to validUntil`,
});
const permanentOr = (send?: Record<string, number>) => ({
  permanent: 'permanent',
  validity: ['validFrom', 'validUntil'] as [string, string],
  ...(send ? { send } : {}),
});

// Through the gateway or a Wi-Fi lock (2): the pages' other ways only record what an app did over Bluetooth.
const VIA_GATEWAY = 2;
// Newest first, as an integrator reads a list (the pages require an order).
const NEWEST_FIRST = 1;

const time = (from: string): ResultSource => ({ from, type: 'time', unit: 'ms' });
const text = (from: string): ResultSource => ({ from, type: 'string' });
const validity = { validFrom: '$validFrom', validUntil: '$validUntil' };
const done = (fields: Record<string, ResultSource> = {}): Operation['result'] => ({ fields: { deviceId: '$deviceId', ...fields } });
const listed = (as: string, item: Record<string, ResultSource>): Operation['result'] => ({
  fields: { total: 'total', page: 'pageNo' },
  list: { from: 'list', as, item },
});

type Entry = Omit<Operation, 'method' | 'path' | 'source'>;

/** An operation on its page's route, sourced to that page. */
function op(entry: Entry): Operation {
  const ev = TTLOCK_EVIDENCE[entry.name];
  return { ...entry, method: ev.route.method, path: ev.route.path, source: ev.source };
}

export const ttlockCatalog: Catalog = {
  vendor: 'ttlock',
  title: 'TTLock open platform',
  timeEncoding: 'ms',
  // lockData is what the TTLock app SDK opens the lock with over Bluetooth; noKeyPwd the lock's super passcode.
  secretFields: ['lockData', 'noKeyPwd'],
  operations: [
    op({
      name: 'lock/unlock',
      title: 'remote unlock',
      family: 'remote-open',
      action: 'open',
      idempotent: false,
      params: [lock],
      // Success is errcode 0: the answer carries nothing else.
      result: done({ success: { from: 'errcode', equals: 0 } }),
      notes: 'Through the gateway or a Wi-Fi lock. TTLock answers -4043 when remote unlock is off in the lock settings of the TTLock app.',
    }),
    op({
      name: 'lock/lock',
      title: 'remote lock',
      family: 'remote-open',
      action: 'lock',
      // Locking a locked door changes nothing.
      idempotent: true,
      params: [lock],
      result: done({ success: { from: 'errcode', equals: 0 } }),
    }),
    op({
      name: 'lock/queryOpenState',
      title: 'open state',
      family: 'device',
      action: 'status',
      idempotent: true,
      params: [lock],
      // TTLock "Get the open state of a lock" (euopen.ttlock.com/doc/api/v3/lock/queryOpenState): state 0 locked, 1 unlocked, 2 unknown.
      result: done({ state: 'state', open: { from: 'state', equals: 1 }, locked: { from: 'state', values: { 0: true, 1: false } } }),
      notes: 'state: 0 locked, 1 unlocked, 2 unknown (open false, locked left out).',
    }),
    op({
      name: 'lock/list',
      title: 'list locks',
      family: 'device',
      action: 'list',
      idempotent: true,
      params: [
        { name: 'name', wire: 'lockAlias', type: 'string', maxLength: 100, description: 'Part of the lock name to look for (lockAlias)' },
        page,
        pageSize(1000),
      ],
      result: listed('devices', {
        deviceId: text('lockId'),
        name: 'lockAlias',
        bluetoothName: 'lockName',
        mac: 'lockMac',
        battery: 'electricQuantity',
        hasGateway: { from: 'hasGateway', equals: 1 },
        groupId: 'groupId',
        addedAt: time('date'),
      }),
      notes:
        'Only the locks this account added (as top administrator). The lockData the answer carries (what opens the lock over Bluetooth) is masked in msg.smartlock.response.',
    }),
    op({
      name: 'gateway/list',
      title: 'list gateways',
      family: 'device',
      action: 'gateways',
      idempotent: true,
      params: [page, pageSize(200)],
      fixed: { orderBy: NEWEST_FIRST },
      result: listed('gateways', {
        gatewayId: text('gatewayId'),
        name: 'gatewayName',
        mac: 'gatewayMac',
        version: 'gatewayVersion',
        network: 'networkName',
        locks: 'lockNum',
        online: { from: 'isOnline', equals: 1 },
      }),
    }),
    op({
      name: 'keyboardPwd/get',
      title: 'random passcode',
      family: 'password',
      action: 'offline',
      idempotent: false,
      params: [
        lock,
        {
          name: 'type',
          wire: 'keyboardPwdType',
          type: 'string',
          default: 'period',
          values: {
            once: 1,
            permanent: 2,
            period: 3,
            delete: 4,
            weekend: 5,
            daily: 6,
            workday: 7,
            monday: 8,
            tuesday: 9,
            wednesday: 10,
            thursday: 11,
            friday: 12,
            saturday: 13,
            sunday: 14,
          },
          description: 'Passcode type: once, permanent, period, delete, weekend, daily, workday or a weekday (keyboardPwdType)',
        },
        name('keyboardPwdName', 'Passcode name'),
        validFrom,
        { ...validUntil, required: false, description: 'End of validity, needed for a period passcode (endDate)' },
      ],
      rules: [untilAfterFrom],
      result: done({ passwordId: text('keyboardPwdId'), password: 'keyboardPwd', ...validity }),
      notes:
        'The cloud computes the passcode: the lock needs no gateway. Validity is in whole hours (19:20 starts at 19:00); a period passcode lasts at most a year and must be used within 24 hours of its start.',
    }),
    op({
      name: 'keyboardPwd/add',
      title: 'add custom passcode',
      family: 'password',
      action: 'create',
      idempotent: false,
      params: [
        lock,
        {
          name: 'password',
          wire: 'keyboardPwd',
          type: 'digits',
          required: true,
          minLength: 4,
          maxLength: 9,
          secret: true,
          description: 'The passcode: 4-9 digits (keyboardPwd)',
        },
        name('keyboardPwdName', 'Passcode name'),
        // keyboardPwdType: 2 permanent, 3 period (the page's only two for a custom passcode)
        permanent('passcode', { wire: 'keyboardPwdType', values: { true: 2, false: 3 } }),
        optional(validFrom, 'Start of validity, unless permanent (startDate)'),
        optional(validUntil, 'End of validity, unless permanent (endDate)'),
      ],
      rules: [permanentOr(), untilAfterFrom],
      fixed: { addType: VIA_GATEWAY },
      result: done({ passwordId: text('keyboardPwdId'), name: '$name', permanent: '$permanent', ...validity }),
      notes:
        'Written into the lock through its gateway or Wi-Fi: a lock holds at most 250 custom passcodes (-3009 when full). permanent: true adds one without validity (keyboardPwdType 2).',
    }),
    op({
      name: 'keyboardPwd/change',
      title: 'change passcode',
      family: 'password',
      action: 'modify',
      idempotent: true,
      params: [
        lock,
        passwordId,
        {
          name: 'password',
          wire: 'newKeyboardPwd',
          type: 'digits',
          minLength: 4,
          maxLength: 9,
          secret: true,
          description: 'The new passcode: 4-9 digits (newKeyboardPwd)',
        },
        name('keyboardPwdName', 'New passcode name'),
        { ...validFrom, required: false, description: 'New start of validity; give it with validUntil (startDate)' },
        { ...validUntil, required: false, description: 'New end of validity; give it with validFrom (endDate)' },
      ],
      // TTLock changes a period only with both dates: with one it answers success and changes nothing.
      rules: [{ oneOf: ['password', 'name', 'validFrom', 'validUntil'] }, { together: ['validFrom', 'validUntil'] }, untilAfterFrom],
      fixed: { changeType: VIA_GATEWAY },
      result: done({ passwordId: '$passwordId', ...validity }),
    }),
    op({
      name: 'keyboardPwd/delete',
      title: 'delete passcode',
      family: 'password',
      action: 'delete',
      idempotent: true,
      params: [lock, passwordId],
      fixed: { deleteType: VIA_GATEWAY },
      result: done({ passwordId: '$passwordId' }),
    }),
    op({
      name: 'lock/listKeyboardPwd',
      title: 'list passcodes',
      family: 'password',
      action: 'list',
      idempotent: true,
      params: [lock, page, pageSize(200)],
      fixed: { orderBy: NEWEST_FIRST },
      result: listed('passwords', {
        passwordId: text('keyboardPwdId'),
        password: 'keyboardPwd',
        name: 'keyboardPwdName',
        type: 'keyboardPwdType',
        validFrom: time('startDate'),
        validUntil: time('endDate'),
        custom: { from: 'isCustom', equals: 1 },
        sender: 'senderUsername',
      }),
    }),
    op({
      name: 'identityCard/addForReversedCardNumber',
      title: 'add IC card by number',
      family: 'card',
      action: 'issue',
      idempotent: false,
      params: [
        lock,
        { name: 'cardNumber', wire: 'cardNumber', type: 'id', required: true, maxLength: 32, description: 'The card number a reader shows (cardNumber)' },
        name('cardName', 'Card name'),
        validFrom,
        validUntil,
      ],
      rules: [untilAfterFrom],
      fixed: { addType: VIA_GATEWAY },
      result: done({ cardId: text('cardId'), cardNumber: '$cardNumber', ...validity }),
      notes:
        'Written into the lock through its gateway or Wi-Fi. TTLock stores the number byte-reversed (list cards shows 1723612378 for 3661413478); a lock holds at most 1000 cards (-4056 when full).',
    }),
    op({
      name: 'identityCard/changePeriod',
      title: 'change card validity',
      family: 'card',
      action: 'changeValidity',
      idempotent: true,
      params: [lock, cardId, validFrom, validUntil],
      rules: [untilAfterFrom],
      fixed: { changeType: VIA_GATEWAY },
      result: done({ cardId: '$cardId', ...validity }),
    }),
    op({
      name: 'identityCard/delete',
      title: 'delete IC card',
      family: 'card',
      action: 'revoke',
      idempotent: true,
      params: [lock, cardId],
      fixed: { deleteType: VIA_GATEWAY },
      result: done({ cardId: '$cardId' }),
    }),
    op({
      name: 'identityCard/list',
      title: 'list IC cards',
      family: 'card',
      action: 'list',
      idempotent: true,
      params: [lock, page, pageSize(200)],
      fixed: { orderBy: NEWEST_FIRST },
      result: listed('cards', {
        cardId: text('cardId'),
        cardNumber: 'cardNumber',
        name: 'cardName',
        validFrom: time('startDate'),
        validUntil: time('endDate'),
        addedAt: time('createDate'),
        sender: 'senderUsername',
      }),
    }),
    op({
      name: 'fingerprint/list',
      title: 'list fingerprints',
      family: 'fingerprint',
      action: 'list',
      idempotent: true,
      params: [lock, page, pageSize(200)],
      fixed: { orderBy: NEWEST_FIRST },
      result: listed('fingerprints', {
        fingerprintId: text('fingerprintId'),
        fingerprintNumber: 'fingerprintNumber',
        name: 'fingerprintName',
        validFrom: time('startDate'),
        validUntil: time('endDate'),
        addedAt: time('createDate'),
        sender: 'senderUsername',
      }),
      notes: 'Fingerprints are enrolled at the lock with the TTLock app: the cloud lists, changes and deletes them.',
    }),
    op({
      name: 'fingerprint/changePeriod',
      title: 'change fingerprint validity',
      family: 'fingerprint',
      action: 'changeValidity',
      idempotent: true,
      params: [lock, fingerprintId, validFrom, validUntil],
      rules: [untilAfterFrom],
      fixed: { changeType: VIA_GATEWAY },
      result: done({ fingerprintId: '$fingerprintId', ...validity }),
    }),
    op({
      name: 'fingerprint/delete',
      title: 'delete fingerprint',
      family: 'fingerprint',
      action: 'remove',
      idempotent: true,
      params: [lock, fingerprintId],
      fixed: { deleteType: VIA_GATEWAY },
      result: done({ fingerprintId: '$fingerprintId' }),
    }),
    op({
      name: 'key/send',
      title: 'send eKey',
      family: 'users',
      action: 'keySend',
      idempotent: false,
      params: [
        lock,
        {
          name: 'receiver',
          wire: 'receiverUsername',
          type: 'string',
          required: true,
          maxLength: 100,
          description: "The receiver's TTLock account: user name, phone or email (receiverUsername)",
        },
        name('keyName', 'eKey name', true),
        // sent as startDate = endDate = 0 (the rule below), not as a field of its own
        permanent('eKey', { wire: 'permanent', in: 'none' }),
        optional(validFrom, 'Start of validity, unless permanent (startDate)'),
        optional(validUntil, 'End of validity, unless permanent (endDate)'),
        { name: 'remarks', wire: 'remarks', type: 'string', maxLength: 500, description: 'A message to the receiver (remarks)' },
        {
          name: 'remoteOpen',
          wire: 'remoteEnable',
          type: 'boolean',
          values: { true: 1, false: 2 },
          description: 'true lets the eKey open remotely (remoteEnable 1), false does not (2)',
        },
      ],
      rules: [permanentOr({ startDate: 0, endDate: 0 }), untilAfterFrom],
      result: done({ keyId: text('keyId'), receiver: '$receiver', permanent: '$permanent', ...validity }),
      notes:
        'One eKey per account and lock: sending again replaces the earlier one. Not to yourself, nor to the lock administrator. permanent: true sends a permanent eKey (startDate and endDate 0).',
    }),
    op({
      name: 'key/delete',
      title: 'delete eKey',
      family: 'users',
      action: 'keyDelete',
      idempotent: true,
      params: [keyId],
      result: { fields: { keyId: '$keyId' } },
      notes: "For eKeys sent to others: deleting the administrator's own eKey deletes the lock.",
    }),
    op({
      name: 'key/freeze',
      title: 'freeze eKey',
      family: 'users',
      action: 'keyFreeze',
      idempotent: true,
      params: [keyId],
      result: { fields: { keyId: '$keyId' } },
    }),
    op({
      name: 'key/unfreeze',
      title: 'unfreeze eKey',
      family: 'users',
      action: 'keyUnfreeze',
      idempotent: true,
      params: [keyId],
      result: { fields: { keyId: '$keyId' } },
    }),
    op({
      name: 'key/authorize',
      title: 'authorize eKey',
      family: 'users',
      action: 'keyAuthorize',
      idempotent: true,
      params: [lock, keyId],
      result: done({ keyId: '$keyId' }),
      notes: 'The eKey user may then manage the lock: send eKeys, create passcodes, change settings.',
    }),
    op({
      name: 'lock/listKey',
      title: 'list eKeys',
      family: 'users',
      action: 'list',
      idempotent: true,
      params: [lock, page, pageSize(200)],
      fixed: { orderBy: NEWEST_FIRST },
      result: listed('users', {
        keyId: text('keyId'),
        user: 'username',
        userId: text('uid'),
        name: 'keyName',
        status: 'keyStatus',
        validFrom: time('startDate'),
        validUntil: time('endDate'),
        admin: { from: 'keyRight', equals: 1 },
        remoteOpen: { from: 'remoteEnable', equals: 1 },
        sender: 'senderUsername',
      }),
      notes: "The eKeys sent from this lock, not the administrator's own.",
    }),
    op({
      name: 'lockRecord/list',
      title: 'lock records',
      family: 'logs',
      action: 'query',
      idempotent: true,
      params: [
        lock,
        { name: 'since', wire: 'startDate', type: 'time', description: 'Records from (startDate)' },
        { name: 'until', wire: 'endDate', type: 'time', description: 'Records until (endDate)' },
        page,
        pageSize(200),
        {
          name: 'recordType',
          wire: 'recordType',
          type: 'integer',
          description: 'Only records of this type, e.g. 4 passcode, 7 IC card, 8 fingerprint (recordType)',
        },
      ],
      rules: [{ after: ['until', 'since'] }],
      result: {
        fields: { total: 'total', page: 'pageNo' },
        list: {
          from: 'list',
          as: 'records',
          item: {
            time: time('lockDate'),
            uploadedAt: time('serverDate'),
            recordId: text('recordId'),
            deviceId: text('lockId'),
            recordType: 'recordType',
            recordTypeFromLock: 'recordTypeFromLock',
            success: { from: 'success', equals: 1 },
            user: 'username',
            // the card or fingerprint number, or a passcode's digits: the events node keeps a number and drops the digits
            keyboardPwd: 'keyboardPwd',
          },
        },
      },
      notes:
        'The cloud keeps half a year of records. keyboardPwd is the card or fingerprint number, or the passcode itself (the events node never emits a passcode).',
    }),
  ],
};
