import type { Catalog } from './catalog';
import type { LockClient } from './client';
import type { CodeTable } from './errors';
import type { Credential, EventRule } from './events';
import type { CallbackServer, PushTransport } from './push';

/**
 * What a lock system is to this package: one object per folder under lib/vendors/. The nodes,
 * the editor, the help, the README table and the events node read only this; a new system is a
 * new folder and a line in the registry (or a module named in Node-RED's settings).
 */
export interface VendorModule {
  /** short id, the key an action node keeps this system's config under (`[a-z][a-z0-9]*`) */
  id: string;
  /**
   * The operations (data); `catalog.vendor` is the id. The events node's poll source calls the
   * `logs` operation the node names (its headline `query` by default) with neutral parameters:
   * `deviceId`, `since` and `until` (times: declare them `type: 'time'`, the client encodes
   * them), `pageSize`, and `page` (1, 2, …) or `cursor` (the vendor's, as the last page
   * answered it) — whichever of the two the operation declares; a parameter it does not declare
   * is not sent. Its result must be a list `as: 'records'`, each record with a `time` field
   * (`{ from, type: 'time' }`, ISO 8601 after normalizing). The next page is read when the result
   * declares `hasMore` (a flag) or `total` (a count) in its `fields` and they say there is more
   * (with `cursor` the next cursor, in `fields` too); declaring neither, when the page was full.
   */
  catalog: Catalog;
  /** the config node: its type, fields, credentials and form */
  config: ConfigDefinition;
  /** the zone times without an offset are read in when the config leaves it empty; `host`: this machine's */
  timeZone: string;
  /** builds the client from a saved config (already upgraded) and its credentials */
  createClient(saved: SavedConfig): LockClient;
  /** the system's answer codes and what each means in the contract (README's error table); none where the system documents none */
  errors?: CodeTable;
  /**
   * Where the editor finds the values of an id field, by neutral parameter name: a list
   * operation that needs no input, its list, and each item's id and name (the picker shows
   * "name · id"). A field without one is typed by hand.
   */
  choices?: Record<string, Choices>;
  /** how a log record (normalized by the catalog) reads as an event */
  events: EventMapping;
  /**
   * the system's push stream, where it has one (the events node's `push` source): one per config
   * node. `client` is the config's own (a callback system checks a pushed lock is the account's).
   * Throwing NOT_SUPPORTED says push is not set up on this config: a node listing its locks polls.
   */
  push?: (saved: SavedConfig, client: LockClient) => PushTransport;
  /** how events arrive: a `connection` the config opens (the default), or a `callback` the system posts to Node-RED's HTTP server */
  pushBy?: 'connection' | 'callback';
  /** texts of the config form and its help, by language (`en-US` always) */
  texts: Record<string, VendorTexts>;
  /** the system's simulator, loaded only when asked for (demo, tests, benchmarks) */
  simulator?: () => Promise<unknown>;
}

/** An id field's values: `operation`'s result list `list`, each item's `id` field, named by `name`. */
export interface Choices {
  operation: string;
  list: string;
  id: string;
  name?: string;
}

export interface SavedConfig {
  settings: Record<string, unknown>;
  credentials: Record<string, string | undefined>;
  /** tells the user something about the config (plain http to a cloud, …) */
  warn(message: string): void;
  /** Node-RED's HTTP server, for a system that pushes by calling a URL (absent outside Node-RED) */
  callbacks?: CallbackServer;
}

/**
 * One row of a config node's form, in order: a setting (saved with the flow), a credential
 * (kept by Node-RED's credential store) or a tip. Texts are looked up in the vendor's texts as
 * `label.<name>`, `placeholder.<name>`, `<name>.<option>`, `tip.<name>` and, for a pattern,
 * `invalid.<name>` (the reason a wrong value is refused).
 */
