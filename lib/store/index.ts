// The package's durable store: stays, their credential ids, event cursors and tokens. One interface for every backend
// (the embedded file store now, Redis later), so callers never depend on where the data lives.
import { FileStore } from './file';

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
  /** Runs fn while holding the named lock: one holder at a time (in-process for the file store). */
  lock<R>(name: string, fn: () => Promise<R>): Promise<R>;
  /** Waits for the writes already made, then releases the store; later calls fail. */
  close(): Promise<void>;
}

/** The embedded store: an append-only log at `file` (e.g. in Node-RED's user directory), held by one process at a time. */
export function openStore(options: { file: string }): Promise<Store> {
  return FileStore.open(options.file);
}
