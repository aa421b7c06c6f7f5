import os from 'node:os';
import path from 'node:path';
import { chooseStore, openStore, type Store } from '../../lib/store';
import type { NodeAPI } from './node-red';

/** One store per file or shared store (address and prefix) for this process: every stay node (and later cursors, tokens) shares it. */
const opened = new Map<string, Promise<Store>>();
/** The stores opened and ready, by the same name: what a caller that must not wait (an event on its way) can use. */
const ready = new Map<string, Store>();

interface StoreSettings {
  smartlock?: { storeFile?: unknown; store?: unknown; storePrefix?: unknown };
  userDir?: unknown;
}

/**
 * The runtime's store file: `smartlock: { storeFile }` in settings.js, else `smartlock-store.jsonl` in
 * Node-RED's user directory (the flows' own place, so it moves with them). A runtime without a
 * user directory (a test harness) gets a file of its own process in the temporary directory.
 */
export function storeFile(RED: NodeAPI): string {
  const settings = RED.settings as StoreSettings | undefined;
  const chosen = settings?.smartlock?.storeFile;
  if (typeof chosen === 'string' && chosen) return chosen;
  const userDir = typeof settings?.userDir === 'string' && settings.userDir ? settings.userDir : undefined;
  return userDir ? path.join(userDir, 'smartlock-store.jsonl') : path.join(os.tmpdir(), `smartlock-store-${process.pid}.jsonl`);
}

/** The store settings.js names: `smartlock: { store, storePrefix }` shared by several Node-REDs, else the file. */
function chosen(RED: NodeAPI): ReturnType<typeof chooseStore> {
  const settings = (RED.settings as StoreSettings | undefined)?.smartlock;
  return chooseStore(settings?.store, settings?.storePrefix, () => storeFile(RED));
}

export function storeOf(RED: NodeAPI): Promise<Store> {
  let choice: ReturnType<typeof chooseStore>;
  try {
    choice = chosen(RED);
  } catch (err) {
    return Promise.reject(err as Error);
  }
  const { id, options } = choice;
  let store = opened.get(id);
  if (!store) {
    store = openStore('file' in options ? options : { ...options, warn: (m: string) => RED.log.warn(m) });
    opened.set(id, store);
    store.then((s) => ready.set(id, s)).catch(() => undefined);
    // A store that could not open is asked again by the next deploy, not remembered broken.
    store.catch(() => opened.delete(id));
  }
  return store;
}

/**
 * The runtime's store once a node (a stay node) has opened it; never opens it (no file made for a
 * flow without stays). Which store the settings name is read here, once per node: the returned
 * reader is asked for every event.
 */
export function openedStore(RED: NodeAPI): () => Store | undefined {
  let id: string;
  try {
    id = chosen(RED).id;
  } catch {
    return () => undefined;
  }
  return () => ready.get(id);
}

/** Closes every store this process opened (writes in flight finish first): for a runtime that stops, and tests. */
export async function closeStores(): Promise<void> {
  const all = [...opened.values()];
  opened.clear();
  ready.clear();
  await Promise.all(all.map((s) => s.then((store) => store.close()).catch(() => undefined)));
}
