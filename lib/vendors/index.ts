import type { Catalog } from '../catalog';
import { validation } from '../errors';
import type { VendorModule } from '../vendor';
import { aliyun } from './aliyun';
import { hotel } from './hotel';
import { tuya } from './tuya';

/** The lock systems, in the order the editor lists them: the built-in ones, then any registered. */
const modules: VendorModule[] = [hotel, tuya, aliyun];

/** Every system by id: its catalog, config node type and module (kept current by `registerVendor`). */
export const VENDORS: Record<string, { catalog: Catalog; configType: string; module: VendorModule }> = {};

const KEYS: Array<keyof VendorModule> = ['id', 'catalog', 'config', 'timeZone', 'createClient', 'events', 'texts'];

/**
 * Adds a lock system (a module of the shape of lib/vendors/<id>/, e.g. one named in Node-RED's
 * settings as `smartlock.vendors`). The same module again is a no-op; another one with a taken
 * id or config type is refused.
 */
export function registerVendor(m: VendorModule): VendorModule {
  const missing = KEYS.filter((k) => m?.[k] === undefined);
  if (missing.length) throw validation('badVendor', { reason: `it has no ${missing.join(', ')}` });
  if (!/^[a-z][a-z0-9]*$/.test(m.id)) throw validation('badVendor', { reason: `its id "${m.id}" is not lower-case letters and digits` });
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
