import type { Catalog, Operation, Param, ParamType, ResultSource } from './catalog';
import { validation } from './errors';
import { formatIso, formatLocal, parseLocal, toDate } from './time';

export type WireValue = string | number | boolean | object;
export type WireParams = Record<string, WireValue>;

export interface TimeContext {
  /** IANA zone for `local` time encodings and for ISO strings without an offset. */
  timeZone: string;
}

export interface PreparedCall {
  operation: Operation;
  /** vendor field name → value as it goes on the wire */
  wire: WireParams;
  /** neutral name → validated value (Date for times), for `$name` result fields */
  values: Record<string, unknown>;
}

const own = (obj: object, key: string): boolean => Object.prototype.hasOwnProperty.call(obj, key);
const CONTROL = /[\u0000-\u001f\u007f]/; // eslint-disable-line no-control-regex
const MAX_TEXT = 4096;

export function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** What a wrong value is, in words (`given`) and as a bare type name (`type`) for translations. */
function describeValue(value: unknown): { given: string; type: string } {
  if (value === null) return { given: 'null', type: 'null' };
  if (binary(value)) return { given: 'binary data', type: 'binary' };
  if (Array.isArray(value)) return { given: 'an array', type: 'array' };
  if (typeof value === 'number' && Number.isNaN(value)) return { given: 'NaN', type: 'NaN' };
  return typeof value === 'object' ? { given: 'an object', type: 'object' } : { given: `a ${typeof value}`, type: typeof value };
}

function text(p: Param, value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw validation('notString', { name: p.name, ...describeValue(value) });
  const s = value.trim();
  const max = p.maxLength ?? MAX_TEXT;
  if (s.length > max) throw validation('tooLong', { name: p.name, max });
  if (p.minLength !== undefined && s.length < p.minLength) throw validation('tooShort', { name: p.name, min: p.minLength });
  if (CONTROL.test(s)) throw validation('controlChars', { name: p.name });
  return s;
}

const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const DEFAULT_IMAGE_BYTES = 512 * 1024;
/** A JSON parameter's bounds: the vendors' documented bodies nest 3 deep and weigh a few KB. */
export const MAX_JSON_DEPTH = 32;
/** As JSON text, unless the parameter says (`maxLength`): the size of the largest body a callback may post here (nodes/shared/callbacks.ts). */
export const MAX_JSON_BYTES = 1024 * 1024;

/** Binary data (Buffer, typed array, ArrayBuffer) as a Buffer over the same memory: no copy. */
function binary(value: unknown): Buffer | undefined {
  if (Buffer.isBuffer(value)) return value;
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  return undefined;
}

function image(p: Param, value: unknown): string {
  const max = p.maxLength ?? DEFAULT_IMAGE_BYTES;
  const bin = binary(value);
  const isImage = (bytes: Buffer): boolean => bytes.subarray(0, 3).equals(JPEG) || bytes.subarray(0, 8).equals(PNG);
  let b64: string;
  if (bin) {
    // The size first: a 20 MB file is refused before it is copied or encoded.
    if (bin.length > max) throw validation('tooLarge', { name: p.name, max });
    if (!isImage(bin)) throw validation('notJpegPng', { name: p.name });
    // Bytes encoded here are base64 by construction: not checked by pattern and decoded again (a 400 KB face held the loop 1-2 ms longer for it).
    return bin.toString('base64');
  } else if (typeof value === 'string') {
    b64 = value
      .trim()
      .replace(/^data:image\/[a-z]+;base64,/i, '')
      .replace(/\s+/g, '');
  } else {
    throw validation('notImage', { name: p.name, ...describeValue(value) });
  }
  // Check the size before decoding: a huge string must not be decoded just to be refused.
  if (b64.length > Math.ceil(max / 3) * 4 + 4) throw validation('tooLarge', { name: p.name, max });
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) throw validation('notBase64', { name: p.name });
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length > max) throw validation('tooLarge', { name: p.name, max });
  if (!isImage(bytes)) throw validation('notJpegPng', { name: p.name });
  return b64;
}

function encodeTime(date: Date, encoding: Catalog['timeEncoding'], ctx: TimeContext): string | number {
  if (encoding === 'local') return formatLocal(date, ctx.timeZone);
  return encoding === 's' ? Math.floor(date.getTime() / 1000) : date.getTime();
}

