import type { CodeMeaning, CodeTable } from '../../errors';

/**
 * Alibaba Cloud IoT living-link answer codes (`{code, message, localizedMsg}`, 200 = success) in
 * the contract. Sources: the lock service doc's per-API tables (aliyun-iot-lock-service.zh),
 * Alibaba's living-link common error codes (400 … 503, 28560), and public client code for the rest.
 */
const LOCK_DOC = 'aliyun-iot-lock-service.zh (错误码 tables)';
const COMMON = 'living-link 公共错误码 (common error codes)';
const CODE = 'public living-link client code (not in the docs)';
const row = (source: string, meaning: Omit<CodeMeaning, 'source'>): CodeMeaning => ({ ...meaning, source });
const offline = (source: string): CodeMeaning => row(source, { code: 'VENDOR', says: 'deviceOffline', subject: 'deviceId', retryable: true });

export const ALIYUN_CODES: CodeTable = {
  400: row(COMMON, { code: 'VENDOR', says: 'requestRefused' }),
  401: row(COMMON, { code: 'AUTH', says: 'unauthorized' }),
  403: row(COMMON, { code: 'AUTH', says: 'unauthorized' }),
  404: row(COMMON, { code: 'VENDOR', says: 'pathRefused' }),
  429: row(COMMON, { code: 'RATE_LIMIT', says: 'rateLimited', retryable: true, unsent: true }),
  460: row(COMMON, { code: 'VENDOR', says: 'paramRefused' }),
  // 460 is also what an empty or expired iotToken gets; the client reads its text to tell.
  '460 token': row(COMMON, { code: 'AUTH', says: 'tokenRefused' }),
  500: row(COMMON, { code: 'VENDOR', says: 'serviceError', retryable: true }),
  503: row(COMMON, { code: 'VENDOR', says: 'serviceError', retryable: true }),
  2401: row(CODE, { code: 'AUTH', says: 'tokenRefused' }),
  6205: offline(CODE),
  6221: offline(CODE),
  20056: row(CODE, { code: 'VENDOR', says: 'deviceSlow', subject: 'deviceId', retryable: true }),
  28504: offline(LOCK_DOC),
  28527: row(LOCK_DOC, { code: 'VENDOR', says: 'keyNotBound' }),
  28530: row(LOCK_DOC, { code: 'VENDOR', says: 'keyBoundElsewhere' }),
  28560: row(COMMON, { code: 'NOT_FOUND', says: 'deviceNotFound', subject: 'deviceId' }),
  28601: row(LOCK_DOC, { code: 'NOT_FOUND', says: 'deviceNotBound', subject: 'deviceId' }),
  29003: row(CODE, { code: 'AUTH', says: 'identityMissing' }),
  29004: row(CODE, { code: 'NOT_FOUND', says: 'deviceNotBound', subject: 'deviceId' }),
};
