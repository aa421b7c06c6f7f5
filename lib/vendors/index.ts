import type { Catalog } from '../catalog';
import { validation } from '../errors';
import type { VendorModule } from '../vendor';
import { aliyun } from './aliyun';
import { hotel } from './hotel';
import { ttlock } from './ttlock';
import { tuya } from './tuya';

/** The lock systems, in the order the editor lists them: the built-in ones, then any registered. */
const modules: VendorModule[] = [hotel, tuya, aliyun, ttlock];

/** Every system by id: its catalog, config node type and module (kept current by `registerVendor`). */
export const VENDORS: Record<string, { catalog: Catalog; configType: string; module: VendorModule }> = {};

const KEYS: Array<keyof VendorModule> = ['id', 'catalog', 'config', 'timeZone', 'createClient', 'events', 'texts'];

const isList = (v: unknown): boolean => Array.isArray(v);
const isText = (v: unknown): boolean => typeof v === 'string' && v !== '';

/**
 * What a module lacks to be a lock system, each said so its author can fix it ([] when
 * nothing): the parts the nodes, the editor and the events node read, in the shape they read.
 */
export function vendorProblems(m: unknown): string[] {
  if (m === null || typeof m !== 'object') return ['it is not an object (a module exporting a VendorModule)'];
  const v = m as Partial<Record<keyof VendorModule, unknown>> & Record<string, unknown>;
  const missing = KEYS.filter((k) => v[k] === undefined);
  const problems = missing.length ? [`it has no ${missing.join(', ')}`] : [];
  const has = (k: keyof VendorModule): boolean => v[k] !== undefined;
  if (has('id') && (typeof v.id !== 'string' || !/^[a-z][a-z0-9]*$/.test(v.id))) problems.push(`its id "${String(v.id)}" is not lower-case letters and digits`);
  if (has('createClient') && typeof v.createClient !== 'function') problems.push('createClient is not a function');
  if (has('push') && typeof v.push !== 'function') problems.push('push is not a function');
  if (has('timeZone') && !isText(v.timeZone)) problems.push('timeZone is not a zone name (or "host")');
  const catalog = v.catalog as Partial<Catalog> | undefined;
  if (catalog) {
    if (catalog.vendor !== v.id) problems.push(`catalog.vendor "${String(catalog.vendor)}" is not its id`);
    if (!isText(catalog.title)) problems.push('catalog.title is missing');
    if (!['local', 's', 'ms'].includes(String(catalog.timeEncoding))) problems.push('catalog.timeEncoding is not local, s or ms');
    if (!isList(catalog.operations)) problems.push('catalog.operations is not a list');
    for (const [i, op] of (isList(catalog.operations) ? (catalog.operations as unknown as Array<Record<string, unknown>>) : []).entries()) {
      const lacks = ['name', 'title', 'method', 'path', 'params', 'result', 'idempotent'].filter((k) => op?.[k] === undefined);
      if (lacks.length) problems.push(`catalog operation ${isText(op?.name) ? String(op.name) : `#${i}`} has no ${lacks.join(', ')}`);
    }
  }
  const config = v.config as Record<string, unknown> | undefined;
  if (config) {
    const lacks = ['type', 'paletteLabel'].filter((k) => !isText(config[k])).concat(['labelFrom', 'form'].filter((k) => !isList(config[k])));
    if (lacks.length) problems.push(`config has no ${lacks.join(', ')}`);
  }
  const events = v.events as Record<string, unknown> | undefined;
  if (events) {
    const lacks = ['method', 'user', 'id'].filter((k) => !isList(events[k]));
    if (lacks.length) problems.push(`events has no ${lacks.join(', ')} list`);
  }
  const texts = v.texts as Record<string, unknown> | undefined;
  if (texts && !texts['en-US']) problems.push('texts has no en-US');
  return problems;
}

/**
 * A lock system's module, checked: throws VALIDATION listing everything it lacks. For an author's
 * `module.exports = defineVendor({...})`; it registers nothing (the settings do).
 */
export function defineVendor<M extends VendorModule>(m: M): M {
  const problems = vendorProblems(m);
  if (problems.length) throw validation('badVendor', { reason: problems.join('; ') });
  return m;
}

/**
 * Adds a lock system (a module of the shape of lib/vendors/<id>/, e.g. one named in Node-RED's
 * settings as `smartlock.vendors`). The same module again is a no-op; another one with a taken
 * id or config type is refused.
 */
export function registerVendor(m: VendorModule): VendorModule {
  defineVendor(m);
  const same = modules.find((v) => v.id === m.id || v.config.type === m.config.type);
  if (same === m) return m;
  if (same) throw validation('badVendor', { reason: `${same.id} already uses the id or config type of ${m.id}` });
  modules.push(m);
  VENDORS[m.id] = { catalog: m.catalog, configType: m.config.type, module: m };
  return m;
}

for (const m of modules) VENDORS[m.id] = { catalog: m.catalog, configType: m.config.type, module: m };

export function vendorModules(): readonly VendorModule[] {
  return modules;
}

export const BUILT_IN: readonly string[] = modules.map((m) => m.id);

/** Removes a system added with `registerVendor` (a built-in one stays). */
export function unregisterVendor(id: string): void {
  const i = modules.findIndex((m) => m.id === id);
  if (i < 0 || BUILT_IN.includes(id)) return;
  modules.splice(i, 1);
  delete VENDORS[id];
}