/** What a parameter check works with: the catalog's time encoding, the config's zone. */
interface CheckContext {
  catalog: Catalog;
  ctx: TimeContext;
}

/** One type's check: the validated value (Date for times) and what goes on the wire. */
type Check = (p: Param, value: unknown, c: CheckContext) => [unknown, WireValue];

const same = (v: unknown): [unknown, WireValue] => [v, v as WireValue];

/** Every parameter type's check, by type. */
const CHECKS: Record<ParamType, Check> = {
  string: (p, value) => same(text(p, value)),
  id: (p, value) => {
    if (typeof value === 'number' && !(Number.isSafeInteger(value) && value >= 0)) throw validation('notId', { name: p.name });
    return same(text({ ...p, maxLength: p.maxLength ?? 128 }, value));
  },
  integer: (p, value) => {
    const n = typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim()) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw validation('notInteger', { name: p.name, ...describeValue(value) });
    if ((p.min !== undefined && n < p.min) || (p.max !== undefined && n > p.max)) {
      throw validation('outOfRange', { name: p.name, min: p.min ?? '-∞', max: p.max ?? '∞' });
    }
    return same(n);
  },
  digits: (p, value) => {
    if (typeof value !== 'string' && !(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) {
      throw validation('notDigits', { name: p.name, ...describeValue(value) });
    }
    const s = String(value).trim();
    const [min, max] = [p.minLength ?? 1, p.maxLength ?? 32];
    if (!/^\d+$/.test(s) || s.length < min || s.length > max) {
      throw validation('digitsLength', { name: p.name, length: min === max ? min : `${min}-${max}` });
    }
    return same(s);
  },
  hex: (p, value) => {
    const s = text(p, value);
    if (!/^[0-9a-fA-F]+(?:[-: ][0-9a-fA-F]+)*$/.test(s)) throw validation('notHex', { name: p.name });
    return same(s);
  },
  image: (p, value) => same(image(p, value)),
  time: (p, value, { catalog, ctx }) => {
    // A time whose catalog default is 0 takes 0 as the vendor's "no bound", and sends it as is.
    if (value === 0 && p.default === 0) return [0, 0];
    const date = toDate(value, p.name, ctx.timeZone);
    return [date, encodeTime(date, p.unit ?? catalog.timeEncoding, ctx)];
  },
  boolean: (p, value) => {
    if (typeof value === 'boolean') return same(value);
    if (value === 'true' || value === 'false') return same(value === 'true');
    throw validation('notBoolean', { name: p.name, ...describeValue(value) });
  },
  json: (p, value) => {
    const max = p.maxLength ?? MAX_JSON_BYTES;
    if (typeof value === 'string' && value.length > max) throw validation('tooLarge', { name: p.name, max });
    const v = typeof value === 'string' ? parseJson(p, value) : value;
    if (typeof v !== 'object' || v === null || binary(v)) throw validation('notJsonValue', { name: p.name });
    jsonBounds(p.name, v, max);
    return same(v);
  },
  list: (p, value, c) => {
    const v = typeof value === 'string' && value.trim().startsWith('[') ? parseJson(p, value) : value;
    const items = Array.isArray(v)
      ? v
      : p.item
        ? undefined
        : typeof v === 'string'
          ? v
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean)
          : [v];
    if (!items || items.length === 0) throw validation('emptyList', { name: p.name });
    if (p.maxItems !== undefined && p.chunk === undefined && items.length > p.maxItems)
      throw validation('tooManyItems', { name: p.name, count: items.length, max: p.maxItems });
    const checked = items.map((el, i): [unknown, WireValue] => {
      if (!p.item) return check({ ...p, type: p.of ?? 'string', name: `${p.name}[${i}]` }, el, c);
      if (el === null || typeof el !== 'object' || Array.isArray(el)) throw validation('itemNotObject', { name: p.name, index: i });
      const { wire, values } = checkFields(p.item, el as Record<string, unknown>, c, { prefix: `${p.name}[${i}].` });
      return [values, wire];
    });
    return [checked.map(([value]) => value), checked.map(([, wire]) => wire)];
  },
};

