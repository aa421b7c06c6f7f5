// What every backend accepts as a key and a value, checked before anything is written, so the backends agree.

const MAX_KEY_LENGTH = 512;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function checkKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key === '' || key.length > MAX_KEY_LENGTH) {
    throw new Error(`store: a key must be a non-empty string of at most ${MAX_KEY_LENGTH} characters`);
  }
  // The Redis backend stores keys as UTF-8, where a lone surrogate cannot survive.
  if (LONE_SURROGATE.test(key)) throw new Error(`store: the key ${JSON.stringify(key)} is not well-formed Unicode`);
}

/** The value as JSON text, refusing what JSON would drop or change silently, so what get returns is what was put. */
export function serialise(key: string, value: unknown): string {
  const refuse = (what: string, at: string): never => {
    throw new Error(`store: the value of ${JSON.stringify(key)} is not JSON data: ${what}${at ? ` at ${JSON.stringify(at)}` : ''}`);
  };
  if (value === undefined) refuse('undefined (use delete)', '');
  try {
    return JSON.stringify(value, function (this: unknown, at: string, v: unknown) {
      switch (typeof v) {
        case 'function':
        case 'symbol':
        case 'bigint':
          return refuse(`a ${typeof v}`, at);
        case 'number':
          return Number.isFinite(v) ? v : refuse(String(v), at);
        case 'undefined':
          // In an object it is just an absent property; in an array JSON would write null.
          return Array.isArray(this) ? refuse('undefined in an array', at) : v;
        case 'object': {
          if (v === null || Array.isArray(v)) return v;
          const proto = Object.getPrototypeOf(v);
          if (proto !== Object.prototype && proto !== null) refuse(`a ${(v as object).constructor?.name ?? 'class'} object`, at);
          return v;
        }
        default:
          return v;
      }
    });
  } catch (err) {
    if ((err as Error).message.startsWith('store:')) throw err;
    // JSON.stringify's own refusals: cycles.
    return refuse((err as Error).message.split('\n')[0], '');
  }
}

/** The order list() returns: by UTF-16 code unit, as JavaScript compares strings, whatever the backend's own order. */
export function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Runs fn after every earlier holder of `name` in this process (a queue per name in `locks`);
 * the last holder removes its entry, so names used once do not accumulate.
 */
export async function inTurn<R>(locks: Map<string, Promise<void>>, name: string, fn: () => Promise<R>): Promise<R> {
  if (typeof name !== 'string' || name === '') throw new Error('store: a lock needs a non-empty name');
  const previous = locks.get(name) ?? Promise.resolve();
  let release!: () => void;
  const mine = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
  locks.set(name, mine);
  await previous;
  try {
    return await fn();
  } finally {
    release();
    if (locks.get(name) === mine) locks.delete(name);
  }
}
