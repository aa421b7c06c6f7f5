import type { Credential, EventRule } from '../../events';
import type { EventMapping } from '../../vendor';

// Where each row's meaning was read (stored public copies; docs/evidence/ttlock.md, "Lock records as events").
const LIST = 'TTLock "获取锁操作记录" (euopen.ttlock.com/document-pages/cloud/lockRecord/list): recordType filter values';
const SENSOR = 'TTLock "获取锁的门磁开闭记录" (euopen.ttlock.com/document-pages/cloud/doorSensor/listRecord): sample type 30';
const LOCK = 'TTLock "APP SDK读取到的锁里原始的记录类型" (euopen.ttlock.com/document-pages/cloud/lockRecord/recordTypeFromLock), same number and meaning';
const HASS = 'third-party: jbergler/hass-ttlock custom_components/ttlock/models.py (Event.EVENTS, RecordType: the cloud recordType)';

const row = (rule: EventRule, ...sources: string[]): EventRule => ({ ...rule, source: sources.join('; ') });

/**
 * TTLock's cloud record types (`recordType` of the record list and of the callback's records).
 * A type not here is an `operation` with its code. -5 and -4 are filter values of the list
 * page's query, not types a record has.
 */
export const TTLOCK_RECORD_TABLE: Readonly<Record<string, EventRule>> = {
  1: row({ kind: 'unlock', method: 'app', text: 'unlock by app' }, HASS),
  4: row({ kind: 'unlock', method: 'password', text: 'unlock by passcode' }, LIST, HASS),
  7: row({ kind: 'unlock', method: 'card', text: 'unlock by IC card' }, LIST, HASS),
  8: row({ kind: 'unlock', method: 'fingerprint', text: 'unlock by fingerprint' }, LIST, HASS),
  9: row({ kind: 'unlock', method: 'wristband', text: 'unlock by wristband' }, HASS),
  10: row({ kind: 'unlock', method: 'key', text: 'unlock by mechanical key' }, HASS),
  11: row({ kind: 'lock', method: 'app', text: 'lock by app' }, HASS),
  12: row({ kind: 'unlock', method: 'remote', text: 'unlock by gateway' }, HASS),
  29: row({ kind: 'alarm', alarm: 'forced', text: 'unlocked by force' }, LOCK, HASS),
  30: row({ kind: 'door', state: 'closed', text: 'door sensor closed' }, SENSOR, LOCK, HASS),
  31: row({ kind: 'door', state: 'open', text: 'door sensor open' }, LOCK, HASS),
  32: row({ kind: 'unlock', method: 'inside', text: 'opened from inside' }, LOCK, HASS),
  33: row({ kind: 'lock', method: 'fingerprint', text: 'lock by fingerprint' }, LOCK, HASS),
  34: row({ kind: 'lock', method: 'password', text: 'lock by passcode' }, LOCK, HASS),
  35: row({ kind: 'lock', method: 'card', text: 'lock by IC card' }, LOCK, HASS),
  36: row({ kind: 'lock', method: 'key', text: 'lock by mechanical key' }, LOCK, HASS),
  44: row({ kind: 'alarm', alarm: 'tamper', text: 'tamper alert' }, LOCK, HASS),
  45: row({ kind: 'lock', method: 'auto', text: 'auto lock' }, LOCK, HASS),
  46: row({ kind: 'unlock', method: 'button', text: 'unlock by the unlock button' }, LOCK, HASS),
  47: row({ kind: 'lock', method: 'button', text: 'lock by the lock button' }, LOCK, HASS),
  48: row({ kind: 'alarm', alarm: 'system locked', text: 'system locked (too many wrong attempts)' }, LOCK, HASS),
  49: row({ kind: 'unlock', method: 'card', text: 'unlock by hotel card' }, LOCK, HASS),
  50: row({ kind: 'unlock', method: 'auto', text: 'unlocked by high temperature' }, LOCK, HASS),
  51: row({ kind: 'failed', method: 'card', text: 'card refused: deleted or blacklisted' }, LOCK, HASS),
  52: row({ kind: 'lock', method: 'app', text: 'deadlocked by app' }, LOCK, HASS),
  53: row({ kind: 'lock', method: 'password', text: 'deadlocked by passcode' }, LOCK, HASS),
  55: row({ kind: 'unlock', method: 'remote', text: 'unlock by key fob' }, LIST, LOCK, HASS),
  57: row({ kind: 'unlock', method: 'qrcode', text: 'unlock by QR code' }, LOCK, HASS),
  58: row({ kind: 'failed', method: 'qrcode', text: 'QR code refused: expired' }, LOCK, HASS),
  61: row({ kind: 'lock', method: 'qrcode', text: 'lock by QR code' }, LOCK, HASS),
  62: row({ kind: 'failed', method: 'qrcode', text: 'QR code refused: door deadlocked' }, LOCK, HASS),
  63: row({ kind: 'unlock', method: 'auto', text: 'auto unlock in passage mode' }, LOCK, HASS),
  64: row({ kind: 'alarm', alarm: 'door open', text: 'door not closed' }, LOCK, HASS),
  67: row({ kind: 'unlock', method: 'face', text: 'unlock by face' }, LOCK, HASS),
  68: row({ kind: 'failed', method: 'face', text: 'face refused: door deadlocked' }, LOCK, HASS),
  69: row({ kind: 'lock', method: 'face', text: 'lock by face' }, LOCK, HASS),
  71: row({ kind: 'failed', method: 'face', text: 'face refused: expired or not yet valid' }, LOCK, HASS),
  75: row({ kind: 'unlock', method: 'button', text: 'unlock by button, authorized by app' }, LOCK, HASS),
  76: row({ kind: 'unlock', method: 'button', text: 'unlock by button, authorized by gateway' }, LOCK, HASS),
  84: row({ kind: 'unlock', method: 'palm vein', text: 'unlock by palm vein' }, LOCK, HASS),
  85: row({ kind: 'failed', method: 'palm vein', text: 'palm vein refused: door deadlocked' }, LOCK, HASS),
  86: row({ kind: 'lock', method: 'palm vein', text: 'lock by palm vein' }, LOCK, HASS),
  88: row({ kind: 'failed', method: 'palm vein', text: 'palm vein refused: expired or not yet valid' }, LOCK, HASS),
  91: row({ kind: 'failed', method: 'card', text: 'card refused' }, LOCK, HASS),
  92: row({ kind: 'unlock', method: 'password', text: 'unlock by admin passcode' }, LOCK, HASS),
};