/** An object or array whose values are still to be walked. */
interface Container {
  value: Record<string, unknown> | unknown[];
  /** an object's keys; an array is walked by index */
  keys?: string[];
  next: number;
}

/**
 * A JSON value's nesting and size (as JSON text, escapes not counted) checked before it is sent:
 * JSON.stringify overflows the stack on a value nested 100 000 deep (which read as a network
 * failure, and was retried) and takes its time over 20 MB. Walked without recursion and given
 * up at the first bound passed, so the cost is bounded by the bounds, not by what the msg holds;
 * a value that contains itself is too deep.
 */
export function jsonBounds(name: string, root: object, maxBytes: number, maxDepth = MAX_JSON_DEPTH): void {
  let size = 0;
  const add = (n: number): void => {
    size += n;
    if (size > maxBytes) throw validation('tooLarge', { name, max: maxBytes });
  };
  // A string's UTF-8 bytes are at least its length: a long one is refused before it is measured.
  const text = (s: string, extra: number): void => add(s.length > maxBytes - size ? s.length : Buffer.byteLength(s, 'utf8') + extra);
  const open: Container[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') return text(v, 2);
    if (typeof v === 'number') return add(String(v).length);
    if (typeof v === 'boolean') return add(5);
    if (typeof v === 'bigint') throw validation('notJsonData', { name, ...describeValue(v) });
    if (v === null || typeof v !== 'object') return add(4); // null, or undefined and functions in an array (written null)
    const bin = binary(v);
    if (bin) return add(2 * bin.length); // a Buffer is written as its bytes' numbers: at least a digit and a comma each
    if (v instanceof Date) return add(26);
    if (open.length >= maxDepth) throw validation('tooDeep', { name, max: maxDepth });
    add(2);
    if (Array.isArray(v)) {
      // At least a byte an element: an array of millions is refused before it is walked.
      if (v.length > maxBytes - size) add(v.length);
      open.push({ value: v, next: 0 });
    } else open.push({ value: v as Record<string, unknown>, keys: Object.keys(v), next: 0 });
  };
  visit(root);
  while (open.length) {
    const c = open[open.length - 1];
    if (c.next >= (c.keys ?? (c.value as unknown[])).length) {
      open.pop();
      continue;
    }
    const i = c.next++;
    if (!c.keys) {
      add(1);
      visit((c.value as unknown[])[i]);
      continue;
    }
    const v = (c.value as Record<string, unknown>)[c.keys[i]];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue; // left out of JSON
    text(c.keys[i], 4);
    visit(v);
  }
}

/** Checks one value against its parameter; returns [validated value, wire value]. */
function check(p: Param, value: unknown, c: CheckContext): [unknown, WireValue] {
  return CHECKS[p.type](p, value, c);
}

function enumerated(p: Param, value: unknown): WireValue {
  const values = p.values as Record<string, WireValue>;
  const key = String(value);
  if (own(values, key)) return values[key];
  const raw = Object.values(values).find((v) => String(v) === key);
  if (raw === undefined) throw validation('notOneOf', { name: p.name, values: Object.keys(values).join(', ') });
  return raw;
}

function parseJson(p: Param, value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw validation('notJson', { name: p.name });
  }
}

