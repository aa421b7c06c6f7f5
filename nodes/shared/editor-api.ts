import { waysOf } from '../../lib/stays/grants';
import fs from 'node:fs';
import path from 'node:path';
import { allParams } from '../../lib/catalog';
import { EVENT_KINDS, METHODS } from '../../lib/events';
import { FAMILIES } from '../../lib/families';
import { CONFIG_VERSION, migrateConfig } from '../../lib/migrations';
import type { VendorModule } from '../../lib/vendor';
import { BUILT_IN, vendorModules } from '../../lib/vendors';
import { catalogTexts } from './catalog-texts';
import { configNodeHtml, literalTexts } from './config-form';
import { BUILT_LOCALES, fitSidebar, operationsHelp } from './help';

/** The palette's action node types (every node but the config nodes), whose help lists operations. */
const ACTION_TYPES = [...Object.keys(FAMILIES).map((f) => `smartlock-${f}`), 'smartlock-api', 'smartlock-events'];
import type { NodeAPI, NodeMessage } from './node-red';
import { LockError, errorText, notSupported, validation } from '../../lib/errors';
import { VENDORS } from '../../lib/vendors';
import { failure } from './failure';
import type { LockConfigNode } from './lock-config';

/** The shared messages of the built node sets in `lang` (English where it has none). */
function sharedMessages(lang: string): Record<string, unknown> {
  for (const l of [lang, 'en-US']) {
    try {
      return JSON.parse(fs.readFileSync(path.join(BUILT_LOCALES, l, 'smartlock-systems.json'), 'utf8')) as Record<string, unknown>;
    } catch {
      // a language the package is not translated to
    }
  }
  return {};
}

/**
 * A system added in the settings has no place in the built editor files: its config node's
 * registration, form and help, and its sections of the action nodes' help, come with the
 * catalog, in the asked language.
 */
function addedEditor(vendor: VendorModule, lang: string): { html: string; help: Record<string, string> } {
  const texts = vendor.texts[lang] ?? vendor.texts['en-US'];
  const messages = { ...sharedMessages(lang), [vendor.config.type]: texts?.form ?? {} };
  const help: Record<string, string> = {};
  for (const type of ACTION_TYPES) {
    const section = operationsHelp(type, [vendor.catalog], { lang, localesDir: BUILT_LOCALES, sectionsOnly: true });
    if (section) help[type] = fitSidebar(section);
  }
  return { html: configNodeHtml(vendor, literalTexts(messages), fitSidebar(texts?.help ?? '')), help };
}

/** The catalogs as the editor needs them, their texts in `lang`: operation lists, parameters, config forms and help. */
export function editorCatalog(lang = 'en-US'): unknown {
  const textIn = catalogTexts(BUILT_LOCALES, lang);
  const vendors: Record<string, unknown> = {};
  for (const v of vendorModules()) {
    vendors[v.id] = {
      title: v.catalog.title,
      configType: v.config.type,
      config: v.config,
      push: v.push ? (v.pushBy ?? 'connection') : false,
      choices: Object.keys(v.choices ?? {}),
      // What a stay's guest can get at this system's doors, and whether its codes sit in slots the stay node assigns.
      stays: Object.values(waysOf(v.catalog)).map((w) => ({ grant: w.grant, slots: w.slots })),
      operations: v.catalog.operations.map((op) => ({
        name: op.name,
        title: op.title,
        family: op.family,
        action: op.action,
        idempotent: op.idempotent,
        notes: op.notes && textIn('notes', op.notes),
        // A list's element fields follow it: set them to send a single element.
        params: allParams(op).map((p) => ({
          name: p.name,
          wire: p.wire,
          type: p.type,
          required: !!p.required && op.params.includes(p),
          description: textIn('descriptions', p.description),
        })),
      })),
      ...(BUILT_IN.includes(v.id) ? {} : { added: addedEditor(v, lang) }),
    };
  }
  return { families: FAMILIES, vendors, configVersion: CONFIG_VERSION, eventKinds: EVENT_KINDS, eventMethods: METHODS };
}

