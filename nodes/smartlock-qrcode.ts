import { registerActionNode } from './shared/action';
import type { NodeAPI } from './shared/node-red';

export = (RED: NodeAPI): void => registerActionNode(RED, 'smartlock-qrcode', 'qrcode');
