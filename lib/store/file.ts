// The embedded backend: an append-only log, one JSON line per write, fsync'd before the write resolves. A crash can
// only tear the last line (writes go one at a time), so on open a bad last line is dropped and a bad line anywhere
// else is damage that must not be papered over.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Entry, Store } from './index';
import { byKey, checkKey, inTurn, serialise } from './values';

const COMPACT_MIN_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

export interface FileStoreTuning {
  /** The log is compacted once it is past this size and twice the live data (tests lower it). */
  compactMinBytes?: number;
}

interface Live {
  version: number;
  /** The value as JSON text: every get parses its own copy, so no caller can change the store's memory. */
  text: string;
  /** The length of its line in a snapshot, to know when the log has grown past the live data. */
  bytes: number;
}

interface LogRecord {
  key: string;
  version: number;
  value?: unknown;
  deleted?: true;
}

/** Files a store in this process holds: a lock file naming our own pid and not listed here was left by an earlier
 * process that had the same pid (a restarted container), so it is stale. */
const heldHere = new Set<string>();

export class FileStore implements Store {
  private size: number;
  private liveBytes = 0;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly locks = new Map<string, Promise<void>>();
  private closing: Promise<void> | undefined;
  /** Set when the log's state on disk is no longer known: every later write fails with it. */
  private failed: Error | undefined;
  private compactQueued = false;
  /** After a compaction that failed before replacing the log, the next try waits for this size. */
  private compactAfter = 0;

  private constructor(
    readonly file: string,
    private fh: fsp.FileHandle,
    private readonly live: Map<string, Live>,
    size: number,
    private readonly compactMinBytes: number,
  ) {
    this.size = size;
    for (const entry of live.values()) this.liveBytes += entry.bytes;
  }

  static async open(file: string, tuning: FileStoreTuning = {}): Promise<FileStore> {
    const abs = path.resolve(file);
    await fsp.mkdir(path.dirname(abs), { recursive: true });
    await takeLock(abs);
    try {
      // A snapshot left by a compaction that crashed before its rename: the log itself is still whole.
      await fsp.rm(`${abs}.tmp`, { force: true });
      const { live, size, existed } = await replay(abs);
      const fh = await fsp.open(abs, 'a');
      try {
        // A new file's name must be durable too, or its first writes could vanish with it.
        if (!existed) await syncDir(abs);
      } catch (err) {
        await fh.close().catch(() => undefined);
        throw err;
      }
      const store = new FileStore(abs, fh, live, size, tuning.compactMinBytes ?? COMPACT_MIN_BYTES);
      store.maybeCompact();
      return store;
    } catch (err) {
      await releaseLock(abs);
      throw err;
    }
  }

  async get<T>(key: string): Promise<Entry<T> | undefined> {
    this.usable();
    checkKey(key);
    const entry = this.live.get(key);
    return entry && { value: JSON.parse(entry.text) as T, version: entry.version };
  }

  async put<T>(key: string, value: T): Promise<number> {
    this.usable();
    checkKey(key);
    return (await this.write(key, serialise(key, value), undefined)) as number;
  }

  async cas<T>(key: string, version: number, value: T | undefined): Promise<boolean> {
    this.usable();
    checkKey(key);
    if (!Number.isSafeInteger(version) || version < 0) throw new Error(`store: cas on ${JSON.stringify(key)}: version must be an integer >= 0`);
    return (await this.write(key, value === undefined ? undefined : serialise(key, value), version)) !== undefined;
  }

  async delete(key: string): Promise<void> {
    this.usable();
    checkKey(key);
    await this.write(key, undefined, undefined);
  }

  async list<T>(prefix: string): Promise<Array<{ key: string } & Entry<T>>> {
    this.usable();
    if (typeof prefix !== 'string') throw new Error('store: list needs a string prefix');
    const keys = [...this.live.keys()].filter((k) => k.startsWith(prefix)).sort(byKey);
    return keys.map((key) => {
      const entry = this.live.get(key) as Live;
      return { key, value: JSON.parse(entry.text) as T, version: entry.version };
    });
  }

