import path from 'node:path';
import { allParams } from '../../lib/catalog';
import { FAMILIES } from '../../lib/families';
import { CONFIG_VERSION, migrateConfig } from '../../lib/migrations';
import { VENDORS } from '../../lib/vendors';
import { catalogTexts } from './catalog-texts';
import type { NodeAPI, NodeMessage } from './node-red';

/** The catalogs as the editor needs them, their texts in `lang`: operation lists, parameters and help. */
export function editorCatalog(lang = 'en-US'): unknown {
  // The build lays locales/<lang>/catalog.json out beside the nodes.
  const textIn = catalogTexts(path.join(__dirname, '..', 'locales'), lang);
  const vendors: Record<string, unknown> = {};
  for (const [id, v] of Object.entries(VENDORS)) {
    if (!v) continue;
    vendors[id] = {
      title: v.catalog.title,
      configType: v.configType,
      operations: v.catalog.operations.map((op) => ({
        name: op.name, title: op.title, family: op.family, action: op.action, idempotent: op.idempotent, notes: op.notes && textIn('notes', op.notes),
        // A list's element fields follow it: set them to send a single element.
        params: allParams(op).map((p) => ({ name: p.name, wire: p.wire, type: p.type, required: !!p.required && op.params.includes(p), description: textIn('descriptions', p.description) })),
      })),
    };
  }
  return { families: FAMILIES, vendors, configVersion: CONFIG_VERSION };
}

const registered = new WeakSet<object>();

/** `GET /smartlock/catalog` on the admin API, once per runtime. */
export function registerAdmin(RED: NodeAPI): void {
  const app = RED.httpAdmin;
  if (!app || registered.has(app)) return;
  registered.add(app);
  const bodies = new Map<string, unknown>();
  const permission = RED.auth?.needsPermission('flows.read') ?? ((_req: unknown, _res: unknown, next: () => void) => next());
  app.get('/smartlock/catalog', permission, (req, res) => {
    // The editor's language, e.g. ?lang=zh-CN; anything else is English.
    const asked = (req as { query?: Record<string, unknown> }).query?.lang;
    const lang = typeof asked === 'string' && /^[a-z]{2}(-[A-Za-z]{2,4})?$/.test(asked) ? asked : 'en-US';
    if (!bodies.has(lang)) bodies.set(lang, editorCatalog(lang));
    res.json(bodies.get(lang));
  });
  // The editor upgrades a node saved by an older release when its dialog opens: the same
  // migration the runtime applies at deploy, in one place.
  const write = RED.auth?.needsPermission('flows.write') ?? ((_req: unknown, _res: unknown, next: () => void) => next());
  app.post('/smartlock/migrate', write, (req, res) => {
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
  });
}

const HOOK = 'onReceive.smartlock-errors';

/**
 * Node-RED copies only `message`, `code`, `stack` and `cause` of an error onto the Catch node's
 * msg.error; this lifts the rest of the contract (vendorCode, vendorMessage, retryable) from
 * `cause` so msg.error carries them directly.
 */
export function liftErrorDetails(msg: NodeMessage): void {
  const error = msg.error as { source?: { type?: unknown }; cause?: Record<string, unknown> } | undefined;
  if (!error || typeof error !== 'object' || !error.cause || typeof error.source?.type !== 'string') return;
  if (!error.source.type.startsWith('smartlock-')) return;
  for (const key of ['vendorCode', 'vendorMessage', 'retryable'] as const) {
    if (error.cause[key] !== undefined) (error as Record<string, unknown>)[key] = error.cause[key];
  }
}

export function registerErrorHook(RED: NodeAPI): void {
  if (!RED.hooks) return;
  RED.hooks.remove(HOOK);
  RED.hooks.add(HOOK, (event) => {
    if (event.destination.node.type === 'catch') liftErrorDetails(event.msg);
  });
}
