import crypto from 'node:crypto';

/** What Tuya signs on every request (vendor-notes/tuya.md › Signature). */
export interface TuyaSignInput {
  clientId: string;
  /** the Access Secret, or its key object (made once per config: cheaper per call) */
  secret: string | crypto.KeyObject;
  /** absent for token requests */
  accessToken?: string;
  /** 13-digit ms, as sent in the `t` header */
  t: string;
  nonce: string;
  method: string;
  /** path with its query as sent; the query is re-sorted for signing */
  url: string;
  /** the exact body bytes sent ('' for none) */
  body: string | Buffer;
  /** headers listed in Signature-Headers, in that order */
  signedHeaders?: Array<[name: string, value: string]>;
}

/** Most calls (every GET) send no body: its digest is computed once. */
const EMPTY_SHA256 = crypto.createHash('sha256').update('').digest('hex');

export const sha256Hex = (data: string | Buffer): string => (data.length === 0 ? EMPTY_SHA256 : crypto.createHash('sha256').update(data).digest('hex'));

/** path + `?` + query sorted by key, `k=v` joined by `&`, values not encoded. */
export function canonicalUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const pairs = url
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((kv) => {
      const i = kv.indexOf('=');
      return i < 0 ? [kv, ''] : [kv.slice(0, i), kv.slice(i + 1)];
    });
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${url.slice(0, q)}?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`;
}

export function stringToSign(input: TuyaSignInput): string {
  const headers = (input.signedHeaders ?? []).map(([k, v]) => `${k}:${v}\n`).join('');
  return `${input.method.toUpperCase()}\n${sha256Hex(input.body)}\n${headers}\n${canonicalUrl(input.url)}`;
}

/** upper(hex(HMAC-SHA256(secret, client_id [+ access_token] + t + nonce + stringToSign))) */
export function tuyaSign(input: TuyaSignInput): string {
  const str = input.clientId + (input.accessToken ?? '') + input.t + input.nonce + stringToSign(input);
  return crypto.createHmac('sha256', input.secret).update(str, 'utf8').digest('hex').toUpperCase();
}
