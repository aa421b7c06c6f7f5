import type { Operation } from './catalog';
import { LockError, errorText } from './errors';
import type { WireParams } from './operation';

export const REDACTED = '[redacted]';

/** The wire parameters as they may be shown in msg.smartlock.request: secret fields masked, in list elements too. */
export function redactWire(op: Pick<Operation, 'params'>, wire: WireParams): WireParams {
  const out: WireParams = { ...wire };
  for (const p of op.params) {
    if (!Object.prototype.hasOwnProperty.call(out, p.wire)) continue;
    if (p.secret) out[p.wire] = REDACTED;
    else if (p.item && Array.isArray(out[p.wire])) {
      const item = { params: p.item };
      out[p.wire] = (out[p.wire] as WireParams[]).map((el) => redactWire(item, el));
    }
  }
  return out;
}

/** A vendor's answer with the values of `fields` (at any depth) masked; the same value when it has none. */
export function maskFields<T>(value: T, fields: readonly string[] | undefined): T {
  if (!fields?.length || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v: unknown) => maskFields(v, fields)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>))
    out[k] = fields.includes(k) && v !== undefined && v !== null && v !== '' ? REDACTED : maskFields(v, fields);
  return out as T;
}

/** Secrets (and forms) shorter than this are not looked for: they would match ordinary text. */
const MIN_LENGTH = 4;
/** A base64 run cut out of a longer base64 text must be at least this long to be looked for. */
const MIN_BASE64_CORE = 8;
const CACHE_LIMIT = 256;
/** Parsed JSON never nests this deep in a vendor body; anything deeper is left as it is. */
const MAX_DEPTH = 64;

