import type { Family, Operation } from '../../lib/catalog';
import type { LockClient } from '../../lib/client';
import { validation, type LockError } from '../../lib/errors';
import { FAMILIES } from '../../lib/families';
import { migrateConfig } from '../../lib/migrations';
import { failedStatus, failure } from './failure';
import type { LockConfigNode } from './lock-config';
import type { VendorModule } from '../../lib/vendor';
import { VENDORS, registerVendor, vendorModules } from '../../lib/vendors';
import { registerAdmin, registerErrorHook } from './editor-api';
import type { Node, NodeAPI, NodeDef } from './node-red';

// What every lock node does when it is deployed: the action nodes and the events node alike.

/**
 * What every node module does when Node-RED loads it, whichever loads first: adds the lock
 * systems named in the settings (`smartlock: { vendors: [module or path] }`), serves the
 * editor's admin routes and lifts error details for Catch nodes.
 */
export function prepareRuntime(RED: NodeAPI): void {
  const named = (RED.settings as { smartlock?: { vendors?: unknown } } | undefined)?.smartlock?.vendors;
  for (const entry of Array.isArray(named) ? named : []) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = typeof entry === 'string' ? require(entry) : entry;
    registerVendor((loaded?.default ?? loaded) as VendorModule);
  }
  registerAdmin(RED);
  registerErrorHook(RED);
}

/** The module of the system a client speaks to. */
export const vendorOf = (client: LockClient): VendorModule | undefined => VENDORS[client.vendor]?.module;

/** The chosen vendor's config node and the operation a node's definition names. */
export function resolve(
  RED: NodeAPI,
  saved: NodeDef,
  family: Family | null,
): { config: LockConfigNode & { client: LockClient }; op?: Operation; def: NodeDef } {
  const def = migrateConfig(saved.type, saved) as NodeDef;
  // A node saved before it had a vendor field is the first system's (0.1.0 had only that one).
  const vendor = typeof def.vendor === 'string' && def.vendor ? def.vendor : vendorModules()[0].id;
  const configId = def[vendor];
  const config = typeof configId === 'string' && configId ? (RED.nodes.getNode(configId) as LockConfigNode | null) : null;
  const chosen = typeof def.operation === 'string' ? def.operation : '';
  if (!config) throw validation('noConfig');
  if (!config.client) throw config.configError ?? validation('configUnusable');
  const client = config.client;
  const op = family ? client.action(family, chosen || FAMILIES[family].headline) : chosen ? client.operation(chosen) : undefined;
  return { config: config as LockConfigNode & { client: LockClient }, op, def };
}

/**
 * A node that cannot start: red status, and the log too when no msg will carry the reason
 * (`unprompted`: a push listener) or its saved configuration is from a newer release.
 */
export function setupFailed(RED: NodeAPI, node: Node, e: unknown, unprompted = false): LockError {
  const err = failure(RED, e);
  node.status(failedStatus(err, false));
  if (unprompted || err.key === 'configFromFuture' || err.key === 'badConfigVersion') node.error(err.message);
  return err;
}
