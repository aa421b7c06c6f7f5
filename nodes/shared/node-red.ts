/** Node-RED's runtime API as @types/node-red describes it, with the few parts it leaves out. */
import type { Node as RedNode, NodeAPI as RedAPI, NodeDef as RedDef, NodeMessage as RedMessage, NodeStatus as RedStatus } from 'node-red';

export type NodeMessage = RedMessage & Record<string, unknown>;
export type NodeStatus = RedStatus;
export type NodeDef = RedDef & Record<string, unknown>;
export type Node = RedNode<Record<string, string | undefined>>;

/** The node API, with the message catalog (`RED._`) and the hooks Node-RED passes but the types omit. */
export type NodeAPI = RedAPI & {
  _?: (key: string, params?: Record<string, unknown>) => string;
  hooks?: { add(label: string, cb: (event: { msg: NodeMessage; destination: { node: { type: string } } }) => void): void; remove(label: string): void };
};

/** An admin API route handler, as much of express as the nodes use. */
export type AdminHandler = (req: unknown, res: { json(body: unknown): void; status(code: number): { json(body: unknown): void } }, next: () => void) => void;
