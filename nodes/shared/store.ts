import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../lib/store';
import type { NodeAPI } from './node-red';

/** One store per file for this process: every stay node (and later cursors, tokens) shares it. */
const opened = new Map<string, Promise<Store>>();
/** The stores opened and ready, by file: what a caller that must not wait (an event on its way) can use. */
const ready = new Map<string, Store>();

/**
 * The runtime's store: `smartlock: { storeFile }` in settings.js, else `smartlock-store.jsonl` in
 * Node-RED's user directory (the flows' own place, so it moves with them). A runtime without a
 * user directory (a test harness) gets a file of its own process in the temporary directory.
 */
export function storeFile(RED: NodeAPI): string {
  const settings = RED.settings as { smartlock?: { storeFile?: unknown }; userDir?: unknown } | undefined;
  const chosen = settings?.smartlock?.storeFile;
  if (typeof chosen === 'string' && chosen) return chosen;
  const userDir = typeof settings?.userDir === 'string' && settings.userDir ? settings.userDir : undefined;
  return userDir ? path.join(userDir, 'smartlock-store.jsonl') : path.join(os.tmpdir(), `smartlock-store-${process.pid}.jsonl`);
}

export function storeOf(RED: NodeAPI): Promise<Store> {
  const file = storeFile(RED);
  let store = opened.get(file);
  if (!store) {
    store = openStore({ file });
    opened.set(file, store);
    store.then((s) => ready.set(file, s)).catch(() => undefined);
    // A store that could not open is asked again by the next deploy, not remembered broken.
    store.catch(() => opened.delete(file));
  }
  return store;
}

/** The runtime's store if a node (a stay node) has opened it already; never opens it (no file made for a flow without stays). */
export function openedStore(RED: NodeAPI): Store | undefined {
  return ready.get(storeFile(RED));
}