  async lock<R>(name: string, fn: () => Promise<R>): Promise<R> {
    this.usable();
    return inTurn(this.locks, name, fn);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.tail.catch(() => undefined);
      await this.fh.close();
      await releaseLock(this.file);
    })();
    return this.closing;
  }

  private usable(): void {
    if (this.closing) throw new Error(`store ${this.file} is closed`);
  }

  /** One write at a time, in call order: the check of cas and its write see no other write in between. */
  private serial<R>(job: () => Promise<R>): Promise<R> {
    const run = this.tail.then(() => {
      if (this.failed) throw new Error(`store ${this.file} cannot write since an earlier failure: ${this.failed.message}`, { cause: this.failed });
      return job();
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Writes `text` (undefined: deletes) if the version is `expected` (undefined: any). The new version, 0 when a
   * delete found nothing to delete, undefined when the version did not match. */
  private write(key: string, text: string | undefined, expected: number | undefined): Promise<number | undefined> {
    const done = this.serial(async () => {
      const current = this.live.get(key);
      const currentVersion = current?.version ?? 0;
      if (expected !== undefined && expected !== currentVersion) return undefined;
      if (text === undefined && !current) return 0;
      const version = currentVersion + 1;
      const line = text === undefined ? `${JSON.stringify({ key, version, deleted: true })}\n` : recordLine(key, version, text);
      await this.append(Buffer.from(line, 'utf8'));
      if (current) this.liveBytes -= current.bytes;
      if (text === undefined) this.live.delete(key);
      else {
        const bytes = Buffer.byteLength(line, 'utf8');
        this.live.set(key, { version, text, bytes });
        this.liveBytes += bytes;
      }
      return version;
    });
    void done.then(
      () => this.maybeCompact(),
      () => undefined,
    );
    return done;
  }

  private async append(data: Buffer): Promise<void> {
    try {
      await this.fh.appendFile(data);
      await this.fh.datasync();
      this.size += data.length;
    } catch (err) {
      // A line left half-written would turn the next one into a garbage line in the middle: cut it off, and stop
      // writing if even that fails.
      try {
        await this.fh.truncate(this.size);
        await this.fh.datasync();
      } catch (cut) {
        this.failed = cut as Error;
      }
      throw err;
    }
  }

  private maybeCompact(): void {
    if (this.compactQueued || this.closing || this.size < this.compactAfter) return;
    if (this.size <= this.compactMinBytes || this.size <= 2 * this.liveBytes) return;
    this.compactQueued = true;
    void this.serial(() => this.compact())
      .catch(() => undefined)
      .finally(() => (this.compactQueued = false));
  }

  /** Replaces the log with one line per live key: the snapshot is synced before the rename, the rename before the
   * next append, so a crash at any step leaves either the old log or the new one, both whole. */
  private async compact(): Promise<void> {
    if (this.closing) return;
    const tmp = `${this.file}.tmp`;
    const lines: string[] = [];
    for (const [key, entry] of this.live) lines.push(recordLine(key, entry.version, entry.text));
    const data = Buffer.from(lines.join(''), 'utf8');
    try {
      const out = await fsp.open(tmp, 'w');
      try {
        await out.writeFile(data);
        await out.datasync();
      } finally {
        await out.close();
      }
      await fsp.rename(tmp, this.file);
    } catch {
      // The log is untouched: keep appending to it and try again once it has grown as much again.
      await fsp.rm(tmp, { force: true }).catch(() => undefined);
      this.compactAfter = this.size * 2;
      return;
    }
    try {
      await syncDir(this.file);
      const fh = await fsp.open(this.file, 'a');
      const old = this.fh;
      this.fh = fh;
      this.size = data.length;
      this.compactAfter = 0;
      await old.close().catch(() => undefined);
    } catch (err) {
      // The old handle now writes to a file no longer named: appending there would lose writes.
      this.failed = err as Error;
    }
  }
}

function recordLine(key: string, version: number, text: string): string {
  return `{"key":${JSON.stringify(key)},"version":${version},"value":${text}}\n`;
}

/** Reads the log into the live map; a bad last line (a torn write) is truncated away so later appends start clean. */
async function replay(file: string): Promise<{ live: Map<string, Live>; size: number; existed: boolean }> {
  const live = new Map<string, Live>();
  let data: Buffer;
  try {
    data = await fsp.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { live, size: 0, existed: false };
    throw err;
  }
  let start = 0;
  let lineNo = 0;
  while (start < data.length) {
    const end = data.indexOf(NEWLINE, start);
    lineNo++;
    // A line without its newline was never acknowledged, even if it parses.
    const record = end === -1 ? undefined : parseRecord(data.toString('utf8', start, end));
    if (!record) {
      if (end !== -1 && end + 1 < data.length) {
        throw new Error(
          `store ${file}: line ${lineNo} (byte ${start}) is not a store record, and lines after it hold committed data; ` +
            'not opening, to lose nothing: repair the line or move the file aside',
        );
      }
      break;
    }
    if (record.deleted) live.delete(record.key);
    else {
      const text = JSON.stringify(record.value);
      live.set(record.key, { version: record.version, text, bytes: Buffer.byteLength(recordLine(record.key, record.version, text), 'utf8') });
    }
    start = end + 1;
  }
  if (start < data.length) {
    const fh = await fsp.open(file, 'r+');
    try {
      await fh.truncate(start);
      await fh.datasync();
    } finally {
      await fh.close();
    }
  }
  return { live, size: start, existed: true };
}

function parseRecord(line: string): LogRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const r = parsed as Record<string, unknown>;
  if (typeof r.key !== 'string' || r.key === '' || !Number.isSafeInteger(r.version) || (r.version as number) < 1) return undefined;
  const hasValue = Object.prototype.hasOwnProperty.call(r, 'value');
  if (hasValue === (r.deleted === true)) return undefined;
  return r as unknown as LogRecord;
}

async function syncDir(file: string): Promise<void> {
  // Windows cannot open a directory to sync it; its rename is durable by itself.
  if (process.platform === 'win32') return;
  const dir = await fsp.open(path.dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** Takes `<file>.lock` holding our pid. It is made whole elsewhere and hard-linked into place, so another process
 * never reads it half-written; one naming a process that is gone is taken over. */
async function takeLock(file: string): Promise<void> {
  const lockFile = `${file}.lock`;
  if (heldHere.has(file)) throw new Error(`store ${file} is already open in this process (pid ${process.pid})`);
  heldHere.add(file);
  const mine = `${lockFile}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  try {
    await fsp.writeFile(mine, `${process.pid}\n`);
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await fsp.link(mine, lockFile);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const text = await readIfThere(lockFile);
      if (text === undefined) continue;
      const pid = Number.parseInt(text, 10);
      if (alive(pid)) throw new Error(`store ${file} is in use by process ${pid} (lock file ${lockFile}): close it there first`);
      // Stale. Remove it only if it still names that process: another opener may have just taken it over.
      if ((await readIfThere(lockFile)) === text) await fsp.rm(lockFile, { force: true });
    }
    throw new Error(`store ${file}: could not take the lock file ${lockFile}`);
  } catch (err) {
    heldHere.delete(file);
    throw err;
  } finally {
    await fsp.rm(mine, { force: true });
  }
}

async function releaseLock(file: string): Promise<void> {
  const lockFile = `${file}.lock`;
  try {
    if (Number.parseInt((await readIfThere(lockFile)) ?? '', 10) === process.pid) await fsp.rm(lockFile, { force: true });
  } finally {
    // Only after the file is gone: an opener in this process could otherwise take our lock file for a stale one.
    heldHere.delete(file);
  }
}

async function readIfThere(file: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function alive(pid: number): boolean {
  // Unreadable contents were written by no process (ours are made whole before they are linked); our own pid means
  // an earlier process that had it, since heldHere was checked.
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
