import type { CodeMeaning, CodeTable } from '../../errors';
import { TTLOCK_ERROR_CODES_SOURCE } from './evidence';

/**
 * TTLock's answer codes (`{errcode, errmsg}`, 0 = success) in the contract. AUTH only where the
 * client, the account or the token is refused; an unknown lock, passcode, card or eKey is
 * NOT_FOUND; a lock or gateway that cannot be reached now is a retryable VENDOR failure, one
 * that waits for a change by a person (a Wi-Fi lock's network or power saving, the monthly quota,
 * the account's platform) is not retryable.
 */
const row = (meaning: Omit<CodeMeaning, 'source'>): CodeMeaning => ({ ...meaning, source: TTLOCK_ERROR_CODES_SOURCE });
const refused = row({ code: 'VENDOR', says: 'requestRefused' });
const notFound = (subject: string): CodeMeaning => row({ code: 'NOT_FOUND', says: 'idNotFound', subject });
const unreachable = row({ code: 'VENDOR', says: 'commandFailed', subject: 'deviceId', retryable: true });
const busy = row({ code: 'RATE_LIMIT', says: 'rateLimited', retryable: true, unsent: true });

export const TTLOCK_CODES: CodeTable = {
  // account, rights and common
  10000: row({ code: 'AUTH', says: 'idRefused' }),
  10001: row({ code: 'AUTH', says: 'idRefused' }),
  10003: row({ code: 'AUTH', says: 'tokenRefused' }),
  10004: row({ code: 'AUTH', says: 'tokenRefused' }),
  10007: row({ code: 'AUTH', says: 'accountRefused' }),
  10011: row({ code: 'AUTH', says: 'tokenRefused' }),
  // a right the account lacks on this lock: its credentials are fine
  20002: refused,
  30006: busy,
  // the month's quota: it renews on the first of the month, so retrying within a call cannot help
  30007: row({ code: 'RATE_LIMIT', says: 'monthlyQuota', unsent: true }),
  // the account lives on the other platform (cn / eu): only another region in the configuration helps
  30008: row({ code: 'VALIDATION', says: 'otherPlatform', unsent: true }),
  80000: row({ code: 'VENDOR', says: 'clockRefused' }),
  80002: row({ code: 'VENDOR', says: 'paramRefused' }),
  90000: row({ code: 'VENDOR', says: 'serviceError', retryable: true }),
  '-3': row({ code: 'VENDOR', says: 'paramRefused' }),
  '-2018': refused,
  // locks
  '-1003': row({ code: 'NOT_FOUND', says: 'deviceNotFound', subject: 'deviceId' }),
  '-2025': row({ code: 'VENDOR', says: 'deviceCannot', subject: 'deviceId' }),
  '-4043': row({ code: 'NOT_SUPPORTED', says: 'deviceCannot', subject: 'deviceId' }),
  '-4056': row({ code: 'VENDOR', says: 'deviceCannot', subject: 'deviceId' }),
  // eKeys
  '-1008': notFound('keyId'),
  '-1027': refused,
  '-2019': refused,
  '-2020': refused,
  '-2023': refused,
  '-4064': row({ code: 'NOT_FOUND', says: 'userNotFound', subject: 'receiver' }),
  // passcodes
  '-1007': refused,
  '-2009': notFound('passwordId'),
  '-3006': row({ code: 'VENDOR', says: 'paramRefused' }),
  '-3007': refused,
  '-3008': refused,
  '-3009': row({ code: 'VENDOR', says: 'deviceCannot', subject: 'deviceId' }),
  // gateways and the lock behind them
  '-2012': unreachable,
  '-3002': unreachable,
  '-3003': unreachable,
  // a Wi-Fi lock without a network, or in power-saving mode: only a change in the app helps
  '-3034': row({ code: 'VENDOR', says: 'wifiNotConfigured', subject: 'deviceId' }),
  '-3035': row({ code: 'VENDOR', says: 'wifiPowerSaving', subject: 'deviceId' }),
  '-3036': row({ code: 'VENDOR', says: 'deviceOffline', subject: 'deviceId', retryable: true }),
  '-3037': unreachable,
  '-4037': notFound('gatewayId'),
  // IC cards
  '-1021': notFound('cardId'),
};

/** Codes after which a new access token may help (the keeper fetches one, once). */
export const TTLOCK_TOKEN_CODES = new Set([10003, 10004]);
