import { validation } from './errors';

/**
 * The shape of a vendor's operation catalog. An operation is data: the client, validation,
 * the editor's operation lists, the help tables and the smartlock-api node all read it. What
 * only one vendor needs (a password ticket, an API version) lives in that vendor's own
 * extension of `Operation` (lib/vendors/<id>/catalog.ts).
 */

/** Node families of the palette; `smartlock-<family>` is the node type. */
export type Family = 'card' | 'password' | 'face' | 'fingerprint' | 'remote-open' | 'logs' | 'keep-open' | 'qrcode' | 'users' | 'device';

export type ParamType =
  | 'string' // free text
  | 'id' // an identifier (string or integer), never empty, no control characters
  | 'integer'
  | 'digits' // a PIN: digits only, length bounds
  | 'hex' // hex bytes, dashes allowed between groups
  | 'image' // base64 JPEG or PNG (a data: URL prefix or a Buffer is accepted)
  | 'time' // ISO 8601, epoch s/ms, Date → the vendor's time encoding
  | 'boolean'
  | 'json' // object or array, passed through
  | 'list'; // an array: of objects checked against `item`, or of scalars of type `of`

export interface Param {
  /** Vendor-neutral camelCase name used in node fields and msg.payload. */
  name: string;
  /** The vendor's field name on the wire. */
  wire: string;
  type: ParamType;
  required?: boolean;
  /** integer bounds */
  min?: number;
  max?: number;
  /** length bounds for text; for `image` the maximum decoded size in bytes */
  minLength?: number;
  maxLength?: number;
  /** Never shown in logs, status, errors or msg.smartlock.request. */
  secret?: boolean;
  /**
   * Where a REST vendor puts it (default: body, or query for GET); the hotel platform sends form
   * fields. `none`: checked and kept for the result or a follow-up call, not sent.
   */
  in?: 'path' | 'query' | 'body' | 'none';
  /** Used when the field and msg.payload leave it empty. */
  default?: unknown;
  /** A time zone param: the config's zone when the named param is given and this one is not (a schedule never goes out without its zone). */
  zoneWith?: string;
  /** Other neutral names accepted for it (e.g. a hotel room is the `deviceId` of its lock). */
  aliases?: string[];
  /** An enumeration: the accepted neutral values and what each sends on the wire. */
  values?: Record<string, string | number | boolean>;
  /** Time unit on the wire when it differs from the catalog's `timeEncoding`. */
  unit?: 'local' | 's' | 'ms';
  /** `list` of objects: each element's fields. Without the list, one element is built from the top-level fields. */
  item?: Param[];
  /** `list` of scalars: their type */
  of?: Exclude<ParamType, 'list' | 'json'>;
  /** `list`: more elements are refused, unless `chunk` splits them */
  maxItems?: number;
  /** `list`: sent in calls of at most this many elements, the answers merged */
  chunk?: number;
  description: string;
}

/** Cross-field rules, checked after each field is valid. */
export type Rule =
  | { oneOf: string[] } // at least one of these is given
  | { after: [later: string, earlier: string] }
  | { within: [later: string, earlier: string, maxMs: number] } // later - earlier <= maxMs
  | { together: [string, string] } // both or neither
  /**
   * A validity that may be forever, by an explicit yes: with `permanent` true the `validity`
   * fields must be left out and `send` is added to the wire; otherwise both are required. An
   * empty validity is never read as "forever".
   */
  | { permanent: string; validity: [from: string, until: string]; send?: Record<string, string | number> };

/**
 * Where a normalized result field comes from: a dotted path into the vendor's response body
 * (`a.b|a.c` takes the first that is present), or `$name` for the validated input of that name
 * (`$cards.0.cardId` digs into a list's first element). The object form also computes:
 * - `type`: the value as a time (ISO 8601), number, string or boolean;
 * - `unit` (with `type: 'time'`): the epoch unit the field is in (`s` or `ms`), where the catalog's
 *   `timeEncoding` is not it; without one, epoch numbers are told apart by size;
 * - `equals`: true when the value is this one (compared as text: `0` equals `"0"`), else false,
 *   e.g. `success: { from: 'errcode', equals: 0 }` for a vendor that signals success by a code;
 * - `values`: the vendor's value (as text) → the neutral one; a value not in the table is left
 *   out (an "unknown" state is no `false`), e.g. `locked: { from: 'state', values: { 0: true, 1: false } }`.
 */
export type ResultSource =
  | string
  | {
      from: string;
      type?: 'time' | 'number' | 'string' | 'boolean';
      unit?: 's' | 'ms';
      equals?: string | number | boolean;
      values?: Readonly<Record<string, string | number | boolean>>;
    };

