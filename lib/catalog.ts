/**
 * The shape of a vendor's operation catalog. An operation is data: the client, validation,
 * the editor's operation lists, the help tables and the smartlock-api node all read it.
 */
export type VendorId = 'hotel' | 'tuya' | 'aliyun';

/** Node families of the palette; `smartlock-<family>` is the node type. */
export type Family =
  | 'card' | 'password' | 'face' | 'fingerprint' | 'remote-open' | 'logs'
  | 'keep-open' | 'qrcode' | 'users' | 'device';

export type ParamType =
  | 'string'   // free text
  | 'id'       // an identifier (string or integer), never empty, no control characters
  | 'integer'
  | 'digits'   // a PIN: digits only, length bounds
  | 'hex'      // hex bytes, dashes allowed between groups
  | 'image'    // base64 JPEG or PNG (a data: URL prefix or a Buffer is accepted)
  | 'time'     // ISO 8601, epoch s/ms, Date → the vendor's time encoding
  | 'boolean'
  | 'json';    // object or array, passed through

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
  /** Where a REST vendor puts it (default: body, or query for GET); the hotel platform sends form fields. */
  in?: 'path' | 'query' | 'body';
  /** Used when the field and msg.payload leave it empty. */
  default?: unknown;
  /** An enumeration: the accepted neutral values and what each sends on the wire. */
  values?: Record<string, string | number | boolean>;
  /** Time unit on the wire when it differs from the catalog's `timeEncoding`. */
  unit?: 'local' | 's' | 'ms';
  description: string;
}

/** Cross-field rules, checked after each field is valid. */
export type Rule =
  | { oneOf: string[] }                  // at least one of these is given
  | { after: [later: string, earlier: string] };

/**
 * Where a normalized result field comes from: a dotted path into the vendor's response body
 * (`a.b|a.c` takes the first that is present), or `$name` for the validated input of that name.
 */
export type ResultSource = string | { from: string; type: 'time' | 'number' | 'string' };

export interface ResultSpec {
  fields?: Record<string, ResultSource>;
  /** A list result: `{[as]: items, total, hasMore}`. */
  list?: { from: string; as: string; item: Record<string, ResultSource> };
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
  /** Constant wire fields sent with every call (overridable per config). */
  fixed?: Record<string, string | number | boolean>;
  /**
   * Tuya: get a password ticket first, then `encrypt` the `password` field with its key
   * (and send the ticket id), or only `attach` the ticket id.
   */
  ticket?: 'encrypt' | 'attach';
  /** Safe to resend after the request may have reached the vendor. */
  idempotent: boolean;
  /** false where the wire mapping is inferred rather than documented. */
  confirmed?: boolean;
  /** Extra help text shown in the editor. */
  notes?: string;
}

export interface Catalog {
  vendor: VendorId;
  title: string;
  /** How the vendor writes times: a local wall clock in the config's zone, or epoch s/ms. */
  timeEncoding: 'local' | 's' | 'ms';
  operations: Operation[];
}

export function findOperation(catalog: Catalog, name: string): Operation | undefined {
  return catalog.operations.find((op) => op.name === name);
}

export function findAction(catalog: Catalog, family: Family, action: string): Operation | undefined {
  return catalog.operations.find((op) => op.family === family && op.action === action);
}
