/**
 * Where each TTLock operation's wire comes from: TTLock's own cloud API v3 pages on
 * euopen.ttlock.com (English under /document-pages/en/cloud/, Chinese under
 * /document-pages/cloud/; older copies under /documentPages/htmlPages/cloud/ on api.sciener.com),
 * read 2026-12-03 from stored copies. Facts only: the route (method, path) and the fields the
 * page's request table lists. The simulator is written from this file, never from the catalog,
 * so a catalog entry that strays from the pages fails against it.
 */
export interface TtlockRoute {
  method: 'GET' | 'POST';
  path: string;
  /** the request fields the page's table lists, besides clientId, accessToken and date */
  fields: string[];
}

export interface TtlockEvidence {
  route: TtlockRoute;
  /** the page that shows the route and its fields */
  source: string;
  /** what the page leaves open, and the reading kept */
  note?: string;
}

const EN = 'https://euopen.ttlock.com/document-pages/en/cloud/';
const ZH = 'https://euopen.ttlock.com/document-pages/cloud/';
const OLD = 'https://euopen.ttlock.com/documentPages/htmlPages/cloud/';

/** The page's response table was cut from the stored copy; the id field is the one the list page and the other pages name. */
const ID_FROM_LIST = (id: string, list: string): string =>
  `the stored copy shows the request, not the response table: the new ${id} is read as the ${list} page and the follow-up pages name it (${id})`;

export const TTLOCK_TOKEN_EVIDENCE = {
  token: {
    route: { method: 'POST', path: '/oauth2/token', fields: ['clientId', 'clientSecret', 'username', 'password'] },
    source: `TTLock "获取访问令牌" (${ZH}oauth2/getAccessToken)`,
    note:
      'password: the TTLock app password as md5, 32 lower-case hex characters. Answer: access_token, uid, refresh_token, expires_in (seconds, 90 days by default); ' +
      'an expired token is refused with 10004. Older copies (pypi ttlockio 0.1.0 README) send client_id, client_secret and grant_type=password: the current pages are followed.',
  },
  refresh: {
    route: { method: 'POST', path: '/oauth2/token', fields: ['clientId', 'clientSecret', 'grant_type', 'refresh_token'] },
    source: `TTLock "Refresh access token" (${EN}oauth2/refreshAccessToken)`,
    note: 'grant_type=refresh_token; answer: access_token, refresh_token, expires_in (seconds); a refresh token is valid 10 years.',
  },
} satisfies Record<string, TtlockEvidence>;

