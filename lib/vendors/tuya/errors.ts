import type { CodeMeaning, CodeTable } from '../../errors';

/**
 * Tuya's answer codes (`{success: false, code, msg}`) in the contract. Source: Tuya's "Global
 * Error Codes" (developer.tuya.com/en/docs/iot/error-code?id=K989ruxx88swc; zh:
 * /cn/docs/iot/global-error-code?id=Kaa7xrmxyveaf); the smart-lock actions doc's samples show 500.
 */
const GLOBAL = 'Tuya Global Error Codes (K989ruxx88swc, Kaa7xrmxyveaf)';
const row = (meaning: Omit<CodeMeaning, 'source'>, source = GLOBAL): CodeMeaning => ({ ...meaning, source });
const auth = (says: CodeMeaning['says']): CodeMeaning => row({ code: 'AUTH', says });
const param = row({ code: 'VENDOR', says: 'paramRefused' });
const busy = row({ code: 'RATE_LIMIT', says: 'rateLimited', retryable: true, unsent: true });
const cannot = row({ code: 'NOT_SUPPORTED', says: 'deviceCannot', subject: 'deviceId' });

export const TUYA_CODES: CodeTable = {
  500: row({ code: 'VENDOR', says: 'serviceError', retryable: true }, `${GLOBAL}; smart-lock actions doc samples`),
  1000: row({ code: 'NOT_FOUND', says: 'recordNotFound' }),
  1001: auth('signatureRefused'),
  1002: auth('tokenRefused'),
  1003: auth('idRefused'),
  1004: auth('signatureRefused'),
  1005: auth('idRefused'),
  1006: row({ code: 'VENDOR', says: 'requestRefused' }),
  1007: auth('idRefused'),
  1008: auth('idRefused'),
  1010: auth('tokenRefused'),
  1011: auth('tokenRefused'),
  1012: auth('tokenRefused'),
  1013: auth('clockRefused'),
  1100: param,
  1101: param,
  1102: param,
  1103: row({ code: 'VENDOR', says: 'commandFailed', subject: 'deviceId', retryable: true }),
  1104: param,
  1105: row({ code: 'VENDOR', says: 'requestRefused' }),
  // Not the credentials (those are 1001–1013): the device or API is not in this cloud project.
  1106: row({ code: 'NOT_FOUND', says: 'deviceNotInProject', subject: 'deviceId' }),
  1107: auth('idRefused'),
  1108: row({ code: 'VENDOR', says: 'pathRefused' }),
  1109: param,
  1110: busy,
  1111: busy,
  1199: busy,
  1400: auth('tokenRefused'),
  2001: row({ code: 'VENDOR', says: 'deviceOffline', subject: 'deviceId', retryable: true }),
  2002: row({ code: 'NOT_FOUND', says: 'noDevicesInAccount' }),
  2003: cannot,
  2004: cannot,
  2005: row({ code: 'NOT_FOUND', says: 'recordNotFound' }),
  2006: row({ code: 'NOT_FOUND', says: 'userNotFound', subject: 'userId' }),
  2007: row({ code: 'VENDOR', says: 'requestRefused' }),
  2008: cannot,
  2009: cannot,
  2010: row({ code: 'NOT_FOUND', says: 'deviceNotFound', subject: 'deviceId' }),
};

/** Codes after which a new access token may help (the keeper renews it once). */
export const TUYA_TOKEN_CODES = new Set([1010, 1011, 1012]);
