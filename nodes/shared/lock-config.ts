import type { OperationOverride } from '../../lib/catalog';
import { migrateConfig } from '../../lib/migrations';
import type { LockClient } from '../../lib/client';
import { LockError, errorText, validation } from '../../lib/errors';
import type { TransportOptions } from '../../lib/transport';
import type { Node, NodeDef } from './node-red';

/** What every vendor's config node offers the action nodes. */
export interface LockConfigNode extends Node {
  vendor: string;
  /** undefined when the configuration is unusable; `configError` says why */
  client?: LockClient;
  configError?: LockError;
}

const num = (value: unknown): number | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

/** The shared transport settings of a config node's form (timeout in seconds). */
export function transportOptions(def: NodeDef): Omit<TransportOptions, 'baseURL'> {
  const timeout = num(def.timeout);
  return {
    timeoutMs: timeout === undefined ? undefined : timeout * 1000,
    maxConcurrent: num(def.maxConcurrent),
    ratePerSecond: num(def.ratePerSecond),
    maxQueue: num(def.maxQueue),
  };
}

/**
 * Builds the client from the saved configuration (upgraded to the current shape first), keeping
 * a failure for the action nodes to report, and closes it on redeploy.
 */
export function attachClient(node: LockConfigNode, vendor: string, def: NodeDef, build: (def: NodeDef) => LockClient): void {
  node.vendor = vendor;
  try {
    node.client = build(migrateConfig(node.type, def) as NodeDef);
  } catch (e) {
    node.configError = e instanceof LockError ? e : new LockError('VALIDATION', errorText('badConfig', { reason: (e as Error).message }));
    node.error(node.configError.message);
  }
  node.on('close', (_removed, done) => {
    node.client?.close();
    done();
  });
}

/** A config's "overrides" JSON: {"operation": {"method", "path", "apiVer", "fixed", "wire"}}. */
export function overridesFrom(text: unknown): Record<string, OperationOverride> | undefined {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw validation('overridesNotJson');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw validation('overridesNotObject');
  return parsed as Record<string, OperationOverride>;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Cloud vendors get TLS; plain http is for a local simulator or test host, and said so. */
export function warnIfPlainHttp(node: LockConfigNode, baseUrl: string): void {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return;
  }
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    node.warn(`${url.host} is reached over plain http: secrets and tokens travel unencrypted; use https`);
  }
}