export interface ResultSpec {
  fields?: Record<string, ResultSource>;
  /**
   * A list result: `{[as]: items, total, hasMore}`; `byKey` also gives the items as one object,
   * each item's `key` field naming its `value` (a data-point list read as `{code: value}`).
   */
  list?: {
    from: string;
    as: string;
    item: Record<string, ResultSource>;
    /** `fields`: read from that object (a data point by its code) into the result */
    byKey?: { as: string; key: string; value: string; fields?: Record<string, ResultSource> };
  };
}

export interface Operation {
  /** The operation's documented name, e.g. `MarkRoomCard`. */
  name: string;
  /** Short English title, e.g. "issue card". */
  title: string;
  /** Which palette node offers it and under which vendor-neutral action. */
  family?: Family;
  action?: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  params: Param[];
  rules?: Rule[];
  result: ResultSpec;
  /**
   * A follow-up call made after success when any of `when` was given: `operation` gets the
   * same input plus `input` fields taken from this call's normalized result.
   */
  then?: { operation: string; when: string[]; input: Record<string, string> };
  /** Constant wire fields sent with every call (overridable per config). */
  fixed?: Record<string, string | number | boolean | object>;
  /** Safe to resend after the request may have reached the vendor. */
  idempotent: boolean;
  /**
   * Where the wire mapping comes from: the vendor doc and its section, and for a REST path that
   * no doc gives, the public vendor page or public code that shows it. Every operation has this,
   * `unverified`, or both (documented parameters on an inferred path).
   */
  source?: string;
  /** What of the mapping no public source backs, why, and what was searched. */
  unverified?: string;
  /** Extra help text shown in the editor. */
  notes?: string;
  /**
   * Where a vendor documents the same action on another generation of its API: named
   * corrections a config picks per operation (`{"<operation>": {"variant": "<name>"}}`).
   */
  variants?: Record<string, Omit<OperationOverride, 'variant'>>;
}

export interface Catalog<Op extends Operation = Operation> {
  /** the vendor module's id */
  vendor: string;
  title: string;
  /** How the vendor writes times: a local wall clock in the config's zone, or epoch s/ms. */
  timeEncoding: 'local' | 's' | 'ms';
  /** Answer fields that are keys to a lock (TTLock's lockData): masked in msg.smartlock.response at any depth. */
  secretFields?: string[];
  operations: Op[];
}

/** The neutral page number (the events poll reads `page`), under the vendor's wire name. */
export const pageParam = (wire: string, more: Partial<Param> = {}): Param => ({
  name: 'page',
  wire,
  type: 'integer',
  min: 1,
  default: 1,
  description: `Page number from 1 (${wire})`,
  ...more,
});

/** The neutral page size, at most `max` (20 unless that is more), under the vendor's wire name. */
export const pageSizeParam = (wire: string, max: number, more: Partial<Param> = {}): Param => ({
  name: 'pageSize',
  wire,
  type: 'integer',
  min: 1,
  max,
  default: Math.min(20, max),
  description: `Entries per page, at most ${max} (${wire})`,
  ...more,
});

/** Operations a vendor doc states, each sourced to its `doc › section` unless it says otherwise. */
export function fromDoc<Op extends Operation>(section: (op: Op) => string, operations: Op[]): Op[] {
  return operations.map((op) => (op.source ? op : { ...op, source: section(op) }));
}

export function findOperation(catalog: Catalog, name: string): Operation | undefined {
  return catalog.operations.find((op) => op.name === name);
}

const flattened = new WeakMap<Operation, Param[]>();

/**
 * Every parameter a user can set: the operation's own, then the fields of its list elements
 * (computed once per operation: it is on every call).
 */
export function allParams(op: Operation): Param[] {
  let params = flattened.get(op);
  if (!params) flattened.set(op, (params = op.params.flatMap((p) => [p, ...(p.item ?? [])])));
  return params;
}

export function findAction(catalog: Catalog, family: Family, action: string): Operation | undefined {
  return catalog.operations.find((op) => op.family === family && op.action === action);
}

/** An operation's parameter by its neutral name, a list element's field included. */
const paramOf = (op: Operation, neutral: string): Param | undefined => allParams(op).find((p) => p.name === neutral);

/** A user's correction of an operation, by name, kept in a config node. */
export interface OperationOverride {
  method?: Operation['method'];
  path?: string;
  fixed?: Operation['fixed'];
  /** renames of wire fields: neutral name → vendor field name */
  wire?: Record<string, string>;
  /** an enumeration's wire values: neutral name → {neutral value: what to send} */
  values?: Record<string, Record<string, string | number | boolean>>;
  /** one of the operation's documented `variants`, applied before the rest of this override */
  variant?: string;
  /**
   * a parameter's type where a doc contradicts itself (neutral name → type), e.g. a number the
   * table calls Integer and the sample prints as "030": `digits` keeps the leading zero
   */
  types?: Record<string, 'string' | 'id' | 'integer' | 'digits'>;
  /** where a parameter goes when a doc's table and its example disagree (neutral name → query or body) */
  in?: Record<string, 'query' | 'body'>;
  /** a vendor's own operation options (`VendorOptions` says which and how they are checked) */
  [option: string]: unknown;
}

