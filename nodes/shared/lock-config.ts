import type { LockClient } from '../../lib/client';
import { LockError, errorText, notSupported } from '../../lib/errors';
import { migrateConfig } from '../../lib/migrations';
import { PushHub, type CallbackServer } from '../../lib/push';
import type { SavedConfig, VendorModule } from '../../lib/vendor';
import type { Node, NodeDef } from './node-red';

/** What every vendor's config node offers the action nodes and the events nodes. */
export interface LockConfigNode extends Node {
  vendor: string;
  /** undefined when the configuration is unusable; `configError` says why */
  client?: LockClient;
  configError?: LockError;
  /** the one push stream of this config, opened by the first events node that asks; NOT_SUPPORTED where the system has none */
  pushHub(): PushHub;
}

/** Where a config's push stream keeps the ids it emitted: its context (persistent with a file store). */
const SEEN_KEY = 'pushSeen';
/**
 * The same ids by config id for this process: Node-RED's memory context is emptied on a full
 * deploy, and a redelivery after it must still be known (as the poll cursors are kept).
 */
const pushWindows = new Map<string, string[]>();

/**
 * Builds the client from the saved configuration (upgraded to the current shape first), keeping
 * a failure for the action nodes to report, and closes it (and the push stream) on redeploy.
 */
export function attachClient(node: LockConfigNode, vendor: VendorModule, def: NodeDef, callbacks?: CallbackServer): void {
  node.vendor = vendor.id;
  let saved: SavedConfig | undefined;
  try {
    saved = { settings: migrateConfig(node.type, def), credentials: node.credentials ?? {}, warn: (m) => node.warn(m), callbacks };
    node.client = vendor.createClient(saved);
  } catch (e) {
    node.configError = e instanceof LockError ? e : new LockError('VALIDATION', errorText('badConfig', { reason: (e as Error).message }));
    node.error(node.configError.message);
  }
  let hub: PushHub | undefined;
  node.pushHub = () => {
    if (hub) return hub;
    if (!vendor.push) throw notSupported('noPush', { vendor: vendor.id });
    if (!saved || !node.client || node.configError) throw node.configError ?? notSupported('noPush', { vendor: vendor.id });
    const transport = vendor.push(saved, node.client);
    const context = node.context();
    hub = new PushHub(transport, {
      store: {
        load: () => pushWindows.get(node.id) ?? (context.get(SEEN_KEY) as string[] | undefined),
        save: (ids) => {
          pushWindows.set(node.id, ids);
          context.set(SEEN_KEY, ids);
        },
      },
    });
    return hub;
  };
  node.on('close', (removed: boolean, done: () => void) => {
    node.client?.close();
    hub?.close();
    if (removed) pushWindows.delete(node.id);
    done();
  });
}
