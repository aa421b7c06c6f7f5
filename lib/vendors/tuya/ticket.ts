import crypto from 'node:crypto';
import { LockError, errorText } from '../../errors';

/**
 * The temporary-password ticket recipe (vendor-notes/tuya.md): the ticket_key (64 hex chars)
 * is AES-256-ECB encrypted with the Access Secret; the 16-byte key inside encrypts the PIN
 * with AES-128-ECB, PKCS7, sent as upper-case hex.
 */
export function ticketKey(ticketKeyHex: string, accessSecret: string): Buffer {
  const secret = Buffer.from(accessSecret, 'utf8');
  if (secret.length !== 32) throw new LockError('AUTH', errorText('secretLength'), { sent: false });
  try {
    const d = crypto.createDecipheriv('aes-256-ecb', secret, null);
    const key = Buffer.concat([d.update(Buffer.from(ticketKeyHex, 'hex')), d.final()]);
    if (key.length !== 16) throw new Error('bad key length');
    return key;
  } catch {
    throw new LockError('AUTH', errorText('ticketUndecryptable'), { sent: false });
  }
}

export function encryptPin(pin: string, key: Buffer): string {
  const c = crypto.createCipheriv('aes-128-ecb', key, null);
  return Buffer.concat([c.update(pin, 'utf8'), c.final()])
    .toString('hex')
    .toUpperCase();
}

/** The simulator's side: a fresh ticket key for a secret, and reading a PIN back. */
export function newTicketKey(accessSecret: string): { key: Buffer; ticketKeyHex: string } {
  const key = crypto.randomBytes(16);
  const c = crypto.createCipheriv('aes-256-ecb', Buffer.from(accessSecret, 'utf8'), null);
  return {
    key,
    ticketKeyHex: Buffer.concat([c.update(key), c.final()])
      .toString('hex')
      .toUpperCase(),
  };
}

export function decryptPin(hex: string, key: Buffer): string {
  const d = crypto.createDecipheriv('aes-128-ecb', key, null);
  return Buffer.concat([d.update(Buffer.from(hex, 'hex')), d.final()]).toString('utf8');
}