export interface FormRow {
  name: string;
  /** a credential, and how it is typed */
  credential?: 'text' | 'password';
  /** a setting's default */
  value?: string | number | boolean;
  input?: 'text' | 'select' | 'json' | 'checkbox' | 'zone';
  icon?: string;
  /** a name the vendor prints (AppKey, appid): shown as it is, untranslated */
  label?: string;
  options?: string[];
  /** a literal placeholder (a URL), or `true` for the text `placeholder.<name>` */
  placeholder?: string | true;
  /** the value must match this (regular expression source) */
  pattern?: string;
  required?: boolean;
  /** shown and checked only while another setting has this value */
  when?: [setting: string, value: string];
  /** a tip row: the text `tip.<name>` */
  tip?: true;
}

export interface ConfigDefinition {
  /** Node-RED type of the config node, e.g. `smartlock-tuya` */
  type: string;
  paletteLabel: string;
  /** the settings that name a config when it has no name: the first shown and set wins */
  labelFrom: string[];
  /** a prefix of that label, e.g. `Tuya` */
  labelPrefix?: string;
  form: FormRow[];
  /**
   * The shared transport fields: their defaults where they differ (rate limit per second), and
   * those the system does not use (`hide`: e.g. a client of its own that neither queues nor
   * limits), which the config form leaves out rather than showing settings that do nothing.
   */
  transport?: { ratePerSecond?: number; hide?: TransportField[] };
}

/** The transport settings every config form shows unless hidden: timeout (s), concurrency, rate limit, queue size. */
export type TransportField = 'timeout' | 'maxConcurrent' | 'ratePerSecond' | 'maxQueue';

/** Texts of one language: the form's (nested as FormRow says) and the help page (HTML). */
export interface VendorTexts {
  form: Record<string, unknown>;
  help: string;
}

/**
 * How a normalized log record becomes an event, declared like the catalogs' result mappings:
 * each list is tried in order, the first field present wins. The kind: by `codes` where the
 * record's code is in its table, else `alarm`, else `operation`, else `unlock`.
 */
export interface EventMapping {
  /** classifies a record by its type code: the kind (and method) of each code the vendor documents */
  codes?: EventCodes;
  /** the record's code where no single field holds it (a data point's code inside a list) */
  code?: (r: Record<string, unknown>) => unknown;
  /** reads a record by the vendor's own rules (a code and its value); undefined leaves it to `codes` and the rest */
  read?: (r: Record<string, unknown>) => EventRule | undefined;
  /** the record is an alarm when one of these fields' text matches `alarm.pattern` */
  alarm?: { fields: string[]; pattern: string };
  /** the record is a refused attempt (`failed`) when `field` holds one of `values` (TTLock's `success: 0`) */
  failed?: { field: string; values: unknown[] };
  /**
   * gives records that name what opened only by a secret (TTLock's passcode digits) the system's
   * id of it, before they are read as events (push and poll); what it cannot name stays as it is
   */
  named?: (client: LockClient, deviceId: string, records: Array<Record<string, unknown>>) => Promise<Array<Record<string, unknown>>>;
  /** what opened, in the vendor's identity, by the record and what its rule made of it */
  credential?: (r: Record<string, unknown>, rule: EventRule) => Credential | undefined;
  /** the vendor's text of a record no rule names */
  text?: string[];
  /** the unlock method: a field, a field through a table of names, or the first key of the first object of a list */
  method: Array<string | { field: string; names: Record<string, string> } | { firstKeyOf: string }>;
  user: string[];
  /** the vendor's record id; without one a record is known by its content */
  id: string[];
}

/**
 * A vendor's record types as a table, e.g. TTLock's record types: `{ fields: ['recordType'], table:
 * { '1': { kind: 'unlock', method: 'app' }, '31': { kind: 'door', state: 'open' } } }`.
 * A code that is not in the table leaves the record to the other rules, and at last is an `operation`.
 */
export interface EventCodes {
  /** the fields holding the code, tried in order */
  fields: string[];
  /**
   * code (as text) → what the record is. `kind: 'state'`, the 0.x name of a lock's state change,
   * is still read (as an `operation`: never an unlock) so modules written for it keep working.
   */
  table: Record<string, EventRule | (Omit<EventRule, 'kind'> & { kind: 'state' })>;
}