/** The cloud API v3 operations this package calls, by the name it gives them (TTLock's own path). */
export const TTLOCK_EVIDENCE: Record<string, TtlockEvidence> = {
  'lock/unlock': {
    route: { method: 'POST', path: '/v3/lock/unlock', fields: ['lockId'] },
    source: `TTLock "Unlock" (${EN}gateway/unlock)`,
    note: 'Answers {errcode: 0, errmsg} on success; -4043 when remote unlock is off in the app.',
  },
  'lock/lock': {
    route: { method: 'POST', path: '/v3/lock/lock', fields: ['lockId'] },
    source: `TTLock "Lock the lock" (${EN}gateway/lock)`,
  },
  'lock/queryOpenState': {
    route: { method: 'GET', path: '/v3/lock/queryOpenState', fields: ['lockId'] },
    source: `TTLock "Get the open state of a lock" (${EN}gateway/queryLockOpenState)`,
    note: 'state: 0 locked, 1 unlocked, 2 unknown.',
  },
  'lock/list': {
    route: { method: 'GET', path: '/v3/lock/list', fields: ['lockAlias', 'groupId', 'pageNo', 'pageSize'] },
    source: `TTLock "获取名下锁列表" (${ZH}lock/list)`,
    note: 'The page heads the request "POST" and prints a GET curl; GET (the curl) is kept, as for every other list. pageSize at most 1000.',
  },
  'gateway/list': {
    route: { method: 'GET', path: '/v3/gateway/list', fields: ['pageNo', 'pageSize', 'orderBy'] },
    source: `TTLock "获取名下网关列表" (${OLD}gateway/list.html)`,
    note: 'Items: gatewayId, gatewayMac, gatewayName, gatewayVersion, networkName, networkMac, lockNum, isOnline (0/1).',
  },
  'keyboardPwd/get': {
    route: { method: 'POST', path: '/v3/keyboardPwd/get', fields: ['lockId', 'keyboardPwdType', 'keyboardPwdName', 'startDate', 'endDate'] },
    source: `TTLock "获取随机密码" (${ZH}passcode/get); the type table: "获取键盘密码" v2 (https://euopen.ttlock.com/doc/api/v2/keyboardPwd/get, keyboardPwdVersion 4)`,
    note:
      'Types: 1 once, 2 permanent, 3 period, 4 delete, 5 weekend, 6 daily, 7 workday, 8-14 Monday to Sunday. Times are whole hours; a period is at most a year. ' +
      ID_FROM_LIST('keyboardPwdId', 'passcode list'),
  },
  'keyboardPwd/add': {
    route: {
      method: 'POST',
      path: '/v3/keyboardPwd/add',
      fields: ['lockId', 'keyboardPwd', 'keyboardPwdName', 'keyboardPwdType', 'startDate', 'endDate', 'addType'],
    },
    source: `TTLock "添加自定义密码" (${ZH}passcode/add)`,
    note: `4-9 digits; keyboardPwdType 2 permanent (no startDate or endDate), 3 period (the default; both dates required). addType 2 writes it through the gateway or Wi-Fi lock (1 only records one added over Bluetooth). ${ID_FROM_LIST('keyboardPwdId', 'passcode list')}`,
  },
  'keyboardPwd/change': {
    route: {
      method: 'POST',
      path: '/v3/keyboardPwd/change',
      fields: ['lockId', 'keyboardPwdId', 'keyboardPwdName', 'newKeyboardPwd', 'startDate', 'endDate', 'changeType'],
    },
    source: `TTLock "Change passcode" (${EN}passcode/update; ${ZH}passcode/update)`,
    note:
      'changeType 2: through the gateway or Wi-Fi lock. A new period needs both startDate and endDate: without startDate the call succeeds and changes nothing (the Chinese page), ' +
      'so one date alone is refused before the request.',
  },
  'keyboardPwd/delete': {
    route: { method: 'POST', path: '/v3/keyboardPwd/delete', fields: ['lockId', 'keyboardPwdId', 'deleteType'] },
    source: `TTLock "删除密码" (${ZH}passcode/delete)`,
    note: 'deleteType 2: through the gateway or Wi-Fi lock.',
  },
  'lock/listKeyboardPwd': {
    route: { method: 'GET', path: '/v3/lock/listKeyboardPwd', fields: ['lockId', 'searchStr', 'pageNo', 'pageSize', 'orderBy'] },
    source: `TTLock "获取锁的密码列表" (${ZH}passcode/list)`,
    note: 'Items: keyboardPwdId, lockId, keyboardPwd, keyboardPwdName, keyboardPwdType, startDate, endDate, sendDate, isCustom, senderUsername; pageSize at most 200.',
  },
  'identityCard/addForReversedCardNumber': {
    route: {
      method: 'POST',
      path: '/v3/identityCard/addForReversedCardNumber',
      fields: ['lockId', 'cardNumber', 'cardName', 'startDate', 'endDate', 'addType'],
    },
    source: `TTLock "添加IC卡" (${ZH}card/add; ${OLD}card/addEn.html)`,
    note:
      'addType 2: through the gateway or Wi-Fi lock. The cloud stores the number byte-reversed (3661413478 lists as 1723612378); where such a card does not open, ' +
      `the page points at /v3/identityCard/add. ${ID_FROM_LIST('cardId', 'IC card list')}`,
  },
  'identityCard/changePeriod': {
    route: { method: 'POST', path: '/v3/identityCard/changePeriod', fields: ['lockId', 'cardId', 'startDate', 'endDate', 'cyclicConfig', 'changeType'] },
    source: `TTLock "修改IC卡有效期" (${ZH}card/update)`,
  },
  'identityCard/delete': {
    route: { method: 'POST', path: '/v3/identityCard/delete', fields: ['lockId', 'cardId', 'deleteType'] },
    source: `TTLock "Delete card" (${EN}card/delete)`,
  },
  'identityCard/list': {
    route: { method: 'GET', path: '/v3/identityCard/list', fields: ['lockId', 'searchStr', 'pageNo', 'pageSize', 'orderBy'] },
    source: `TTLock "获取锁名下IC卡列表" (${ZH}card/list)`,
    note: 'Items: cardId, lockId, cardNumber, cardName, startDate, endDate, createDate, senderUsername, cardType, cyclicConfig.',
  },
  'fingerprint/list': {
    route: { method: 'GET', path: '/v3/fingerprint/list', fields: ['lockId', 'searchStr', 'pageNo', 'pageSize', 'orderBy'] },
    source: `TTLock "获取锁名下指纹列表" (${ZH}fingerprint/list)`,
    note: 'Items: fingerprintId, lockId, fingerprintNumber, fingerprintType, fingerprintName, startDate, endDate, cyclicConfig, createDate, senderUsername.',
  },
  'fingerprint/changePeriod': {
    route: { method: 'POST', path: '/v3/fingerprint/changePeriod', fields: ['lockId', 'fingerprintId', 'startDate', 'endDate', 'changeType'] },
    source: `TTLock "Change the period of validity of a fingerprint" (${EN}fingerprint/update)`,
  },
  'fingerprint/delete': {
    route: { method: 'POST', path: '/v3/fingerprint/delete', fields: ['lockId', 'fingerprintId', 'deleteType'] },
    source: `TTLock "Delete fingerprint" (${EN}fingerprint/delete)`,
  },
  'key/send': {
    route: {
      method: 'POST',
      path: '/v3/key/send',
      fields: ['lockId', 'receiverUsername', 'keyName', 'startDate', 'endDate', 'remarks', 'remoteEnable', 'keyRight', 'createUser'],
    },
    source: `TTLock "Send ekey" (${EN}ekey/send; ${OLD}ekey/send.html for the table)`,
    note:
      'One eKey per user and lock: sending again replaces the old one. createUser=1 creates an unknown phone or email account. ' +
      `startDate=endDate=0 is a permanent eKey (${EN}ekey/recurringAndOneTimeEkey). ${ID_FROM_LIST('keyId', 'eKeys of a lock')}`,
  },
  'key/delete': {
    route: { method: 'POST', path: '/v3/key/delete', fields: ['keyId'] },
    source: `TTLock "Delete ekey" (${EN}ekey/delete)`,
    note: "Deleting the top administrator's own eKey deletes the lock: only common eKeys are meant here.",
  },
  'key/freeze': {
    route: { method: 'POST', path: '/v3/key/freeze', fields: ['keyId'] },
    source: `TTLock "Freeze the ekey" (${EN}ekey/freeze)`,
    note: 'keyStatus becomes 110405.',
  },
  'key/unfreeze': {
    route: { method: 'POST', path: '/v3/key/unfreeze', fields: ['keyId'] },
    source: `TTLock "Unfreeze ekey" (${EN}ekey/unfreeze)`,
    note: 'keyStatus goes from 110405 back to 110401.',
  },
  'key/authorize': {
    route: { method: 'POST', path: '/v3/key/authorize', fields: ['lockId', 'keyId'] },
    source: `TTLock "Key authorization" (${EN}ekey/authorize)`,
  },
  'lock/listKey': {
    route: { method: 'GET', path: '/v3/lock/listKey', fields: ['lockId', 'searchStr', 'keyRight', 'pageNo', 'pageSize', 'orderBy'] },
    source: `TTLock "Get ekeys of a lock" (${EN}ekey/listByLock; ${ZH}ekey/listByLock)`,
    note: "Not the top administrator's eKey. Items: keyId, lockId, username, uid, keyName, keyStatus, startDate, endDate, keyRight, remoteEnable, senderUsername, remarks, date.",
  },
  'lockRecord/list': {
    route: {
      method: 'GET',
      path: '/v3/lockRecord/list',
      fields: ['lockId', 'startDate', 'endDate', 'pageNo', 'pageSize', 'uid', 'recordType', 'searchStr'],
    },
    source: `TTLock "获取锁操作记录" (${ZH}lockRecord/list)`,
    note: 'Half a year of records. Items: recordId, lockId, recordTypeFromLock, recordType, success, username, keyboardPwd (the passcode, card or fingerprint number), lockDate, serverDate (ms).',
  },
};

