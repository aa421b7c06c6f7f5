import { registerActionNode } from './shared/action';
import type { NodeAPI } from './shared/node-red';

/** Any operation of the chosen vendor by its documented name (node field or msg.operation). */
export = (RED: NodeAPI): void => registerActionNode(RED, 'smartlock-api', null);