/** Checks fields against their parameters: neutral name first, then the vendor's name. */
function checkFields(
  params: Param[],
  input: Record<string, unknown>,
  c: CheckContext,
  /** `prefix` names list elements in errors; `title` names the operation; `pending` are supplied later */
  opts: { prefix?: string; title?: string; pending?: readonly string[] } = {},
): { wire: WireParams; values: Record<string, unknown> } {
  const { prefix = '', title = '', pending } = opts;
  const wire: WireParams = {};
  const values: Record<string, unknown> = {};
  for (const p of params) {
    if (pending?.includes(p.name)) continue;
    const name = [p.name, p.wire, ...(p.aliases ?? [])].find((n) => own(input, n) && !isEmpty(input[n]));
    let raw = name === undefined ? undefined : input[name];
    if (isEmpty(raw) && p.type === 'list' && p.item) {
      // No list given: one element from the top-level fields (e.g. a single card), by any of their names.
      const given = p.item
        .map((i) => [i.name, [i.name, i.wire, ...(i.aliases ?? [])].find((n) => own(input, n) && !isEmpty(input[n]))] as const)
        .filter(([, n]) => n !== undefined);
      if (given.length) raw = [Object.fromEntries(given.map(([neutral, n]) => [neutral, input[n as string]]))];
    }
    if (isEmpty(raw)) raw = p.default;
    if (isEmpty(raw) && p.zoneWith) {
      const other = params.find((x) => x.name === p.zoneWith);
      if (other && [other.name, other.wire, ...(other.aliases ?? [])].some((n) => own(input, n) && !isEmpty(input[n]))) raw = c.ctx.timeZone;
    }
    if (isEmpty(raw)) {
      if (p.required) throw title ? validation('requiredFor', { name: prefix + p.name, operation: title }) : validation('required', { name: prefix + p.name });
      continue;
    }
    const [value, wireValue] = check({ ...p, name: prefix + p.name }, raw, c);
    values[p.name] = value;
    if (p.in !== 'none') wire[p.wire] = p.values ? enumerated(p, value) : wireValue;
  }
  return { wire, values };
}

/**
 * Validates neutral input against the operation's parameters and rules, and builds the wire
 * parameters. Throws VALIDATION before anything is sent. `pending` names parameters an earlier
 * step will supply: left out here, so a chain's later steps can be checked before the first.
 */
export function prepare(catalog: Catalog, op: Operation, input: Record<string, unknown>, ctx: TimeContext, pending?: readonly string[]): PreparedCall {
  const { wire, values } = checkFields(op.params, input, { catalog, ctx }, { title: op.title, pending });
  Object.assign(wire, op.fixed);
  for (const rule of op.rules ?? []) {
    if ('oneOf' in rule && !rule.oneOf.some((n) => own(values, n))) {
      throw validation('needsOneOf', { operation: op.title, names: rule.oneOf.join(' or ') });
    }
    if ('after' in rule) {
      const [later, earlier] = rule.after.map((n) => values[n]);
      if (later instanceof Date && earlier instanceof Date && later.getTime() <= earlier.getTime()) {
        throw validation('notLater', { later: rule.after[0], earlier: rule.after[1] });
      }
    }
    if ('together' in rule) {
      const missing = rule.together.find((n) => !own(values, n));
      const given = rule.together.find((n) => own(values, n));
      if (missing !== undefined && given !== undefined) throw validation('needsBoth', { missing, given, operation: op.title });
    }
    if ('permanent' in rule) {
      if (values[rule.permanent] === true) {
        const given = rule.validity.find((n) => own(values, n));
        if (given !== undefined) throw validation('permanentWithValidity', { name: given, flag: rule.permanent });
        Object.assign(wire, rule.send);
      } else {
        const missing = rule.validity.find((n) => !own(values, n));
        if (missing !== undefined) throw validation('requiredUnlessPermanent', { name: missing, operation: op.title, flag: rule.permanent });
      }
    }
    if ('within' in rule) {
      const [laterName, earlierName, maxMs] = rule.within;
      const later = values[laterName];
      const earlier = values[earlierName] ?? new Date();
      if (later instanceof Date && earlier instanceof Date && later.getTime() - earlier.getTime() > maxMs) {
        throw validation('tooFarApart', { later: laterName, earlier: earlierName, hours: maxMs / 3_600_000 });
      }
    }
  }
  return { operation: op, wire, values };
}