/** Where the region presets come from (lib/vendors/ttlock/client.ts, TTLOCK_REGIONS). */
export const TTLOCK_HOSTS = {
  eu: `the current pages' examples (e.g. ${ZH}oauth2/getAccessToken)`,
  cn:
    `TTLock "API Error Codes" (${EN}errorCode), 30008: mainland-China accounts must use the cn-prefixed domain; ` +
    'the host as public clients write it (code search "cnapi.ttlock.com": a Go client\'s CNBaseURL marked 中国大陆服务器地址, a TypeScript client\'s region "cn", PHP and Python clients)',
  sciener: `the older pages' examples (${OLD}oauth2/getAccessToken.html, whose header calls it the China site); no page says which accounts it serves`,
} as const;

/** The answer codes and their meanings: TTLock "API Error Codes". */
export const TTLOCK_ERROR_CODES_SOURCE = `TTLock "API Error Codes" (${EN}errorCode)`;

/**
 * The record types the record list page names as filter values (and the door-sensor record
 * page's sample, type 30); the full "cloud lock record type" table is linked from the page but
 * was not among the stored copies.
 */
export const TTLOCK_RECORD_TYPES = {
  source: `TTLock "获取锁操作记录" (${ZH}lockRecord/list), recordType; "获取锁的门磁开闭记录" (${ZH}doorSensor/listRecord) sample`,
  types: { '-5': 'face', '-4': 'QR code', '4': 'passcode', '7': 'IC card', '8': 'fingerprint', '55': 'remote', '30': 'door sensor' },
} as const;
