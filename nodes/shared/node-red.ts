/** The slice of Node-RED's runtime API these nodes use (Node-RED ships no types of its own). */
export interface NodeMessage {
  payload?: unknown;
  _msgid?: string;
  [key: string]: unknown;
}

export type NodeStatus = { fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey'; shape?: 'ring' | 'dot'; text?: string } | Record<string, never>;

export interface Node {
  id: string;
  type: string;
  name?: string;
  credentials: Record<string, string | undefined>;
  on(event: 'input', cb: (msg: NodeMessage, send: (msg: NodeMessage) => void, done: (err?: Error) => void) => void): void;
  on(event: 'close', cb: (removed: boolean, done: () => void) => void): void;
  status(status: NodeStatus): void;
  context(): { get(key: string): unknown; set(key: string, value: unknown): void };
  send(msg: NodeMessage | NodeMessage[] | NodeMessage[][]): void;
  error(err: unknown, msg?: NodeMessage): void;
  warn(message: unknown): void;
  log(message: unknown): void;
}

export interface NodeDef {
  id: string;
  type: string;
  name?: string;
  [key: string]: unknown;
}

export interface NodeAPI {
  /** The node set's messages in the runtime's language; the key itself when there is none. */
  _?: (key: string, params?: Record<string, unknown>) => string;
  nodes: {
    createNode(node: object, def: NodeDef): void;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    registerType(type: string, ctor: (this: any, def: NodeDef) => void, opts?: { credentials?: Record<string, { type: 'text' | 'password' }> }): void;
    getNode(id: string): unknown;
  };
  util: {
    evaluateNodeProperty(value: unknown, type: string, node: Node, msg: NodeMessage, cb: (err: Error | null, result: unknown) => void): void;
  };
  settings?: unknown;
  httpAdmin?: {
    get(path: string, ...handlers: AdminHandler[]): void;
    post(path: string, ...handlers: AdminHandler[]): void;
  };
  auth?: { needsPermission(permission: string): (req: unknown, res: unknown, next: () => void) => void };
  hooks?: { add(label: string, cb: (event: { msg: NodeMessage; destination: { node: { type: string } } }) => void): void; remove(label: string): void };
}

/** An admin API route handler, as much of express as the nodes use. */
export type AdminHandler = (req: unknown, res: { json(body: unknown): void; status(code: number): { json(body: unknown): void } }, next: () => void) => void;