const registered = new WeakSet<object>();

type Handler = (req: unknown, res: JsonResponse, next: () => void) => void;
interface JsonResponse {
  status(code: number): JsonResponse;
  json(body: unknown): void;
  headersSent?: boolean;
}
const pass: Handler = (_req, _res, next) => next();

/** The languages the built editor texts exist in; anything else asked is served English. */
function servedLanguage(asked: unknown): string {
  if (typeof asked !== 'string') return 'en-US';
  let built: string[] = [];
  try {
    built = fs.readdirSync(BUILT_LOCALES);
  } catch {
    // no built texts: English
  }
  return built.includes(asked) ? asked : 'en-US';
}

/** A route whose every failure is a JSON answer: never Express's HTML page with a stack and server paths. */
function answered(handle: (req: unknown, res: JsonResponse) => void): Handler {
  return (req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      if (!res.headersSent) res.status(500).json({ message: e instanceof Error ? e.message.split('\n')[0] : 'internal error' });
    }
  };
}

/** `GET /smartlock/catalog`, `GET /smartlock/:config/choices/:param` and `POST /smartlock/migrate` on the admin API, once per runtime. */
export function registerAdmin(RED: NodeAPI): void {
  const app = RED.httpAdmin;
  if (!app || registered.has(app)) return;
  registered.add(app);
  // One body per language served (two today), however many values `?lang=` is given.
  const bodies = new Map<string, unknown>();
  const read = (RED.auth?.needsPermission('flows.read') as Handler | undefined) ?? pass;
  // Listing ids makes the runtime call a vendor with the config's credentials and shows what a
  // viewer of the flows cannot otherwise see (Alibaba's people): for those who may edit the flows.
  const write = (RED.auth?.needsPermission('flows.write') as Handler | undefined) ?? pass;
  app.get(
    '/smartlock/catalog',
    read,
    answered((req, res) => {
      // The editor's language, e.g. ?lang=zh-CN
      const lang = servedLanguage((req as { query?: Record<string, unknown> }).query?.lang);
      if (!bodies.has(lang)) bodies.set(lang, editorCatalog(lang));
      res.json(bodies.get(lang));
    }),
  );
  app.get(
    '/smartlock/:config/choices/:param',
    write,
    answered((req, res) => {
      const { config = '', param = '' } = (req as { params: Record<string, string | undefined> }).params;
      choicesOf(RED, config, param).then(
        (list) => res.json(list),
        (e: unknown) => {
          const err = failure(RED, e);
          res.status(err.code === 'NOT_FOUND' || err.code === 'NOT_SUPPORTED' ? 404 : 502).json({ message: err.message, code: err.code });
        },
      );
    }),
  );
  // The editor upgrades a node saved by an older release when its dialog opens: the same
  // migration the runtime applies at deploy, in one place.
  app.post(
    '/smartlock/migrate',
    write,
    answered((req, res) => {
      const body = (req as { body?: { type?: unknown; config?: unknown } }).body ?? {};
      const config = body.config;
      if (typeof body.type !== 'string' || !body.type.startsWith('smartlock-') || config === null || typeof config !== 'object' || Array.isArray(config)) {
        res.status(400).json({ message: 'expected {type: "smartlock-…", config: {…}}' });
        return;
      }
      try {
        res.json({ config: migrateConfig(body.type, config as Record<string, unknown>), version: CONFIG_VERSION });
      } catch (e) {
        res.status(409).json({ message: (e as Error).message, version: CONFIG_VERSION });
      }
    }),
  );
  // What fails before a handler runs (a path that is not UTF-8, `%E0`): JSON too, not Express's page.
  (app as unknown as { use(path: string, h: (err: unknown, req: unknown, res: JsonResponse, next: () => void) => void): void }).use(
    '/smartlock',
    (err, _req, res, _next) => {
      const status = (err as { status?: unknown }).status;
      if (!res.headersSent)
        res.status(typeof status === 'number' && status >= 400 && status < 600 ? status : 400).json({ message: 'not a request this route reads' });
    },
  );
}

