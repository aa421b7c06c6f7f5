import { vendorModules } from '../lib/vendors';
import { callbackServer } from './shared/callbacks';
import { attachClient, type LockConfigNode } from './shared/lock-config';
import type { NodeAPI, NodeDef } from './shared/node-red';
import { prepareRuntime } from './shared/setup';

/** Config nodes: one type per lock system, each the system's own fields and credentials. */
export = function (RED: NodeAPI): void {
  prepareRuntime(RED);
  const callbacks = callbackServer(RED);
  for (const vendor of vendorModules()) {
    RED.nodes.registerType(
      vendor.config.type,
      function (this: LockConfigNode, def: NodeDef) {
        RED.nodes.createNode(this, def);
        attachClient(this, vendor, def, callbacks);
      },
      {
        credentials: Object.fromEntries(vendor.config.form.filter((r) => r.credential).map((r) => [r.name, { type: r.credential as 'text' | 'password' }])),
      },
    );
  }
};
