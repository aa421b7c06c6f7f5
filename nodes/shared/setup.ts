import type { Family, Operation } from '../../lib/catalog';
import type { LockClient } from '../../lib/client';
import { validation, type LockError } from '../../lib/errors';
import { FAMILIES } from '../../lib/families';
import { migrateConfig } from '../../lib/migrations';
import { failedStatus, failure } from './failure';
import type { LockConfigNode } from './lock-config';
import type { Node, NodeAPI, NodeDef } from './node-red';

// What every lock node does when it is deployed: the action nodes and the events node alike.

/** The chosen vendor's config node and the operation a node's definition names. */
export function resolve(RED: NodeAPI, saved: NodeDef, family: Family | null): { config: LockConfigNode & { client: LockClient }; op?: Operation; def: NodeDef } {
  const def = migrateConfig(saved.type, saved) as NodeDef;
  const vendor = typeof def.vendor === 'string' && def.vendor ? def.vendor : 'hotel';
  const configId = def[vendor];
  const config = typeof configId === 'string' && configId ? (RED.nodes.getNode(configId) as LockConfigNode | null) : null;
  const chosen = typeof def.operation === 'string' ? def.operation : '';
  if (!config) throw validation('noConfig');
  if (!config.client) throw config.configError ?? validation('configUnusable');
  const client = config.client;
  const op = family ? client.action(family, chosen || FAMILIES[family].headline) : chosen ? client.operation(chosen) : undefined;
  return { config: config as LockConfigNode & { client: LockClient }, op, def };
}

/** A node that cannot start: red status, and the log too when its saved configuration is from a newer release. */
export function setupFailed(RED: NodeAPI, node: Node, e: unknown): LockError {
  const err = failure(RED, e);
  node.status(failedStatus(err, false));
  if (err.key === 'configFromFuture' || err.key === 'badConfigVersion') node.error(err.message);
  return err;
}