/** How long a config's list of ids is kept for the editor before the system is asked again. */
const CHOICES_TTL_MS = 60_000;
/** A list that failed is kept this long: a dialog reopened at once does not ask the system again. */
const CHOICES_FAILED_TTL_MS = 10_000;
const cachedChoices = new WeakMap<object, Map<string, { at: number; ttl: number; list: Promise<Choice[]> }>>();
interface Choice {
  value: string;
  label: string;
}

const own = <T>(table: Record<string, T> | undefined, key: string): T | undefined =>
  table && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;

/**
 * The values an id field can take, from a deployed config's own list operation (its `choices`),
 * kept a minute (a failure ten seconds), asked once however many ask meanwhile. Only ids and
 * names leave: never the config's secrets or the vendor's answer.
 */
export function choicesOf(RED: NodeAPI, configId: string, param: string): Promise<Choice[]> {
  const config = RED.nodes.getNode(configId) as LockConfigNode | null;
  if (!config || typeof config.vendor !== 'string') return Promise.reject(new LockError('NOT_FOUND', errorText('choicesNotDeployed'), { sent: false }));
  const spec = own(own(VENDORS, config.vendor)?.module.choices, param);
  if (!spec) return Promise.reject(notSupported('noChoices', { name: param }));
  const client = config.client;
  if (!client) return Promise.reject(config.configError ?? validation('configUnusable'));
  let byParam = cachedChoices.get(config);
  if (!byParam) cachedChoices.set(config, (byParam = new Map()));
  const kept = byParam.get(param);
  if (kept && Date.now() - kept.at < kept.ttl) return kept.list;
  const list = client.call(client.operation(spec.operation), {}).then(({ payload }) => {
    const items = Array.isArray(payload[spec.list]) ? (payload[spec.list] as Array<Record<string, unknown>>) : [];
    return items
      .filter((i) => typeof i[spec.id] === 'string' || typeof i[spec.id] === 'number')
      .map((i) => {
        const value = String(i[spec.id]);
        const name = spec.name && i[spec.name] !== undefined && i[spec.name] !== null ? String(i[spec.name]) : '';
        return { value, label: name && name !== value ? `${name} · ${value}` : value };
      });
  });
  const entry = { at: Date.now(), ttl: CHOICES_TTL_MS, list };
  byParam.set(param, entry);
  list.catch(() => {
    entry.at = Date.now();
    entry.ttl = CHOICES_FAILED_TTL_MS;
  });
  return list;
}

const HOOK = 'onReceive.smartlock-errors';

/**
 * Node-RED copies only `message`, `code`, `stack` and `cause` of an error onto the Catch node's
 * msg.error; this lifts the rest of the contract (vendorCode, vendorMessage, retryable) from
 * `cause` so msg.error carries them directly, and drops the stack (server file paths help no
 * flow) and the `cause` they came in.
 */
export function liftErrorDetails(msg: NodeMessage): void {
  const error = msg.error as { source?: { type?: unknown }; cause?: Record<string, unknown> } | undefined;
  if (!error || typeof error !== 'object' || !error.cause || typeof error.source?.type !== 'string') return;
  if (!error.source.type.startsWith('smartlock-')) return;
  for (const key of ['vendorCode', 'vendorMessage', 'retryable'] as const) {
    if (error.cause[key] !== undefined) (error as Record<string, unknown>)[key] = error.cause[key];
  }
  delete (error as Record<string, unknown>).cause;
  delete (error as Record<string, unknown>).stack;
}

export function registerErrorHook(RED: NodeAPI): void {
  if (!RED.hooks) return;
  RED.hooks.remove(HOOK);
  RED.hooks.add(HOOK, (event) => {
    if (event.destination.node.type === 'catch') liftErrorDetails(event.msg);
  });
}
