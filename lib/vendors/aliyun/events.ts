import type { Credential, EventRule } from '../../events';

// Where each event's meaning is written; the sources are in docs/evidence/aliyun-amqp-push.md, point 5.
const LOCK_SERVICE =
  'Alibaba living-link "锁的服务" /lock/event/history/query (help.aliyun.com 130273, 178069; vendor-docs/aliyun-iot-lock-service.zh.txt): event_code, KeyID, LockType';
const TSL = 'a living-link lock product definition (TSL) as public code publishes it (find_string id 6771900902)';
const FIRMWARE = 'third-party: a living-link lock module firmware, its event list (find_string ids 4257538813, 4018783479)';
const APP = 'third-party: a living-link lock app, its history texts (find_string ids 13975181048, 14040462418)';
const INTEGRATIONS = 'third-party: a Home Assistant living-link lock integration (find_string id 68551398353) and a push consumer (id 23943409851)';

export interface AliyunRule extends EventRule {
  source: string;
  /** a refused attempt unless this output has this value */
  refusedUnless?: { output: string; value: unknown };
}

const row = (kind: EventRule['kind'], text: string, source: string, more: Partial<AliyunRule> = {}): AliyunRule => ({ kind, text, source, ...more });
const alarm = (name: string, text: string, source: string): AliyunRule => row('alarm', text, source, { alarm: name });

/** A lock's thing-model events by identifier, for pushed events and the polled history alike. */
export const ALIYUN_EVENTS: Readonly<Record<string, AliyunRule>> = {
  DoorOpenNotification: row('unlock', '开门通知', `${LOCK_SERVICE}; ${TSL}`),
  DoorOpenNotification2: row('unlock', '开门通知', INTEGRATIONS),
  // The app says 远程开门 成功 for Status 0 and 失败 otherwise.
  RemoteUnlockNotification: row('unlock', '远程开门', APP, { method: 'remote', refusedUnless: { output: 'Status', value: 0 } }),
  HijackingAlarm: alarm('duress', '劫持报警', `${LOCK_SERVICE}; ${TSL}`),
  TamperAlarm: alarm('tamper', '防撬报警', TSL),
  TamperAlarm2: alarm('tamper', '防撬报警', INTEGRATIONS),
  DoorUnlockedAlarm: alarm('door unlocked', '门未锁好报警', `${LOCK_SERVICE}; ${TSL}`),
  LowElectricityAlarm: alarm('low battery', '低电量报警', TSL),
  // 禁试: the lock refuses every try for a while after too many wrong ones.
  ForbiddenAlarm: alarm('system locked', '禁试报警', FIRMWARE),
  ActiveDefenseAlarm: alarm('active defense', '主动防御报警', FIRMWARE),
  ArmDoorOpenAlarm: alarm('forced', '暴力破门', APP),
  LockedAlarm: alarm('bolt jammed', '卡塞告警', APP),
  RingDoorbellAlarm: row('doorbell', '门铃', INTEGRATIONS),
  DoorbellNotification: row('doorbell', '门铃', INTEGRATIONS),
  KeyAddedNotification: row('operation', '添加钥匙通知', TSL),
  KeyDeletedNotification: row('operation', '删除钥匙通知', TSL),
  KeyInformationNotification: row('operation', '钥匙信息上报', TSL),
  Error: row('operation', '故障上报', TSL),
  ReportReset: row('operation', '门锁重置', APP),
};

/** A key's LockType: 1 fingerprint, 2 password, 3 card, 4 mechanical key (LOCK_SERVICE and the TSL agree). */
export const KEY_TYPES: Readonly<Record<string, string>> = { 1: 'fingerprint', 2: 'password', 3: 'card', 4: 'key' };

const UNKNOWN: AliyunRule = { kind: 'operation', source: 'not in the table: an operation with its identifier' };
const own = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined => (Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined);

/** What an event is, by its identifier and outputs: the method from its LockType, refused by its row's output. */
export function aliyunRule(identifier: string, outputs: Record<string, unknown>): AliyunRule {
  const rule = own(ALIYUN_EVENTS, identifier) ?? UNKNOWN;
  const method = rule.method ?? (rule.kind === 'operation' ? undefined : own(KEY_TYPES, String(outputs.LockType)));
  const refused = rule.refusedUnless && outputs[rule.refusedUnless.output] !== undefined && outputs[rule.refusedUnless.output] !== rule.refusedUnless.value;
  return { ...rule, ...(method ? { method } : {}), ...(refused ? { kind: 'failed' } : {}) };
}

/** The key that opened, was refused or was used under duress: its LockType's name and its KeyID. */
export function aliyunCredential(rule: EventRule, outputs: Record<string, unknown>): Credential | undefined {
  const id = outputs.KeyID;
  if (rule.kind === 'operation' || rule.kind === 'doorbell' || (typeof id !== 'string' && typeof id !== 'number') || id === '') return undefined;
  const kind = own(KEY_TYPES, String(outputs.LockType)) ?? rule.method;
  return kind ? { kind, id: String(id) } : undefined;
}
