import { LockError, errorText } from './errors';

/**
 * Saved flows are a contract: every smartlock node stores `configVersion`, the shape of its
 * configuration. 0 (no field) is the shape 0.1.0 saved. A release that renames an operation, a
 * parameter, an enum value or a config option adds one entry to CONFIG_CHANGES, and both the
 * runtime (at deploy) and the editor (when a dialog opens, through the admin API) upgrade older
 * nodes with it. An old name is never reused for something else, so applying a change to a node
 * already in the new shape changes nothing.
 */
export const CONFIG_VERSION = 2;

/** What one version changed, as data. Keys are old names, values new ones. */
export interface ConfigChange {
  /** the version this change leads to */
  to: number;
  /** Why, for the reader of this table and the release notes. */
  note: string;
  /** node `operation` values by node type ('smartlock-card', …, 'smartlock-api') */
  operations?: Record<string, Record<string, string>>;
  /**
   * node field (`params`) names, by the node's `operation` after the renames above (a palette
   * node's action, or smartlock-api's vendor operation name); '*' for every operation
   */
  params?: Record<string, Record<string, string>>;
  /** values of a field set as a plain string, by operation as for `params`, then (new) field name */
  values?: Record<string, Record<string, Record<string, string>>>;
  /** config options (top-level node properties), by node type, then option: old value → new */
  options?: Record<string, Record<string, Record<string, string>>>;
  /** new options, by node type: the value that keeps an older node doing what it did, set when it has none */
  added?: Record<string, Record<string, string>>;
}

export const CONFIG_CHANGES: readonly ConfigChange[] = [
  { to: 1, note: 'configVersion is recorded; nothing renamed since 0.1.0' },
  {
    to: 2,
    note: 'smartlock-events reads push streams (source push, the new default); older nodes keep polling',
    added: { 'smartlock-events': { source: 'poll' } },
  },
];

type Def = Record<string, unknown>;
interface Field {
  v?: unknown;
  t?: string;
}

const own = (obj: object, key: string): boolean => Object.prototype.hasOwnProperty.call(obj, key);
const pick = (table: Record<string, string> | undefined, key: unknown): string | undefined =>
  table && typeof key === 'string' && own(table, key) ? table[key] : undefined;

/** The version a saved node claims; 0 when it has none (0.1.0). */
export function savedVersion(def: Def): number {
  const v = def.configVersion;
  if (v === undefined || v === null || v === '') return 0;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new LockError('VALIDATION', errorText('badConfigVersion', { version: String(v) }), { sent: false });
  return n;
}

/** One change applied to a saved node: its operation, field names, field values and options. */
function applyChange(type: string, def: Def, change: ConfigChange): Def {
  const out: Def = { ...def };
  const renamedOp = pick(change.operations?.[type], out.operation);
  if (renamedOp) out.operation = renamedOp;
  const op = typeof out.operation === 'string' ? out.operation : '';
  if (out.params !== null && typeof out.params === 'object' && !Array.isArray(out.params)) {
    const names = { ...change.params?.['*'], ...change.params?.[op] };
    const values = change.values?.[op] ?? {};
    const params: Record<string, Field> = {};
    for (const [name, field] of Object.entries(out.params as Record<string, Field>)) {
      const to = pick(names, name) ?? name;
      const value = field && field.t === 'str' ? pick(values[to], field.v) : undefined;
      params[to] = value === undefined ? field : { ...field, v: value };
    }
    out.params = params;
  }
  for (const [option, renames] of Object.entries(change.options?.[type] ?? {})) {
    const renamed = pick(renames, out[option]);
    if (renamed !== undefined) out[option] = renamed;
  }
  for (const [option, value] of Object.entries(change.added?.[type] ?? {})) if (out[option] === undefined || out[option] === '') out[option] = value;
  out.configVersion = change.to;
  return out;
}

/**
 * A saved node's configuration in the current shape. A node from a newer release (a version
 * this one does not know) is refused: running it with a guessed meaning could do the wrong thing
 * to a door.
 */
export function migrateConfig(type: string, def: Def, changes: readonly ConfigChange[] = CONFIG_CHANGES, current = CONFIG_VERSION): Def {
  const from = savedVersion(def);
  if (from > current) throw new LockError('VALIDATION', errorText('configFromFuture', { version: from, current }), { sent: false });
  let out = def;
  for (const change of changes) if (change.to > from) out = applyChange(type, out, change);
  return from === current ? def : { ...out, configVersion: current };
}