/** The value at a dotted path of a body (`a.b|a.c`: the first present), undefined when absent. */
export function valueAt(body: unknown, path: string): unknown {
  if (path.includes('|')) {
    for (const alt of path.split('|')) {
      const v = valueAt(body, alt);
      if (v !== undefined) return v;
    }
    return undefined;
  }
  let cur: unknown = body;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !own(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function pick(source: ResultSource, body: unknown, call: PreparedCall, catalog: Catalog, ctx: TimeContext): unknown {
  const { from, type, unit, equals, values } =
    typeof source === 'string' ? { from: source, type: undefined, unit: undefined, equals: undefined, values: undefined } : source;
  const value = from.startsWith('$') ? valueAt(call.values, from.slice(1)) : valueAt(body, from);
  if (values) return value !== undefined && value !== null && Object.prototype.hasOwnProperty.call(values, String(value)) ? values[String(value)] : undefined;
  if (equals !== undefined) return value !== undefined && value !== null && String(value) === String(equals);
  if (value instanceof Date) return formatIso(value, ctx.timeZone);
  if (value === undefined || value === null) return value;
  if (type === 'number') return Number(value);
  if (type === 'string') return String(value);
  if (type === 'boolean') return Boolean(value);
  if (type === 'time') return decodeTime(value, unit ?? catalog.timeEncoding, ctx, unit);
  return value;
}

/**
 * A vendor time as epoch ms: NaN when it cannot be read, null for 0 ("not set"). Epoch numbers
 * are told apart by size (vendors mix 10- and 13-digit stamps) unless the field declares its
 * `unit`. Beyond ±8.64e15 ms a Date is invalid: such a stamp is unreadable.
 */
function timeMs(value: unknown, encoding: Catalog['timeEncoding'], ctx: TimeContext, unit?: 's' | 'ms'): number | null {
  let ms = NaN;
  if (typeof value === 'string' && encoding === 'local' && !/^\d+$/.test(value)) ms = parseLocal(value, ctx.timeZone);
  else if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) {
    const n = Number(value);
    if (n === 0) return null;
    ms = unit === 'ms' ? n : unit === 's' || n < 1e11 ? n * 1000 : n;
  }
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? ms : NaN;
}

/** A vendor time as ISO 8601 in the config's zone (formatIso), or the raw value if it cannot be read. */
function decodeTime(value: unknown, encoding: Catalog['timeEncoding'], ctx: TimeContext, unit?: 's' | 'ms'): unknown {
  const ms = timeMs(value, encoding, ctx, unit);
  return ms === null ? null : Number.isNaN(ms) ? value : formatIso(ms, ctx.timeZone);
}

function mapFields(fields: Record<string, ResultSource>, body: unknown, call: PreparedCall, catalog: Catalog, ctx: TimeContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, source] of Object.entries(fields)) {
    const v = pick(source, body, call, catalog, ctx);
    if (v === undefined) continue;
    out[name] = v;
    // A time the vendor sent as an epoch stamp keeps it, exactly, in ms beside the ISO text (`lockTimeMs`).
    if (typeof source === 'object' && source.type === 'time' && typeof v === 'string' && !source.from.startsWith('$')) {
      const raw = valueAt(body, source.from);
      const ms = timeMs(raw, source.unit ?? catalog.timeEncoding, ctx, source.unit);
      if ((typeof raw === 'number' || (typeof raw === 'string' && /^\d+$/.test(raw))) && typeof ms === 'number' && !Number.isNaN(ms)) out[`${name}Ms`] = ms;
    }
  }
  return out;
}

/** The normalized msg.payload for a vendor's (already successful) response body. */
export function normalize(catalog: Catalog, call: PreparedCall, body: unknown, ctx: TimeContext): Record<string, unknown> {
  const spec = call.operation.result;
  const out = spec.fields ? mapFields(spec.fields, body, call, catalog, ctx) : {};
  if (spec.list) {
    const raw = valueAt(body, spec.list.from);
    const items = Array.isArray(raw) ? raw : [];
    const list = spec.list;
    out[list.as] = items.map((item) => mapFields(list.item, item, call, catalog, ctx));
    if (list.byKey) {
      const { as, key, value } = list.byKey;
      out[as] = Object.fromEntries((out[list.as] as Array<Record<string, unknown>>).filter((i) => typeof i[key] === 'string').map((i) => [i[key], i[value]]));
      if (list.byKey.fields) Object.assign(out, mapFields(list.byKey.fields, out[as], call, catalog, ctx));
    }
    // Without a vendor flag, a page is the last when the pages so far cover the vendor's total.
    const [page, size, total] = [call.values.page, call.values.pageSize, Number(out.total)];
    if (out.hasMore === undefined) out.hasMore = typeof page === 'number' && typeof size === 'number' && out.total !== undefined && page * size < total;
    if (out.total === undefined) out.total = items.length;
  }
  return out;
}