/**
 * What opened, as TTLock names it: a card's or fingerprint's number (the record's keyboardPwd), an
 * app's eKey by its username. A passcode record's keyboardPwd is the code itself: its id is the
 * keyboardPwdId the lock's passcode list gave it (./passcodes.ts), none where the list has not.
 */
function credentialOf(r: Record<string, unknown>, rule: EventRule): Credential | undefined {
  const number = typeof r.keyboardPwd === 'string' || typeof r.keyboardPwd === 'number' ? String(r.keyboardPwd) : '';
  if (rule.method === 'card' || rule.method === 'fingerprint') return { kind: rule.method, ...(number ? { id: number } : {}) };
  if (rule.method === 'app' && typeof r.user === 'string' && r.user) return { kind: 'ekey', id: r.user };
  if (rule.method === 'password') return { kind: 'password', ...(typeof r.keyboardPwdId === 'string' ? { id: r.keyboardPwdId } : {}) };
  return undefined;
}

/** TTLock's records as events: by type; `success: 0` (read as false) is a refused attempt. */
export const TTLOCK_EVENTS: EventMapping = {
  codes: { fields: ['recordType'], table: TTLOCK_RECORD_TABLE },
  failed: { field: 'success', values: [false, 0, '0'] },
  credential: credentialOf,
  method: [],
  user: ['user'],
  id: ['recordId'],
};
