import type { LockClient } from '../../lib/client';
import { LockError, errorText } from '../../lib/errors';
import { migrateConfig } from '../../lib/migrations';
import type { VendorModule } from '../../lib/vendor';
import type { Node, NodeDef } from './node-red';

/** What every vendor's config node offers the action nodes. */
export interface LockConfigNode extends Node {
  vendor: string;
  /** undefined when the configuration is unusable; `configError` says why */
  client?: LockClient;
  configError?: LockError;
}

/**
 * Builds the client from the saved configuration (upgraded to the current shape first), keeping
 * a failure for the action nodes to report, and closes it on redeploy.
 */
export function attachClient(node: LockConfigNode, vendor: VendorModule, def: NodeDef): void {
  node.vendor = vendor.id;
  try {
    const settings = migrateConfig(node.type, def);
    node.client = vendor.createClient({ settings, credentials: node.credentials ?? {}, warn: (m) => node.warn(m) });
  } catch (e) {
    node.configError = e instanceof LockError ? e : new LockError('VALIDATION', errorText('badConfig', { reason: (e as Error).message }));
    node.error(node.configError.message);
  }
  node.on('close', (_removed: boolean, done: () => void) => {
    node.client?.close();
    done();
  });
}
