// The package's durable store: stays, their credential ids, event cursors and tokens. One interface for every backend
// (the embedded file store of one process, Redis shared by several), so callers never depend on where the data lives.
import { FileStore } from './file';
import type { RedisStoreOptions, RedisTarget } from './redis';

export type { RedisStoreOptions, RedisTarget } from './redis';

/** A stored value and its version: 1 on the first write, +1 per write; a key deleted and written again starts at 1. */
export interface Entry<T = unknown> {
  value: T;
  version: number;
}

export interface Store {
  get<T>(key: string): Promise<Entry<T> | undefined>;
  /** Writes unconditionally; resolves with the new version once the write is durable. */
  put<T>(key: string, value: T): Promise<number>;
  /** Writes only if the key's version is `version` (0 = absent); `value` undefined deletes. true if written. */
  cas<T>(key: string, version: number, value: T | undefined): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Every key starting with `prefix` ('' for all), sorted by key. */
  list<T>(prefix: string): Promise<Array<{ key: string } & Entry<T>>>;
  /** Runs fn while holding the named lock: one holder at a time (in-process for the file store, across processes
   * for Redis, where a holder stalled past the lock's TTL can lose it: see RedisStore). */
  lock<R>(name: string, fn: () => Promise<R>): Promise<R>;
  /** Waits for the writes already made, then releases the store; later calls fail. */
  close(): Promise<void>;
}

export type StoreOptions = { file: string } | RedisStoreOptions;

/**
 * `{ file }`: the embedded store, an append-only log (e.g. in Node-RED's user directory) held by one process at a
 * time. `{ redis, prefix? }`: Redis (a redis:// or rediss:// URL, or ioredis's options), shared by every process
 * that names the same Redis and prefix; ioredis is loaded only then.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  if ('redis' in options) {
    const { RedisStore } = await import('./redis');
    return RedisStore.open(options);
  }
  return FileStore.open(options.file);
}

/**
 * The store settings.js chooses: `store` a redis:// or rediss:// URL, or ioredis's options (host and port, TLS,
 * sentinels, or `{ cluster: [nodes], ... }`) picks Redis under `prefix` (default 'default'); no `store` picks the
 * file. `id` names it for a process that opens each store once. Anything else is refused rather than guessed: a
 * mistyped address must not leave one Node-RED on a file of its own while the others share.
 */
export function chooseStore(store: unknown, prefix: unknown, file: () => string): { id: string; options: StoreOptions } {
  if (store === undefined || store === null || store === '') {
    const f = file();
    return { id: `file ${f}`, options: { file: f } };
  }
  if (prefix !== undefined && (typeof prefix !== 'string' || !prefix)) throw new Error('smartlock.storePrefix must be a non-empty string');
  const chosen = (prefix as string | undefined) ?? 'default';
  if (typeof store === 'string' && /^rediss?:\/\//i.test(store)) {
    return { id: `redis ${store} ${chosen}`, options: { redis: store, prefix: chosen } };
  }
  if (typeof store === 'object' && !Array.isArray(store)) {
    return { id: `redis ${JSON.stringify(store)} ${chosen}`, options: { redis: store as RedisTarget, prefix: chosen } };
  }
  throw new Error(
    'smartlock.store must be a redis:// or rediss:// URL or an options object (host, port, tls, sentinels or cluster); leave it out for the file store',
  );
}