/** Characters left as they are by each percent-encoding in use (everything else is %XX of its UTF-8 bytes). */
const UNRESERVED = [
  /[A-Za-z0-9\-_.!~*'()]/, // encodeURIComponent, Node's querystring
  /[A-Za-z0-9*\-._]/, // application/x-www-form-urlencoded as URLSearchParams writes it
  /[A-Za-z0-9\-._~]/, // RFC 3986 strict (qs, many signing libraries)
];

/** Percent-encodes a text leaving the characters `keep` matches; a space is written as `space`. */
function percentEncode(text: string, keep: RegExp, space: string, lower: boolean): string {
  let out = '';
  for (const ch of text) {
    if (keep.test(ch)) out += ch;
    else if (ch === ' ') out += space;
    else {
      // Buffer writes a lone surrogate as U+FFFD, as URLSearchParams does (encodeURIComponent would throw).
      for (const b of Buffer.from(ch, 'utf8')) {
        const hex = b.toString(16).padStart(2, '0');
        out += '%' + (lower ? hex : hex.toUpperCase());
      }
    }
  }
  return out;
}

/** The inside of a JSON string literal; optionally with non-ASCII as \uXXXX (upper or lower hex). */
function jsonEscape(text: string, unicode: 'keep' | 'lower' | 'upper'): string {
  const json = JSON.stringify(text).slice(1, -1);
  if (unicode === 'keep') return json;
  return json.replace(/[\u0080-\uffff]/g, (ch) => {
    const hex = ch.charCodeAt(0).toString(16).padStart(4, '0');
    return '\\u' + (unicode === 'lower' ? hex : hex.toUpperCase());
  });
}

/**
 * The base64 characters that depend on the secret's bytes alone, for each of the three byte
 * alignments it can have inside a longer encoded text (e.g. `key:secret` in a Basic header).
 */
function base64Cores(bytes: Buffer): string[] {
  const out: string[] = [];
  for (let k = 0; k < 3; k++) {
    const encoded = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    const from = Math.ceil((8 * k) / 6);
    const to = Math.floor((8 * (k + bytes.length)) / 6);
    if (to - from >= MIN_BASE64_CORE) out.push(encoded.slice(from, to));
  }
  return out;
}

const toUrl = (b64: string): string => b64.replace(/\+/g, '-').replace(/\//g, '_');

function computeForms(secret: string): readonly string[] {
  if (secret.length < MIN_LENGTH) return [];
  const forms = new Set<string>([secret]);
  for (const keep of UNRESERVED) {
    for (const space of ['%20', '+']) {
      for (const lower of [false, true]) forms.add(percentEncode(secret, keep, space, lower));
    }
  }
  for (const unicode of ['keep', 'lower', 'upper'] as const) {
    const json = jsonEscape(secret, unicode);
    forms.add(json);
    forms.add(json.replace(/\//g, '\\/')); // PHP's json_encode escapes slashes
  }
  const bytes = Buffer.from(secret, 'utf8');
  const padded = bytes.toString('base64');
  const base64 = [padded, padded.replace(/=+$/, ''), ...base64Cores(bytes)];
  for (const b of base64) {
    forms.add(b);
    forms.add(b.replace(/\//g, '\\/'));
    forms.add(toUrl(b));
  }
  return [...forms].filter((f) => f.length >= MIN_LENGTH).sort((a, b) => b.length - a.length);
}

const formCache = new Map<string, readonly string[]>();

function cachedForms(secret: string): readonly string[] {
  let forms = formCache.get(secret);
  if (!forms) {
    forms = computeForms(secret);
    if (formCache.size >= CACHE_LIMIT) formCache.clear();
    formCache.set(secret, forms);
  }
  return forms;
}

/**
 * Every form in which a secret can appear in a text, longest first: raw; percent-encoded as
 * encodeURIComponent, as a form body (URLSearchParams) and as RFC 3986, each with `+` and `%20`
 * for a space and with upper- and lowercase hex; JSON-escaped (also with non-ASCII as \uXXXX, in
 * both cases, and with `\/`); base64 and base64url, padded and not, and the runs of base64 that
 * the secret alone determines inside a longer encoded text. Empty for secrets shorter than 4.
 */
export function secretForms(secret: string): string[] {
  return typeof secret === 'string' ? [...cachedForms(secret)] : [];
}

/** The forms of several secrets, longest first so that no longer form is half-replaced by a shorter one. */
interface Forms {
  list: readonly string[];
  shortest: number;
}

/** The last secrets asked for and their forms: a client asks with the same list call after call. */
let lastForms: { key: string; forms: Forms } | undefined;

function formsOf(secrets: readonly string[]): Forms {
  const key = secrets.join('\u0000');
  if (lastForms?.key === key) return lastForms.forms;
  const forms = computeFormsOf(secrets);
  lastForms = { key, forms };
  return forms;
}

function computeFormsOf(secrets: readonly string[]): Forms {
  const set = new Set<string>();
  for (const s of secrets) {
    if (typeof s === 'string' && s.length >= MIN_LENGTH) for (const f of cachedForms(s)) set.add(f);
  }
  const list = [...set].sort((a, b) => b.length - a.length);
  return { list, shortest: list.length ? list[list.length - 1].length : Infinity };
}

function scrubWith(text: string, forms: Forms): string {
  if (text.length < forms.shortest) return text;
  let out = text;
  for (const f of forms.list) {
    if (out.length >= f.length && out.includes(f)) out = out.split(f).join(REDACTED);
  }
  return out;
}

/** Replaces every occurrence of the given secret values, in every form they can take, in a text. Short values are ignored. */
export function scrub(text: string, secrets: readonly string[]): string {
  return scrubWith(text, formsOf(secrets));
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  else out[key] = value;
}

/** The value with every string scrubbed; the same value when nothing changed. `seen` guards against cycles and shared parts. */
function walk(value: unknown, forms: Forms, depth: number, seen: Map<object, unknown>): unknown {
  if (typeof value === 'string') return scrubWith(value, forms);
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return value;
  if (seen.has(value)) return seen.get(value);
  if (Array.isArray(value)) {
    seen.set(value, value); // a cycle back to here is left as it is
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const x: unknown = value[i];
      const y = walk(x, forms, depth + 1, seen);
      if (y !== x) (out ??= value.slice())[i] = y;
    }
    seen.set(value, out ?? value);
    return out ?? value;
  }
  if (!isPlainObject(value)) return value; // not JSON data (Buffer, Date, class instances)
  seen.set(value, value);
  const keys = Object.keys(value);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const x = value[k];
    const nk = scrubWith(k, forms);
    const nx = walk(x, forms, depth + 1, seen);
    if (!out && (nk !== k || nx !== x)) {
      out = Object.getPrototypeOf(value) === null ? (Object.create(null) as Record<string, unknown>) : {};
      for (let j = 0; j < i; j++) put(out, keys[j], value[keys[j]]);
    }
    if (out) put(out, nk, nx);
  }
  seen.set(value, out ?? value);
  return out ?? value;
}

function scrubValueWith<T>(value: T, forms: Forms): T {
  if (forms.list.length === 0) return value;
  return walk(value, forms, 0, new Map()) as T;
}

/**
 * A copy of a parsed JSON value (e.g. a vendor's response body) with every string, keys included,
 * scrubbed; only the objects and arrays on the way to a change are copied, and the value itself
 * comes back when nothing matched. Parts nested deeper than 64 levels are left as they are.
 */
export function scrubValue<T>(value: T, secrets: readonly string[]): T {
  return scrubValueWith(value, formsOf(secrets));
}

/** The own properties scrubError rebuilds itself; any other one is copied over, scrubbed. */
const REBUILT = new Set(['message', 'stack', 'name', 'code', 'vendorCode', 'vendorMessage', 'retryable', 'sent', 'retryAfterMs', 'cause', 'key', 'params']);
const CAUSE_KEYS = new Set(['code', 'vendorCode', 'vendorMessage', 'retryable']);

/**
 * The same error with secret values removed from its texts (message, vendorMessage, a string
 * vendorCode, stack, message values) and from any further data it carries; every other detail is
 * kept. The error itself comes back when it held no secret.
 */
export function scrubError(err: LockError, secrets: readonly string[]): LockError {
  const forms = formsOf(secrets);
  if (forms.list.length === 0) return err;
  const message = scrubWith(err.message, forms);
  const vendorMessage = err.vendorMessage === undefined ? undefined : scrubWith(err.vendorMessage, forms);
  const vendorCode = typeof err.vendorCode === 'string' ? scrubWith(err.vendorCode, forms) : err.vendorCode;
  const params = err.params === undefined ? undefined : scrubValueWith(err.params, forms);
  const stack = typeof err.stack === 'string' ? scrubWith(err.stack, forms) : err.stack;
  let changed = message !== err.message || vendorMessage !== err.vendorMessage || vendorCode !== err.vendorCode || params !== err.params || stack !== err.stack;

  const descriptors = Object.getOwnPropertyDescriptors(err) as Record<PropertyKey, PropertyDescriptor>;
  const extras: Array<[PropertyKey, PropertyDescriptor]> = [];
  for (const k of Reflect.ownKeys(descriptors)) {
    if (typeof k === 'string' && REBUILT.has(k)) continue;
    const d = descriptors[k as string];
    if ('value' in d) {
      const v = scrubValueWith(d.value, forms);
      if (v !== d.value) {
        changed = true;
        extras.push([k, { ...d, value: v }]);
        continue;
      }
    }
    extras.push([k, d]);
  }
  const cause = err.cause as unknown;
  const causeExtras: Array<[string, unknown]> = [];
  if (cause !== null && typeof cause === 'object') {
    for (const [k, v] of Object.entries(cause)) {
      if (CAUSE_KEYS.has(k)) continue;
      const nv = scrubValueWith(v, forms);
      if (nv !== v) changed = true;
      causeExtras.push([k, nv]);
    }
  }
  if (!changed) return err;

  const out = new LockError(err.code, err.key ? errorText(err.key, params) : message, {
    vendorCode,
    vendorMessage,
    retryable: err.retryable,
    sent: err.sent,
    retryAfterMs: err.retryAfterMs,
  });
  if (Object.getPrototypeOf(err) !== Object.getPrototypeOf(out)) Object.setPrototypeOf(out, Object.getPrototypeOf(err));
  if (typeof stack === 'string') Object.defineProperty(out, 'stack', { value: stack, writable: true, enumerable: false, configurable: true });
  for (const [k, d] of extras) {
    try {
      Object.defineProperty(out, k, d);
    } catch {
      // a property the constructor made non-configurable: it already holds its own value
    }
  }
  for (const [k, v] of causeExtras) put(out.cause as Record<string, unknown>, k, v);
  return out;
}