/** Options of a vendor's operations an override may set, each with the form its value must have. */
export type VendorOptions = Record<string, { pattern: RegExp; form: string }>;

const OVERRIDE_KEYS = new Set(['method', 'path', 'fixed', 'wire', 'values', 'variant', 'types', 'in']);

/** The catalog with a config's overrides applied; unknown names, bad paths and fields are refused. */
export function withOverrides<Op extends Operation>(
  catalog: Catalog<Op>,
  overrides: Record<string, OperationOverride> = {},
  options: VendorOptions = {},
): Catalog<Op> {
  const bad = (message: string): never => {
    throw validation('badOverride', { reason: message });
  };
  const chosen: Record<string, OperationOverride> = {};
  for (const [name, given] of Object.entries(overrides)) {
    const op = findOperation(catalog, name) ?? bad(`overrides name an unknown operation "${name}"`);
    if (given.variant !== undefined && !op.variants?.[given.variant])
      bad(`${name} has no variant "${given.variant}"${op.variants ? ` (it has ${Object.keys(op.variants).join(', ')})` : ''}`);
    const { variant, ...own } = given;
    const base: OperationOverride = variant ? (op.variants?.[variant] ?? {}) : {};
    const o: OperationOverride = { ...base, ...own, fixed: base.fixed || own.fixed ? { ...(base.fixed as object), ...(own.fixed as object) } : undefined };
    if (o.fixed === undefined) delete o.fixed;
    chosen[name] = o;
    if (o.path !== undefined && (typeof o.path !== 'string' || !/^\/[\w\-./{}]*$/.test(o.path)))
      bad(`the override path of ${name} must start with / and hold no query`);
    if (o.method !== undefined && !['GET', 'POST', 'PUT', 'DELETE'].includes(o.method)) bad(`the override method of ${name} must be GET, POST, PUT or DELETE`);
    for (const [key, value] of Object.entries(o)) {
      if (OVERRIDE_KEYS.has(key) || value === undefined) continue;
      const option =
        options[key] ??
        bad(
          `an override of ${name} sets "${key}", which ${catalog.title} operations do not have (they take ${[...OVERRIDE_KEYS, ...Object.keys(options)].join(', ')})`,
        );
      if (!option.pattern.test(String(value))) bad(`the override ${key} of ${name} must look like ${option.form}`);
    }
    for (const [neutral, type] of Object.entries(o.types ?? {})) {
      if (!paramOf(op, neutral)) bad(`${name} has no parameter "${neutral}" to retype`);
      if (!['string', 'id', 'integer', 'digits'].includes(String(type))) bad(`the type of ${neutral} in ${name} must be string, id, integer or digits`);
    }
    for (const [neutral, values] of Object.entries(o.values ?? {})) {
      const p = paramOf(op, neutral);
      if (!p?.values) bad(`${name} has no enumeration "${neutral}" to change`);
      if (values === null || typeof values !== 'object' || Object.values(values).some((v) => !['string', 'number', 'boolean'].includes(typeof v)))
        bad(`the values of ${neutral} in ${name} must map names to strings, numbers or booleans`);
    }
    for (const [neutral, place] of Object.entries(o.in ?? {})) {
      if (!paramOf(op, neutral)) bad(`${name} has no parameter "${neutral}" to move`);
      if (place !== 'query' && place !== 'body') bad(`${neutral} in ${name} goes in "query" or "body"`);
    }
    for (const [neutral, wire] of Object.entries(o.wire ?? {})) {
      if (!paramOf(op, neutral)) bad(`${name} has no parameter "${neutral}" to rename`);
      if (!/^\w{1,64}$/.test(String(wire))) bad(`the wire name for ${neutral} in ${name} must be a plain field name`);
    }
  }
  const rename = (params: Param[], o: OperationOverride): Param[] =>
    params.map((p) => ({
      ...p,
      wire: o.wire?.[p.name] ?? p.wire,
      ...(o.values?.[p.name] ? { values: { ...p.values, ...o.values[p.name] } } : {}),
      ...(o.types?.[p.name] ? { type: o.types[p.name], min: undefined, max: undefined } : {}),
      ...(o.in?.[p.name] ? { in: o.in[p.name] } : {}),
      ...(p.item ? { item: rename(p.item, o) } : {}),
    }));
  return {
    ...catalog,
    operations: catalog.operations.map((op) => {
      const o = chosen[op.name];
      if (!o) return op;
      const { wire, values, types, in: places, ...rest } = o;
      // The user's own correction: what their service answers is the evidence now.
      return {
        ...op,
        ...rest,
        params: wire || values || types || places ? rename(op.params, o) : op.params,
        source: "the configuration's overrides",
        unverified: undefined,
      };
    }),
  };
}
