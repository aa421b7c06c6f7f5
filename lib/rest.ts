import type { Operation } from './catalog';
import { validation } from './errors';
import type { WireParams, WireValue } from './operation';

export interface RestRequest {
  method: Operation['method'];
  /** path with its placeholders filled, each value percent-encoded (dots too) */
  path: string;
  /** query pairs in catalog order, values as given (unencoded) */
  query: Array<[string, string]>;
  /** JSON body fields, undefined when the operation sends none */
  body: Record<string, WireValue> | undefined;
}

/** One path segment: nothing an input holds can add a segment, climb (`..`) or start a query. */
export function pathSegment(name: string, value: WireValue): string {
  const text = String(value);
  if (text === '.' || text === '..') throw validation('dotSegment', { name, value: text });
  return encodeURIComponent(text);
}

const places = new WeakMap<Operation, Map<string, string>>();

/** Where each of an operation's wire fields goes: worked out once per operation, not per call. */
function placesOf(op: Operation): Map<string, string> {
  let where = places.get(op);
  if (!where) places.set(op, (where = new Map(op.params.map((p) => [p.wire, p.in ?? (op.method === 'GET' ? 'query' : 'body')]))));
  return where;
}

/**
 * Places each wire parameter where the catalog says: `{name}` placeholders in the path (from
 * the parameters, else from `context`, e.g. a config's project id), query or JSON body.
 */
export function restRequest(op: Operation, wire: WireParams, context: Record<string, string | undefined> = {}): RestRequest {
  const where = placesOf(op);
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(wire, name) ? wire[name] : context[name];
    if (value === undefined || value === '') throw validation('neededFor', { name, operation: op.title });
    return pathSegment(name, value);
  });
  const query: Array<[string, string]> = [];
  let body: Record<string, WireValue> | undefined;
  for (const [name, value] of Object.entries(wire)) {
    const place = where.get(name) ?? (op.method === 'GET' ? 'query' : 'body');
    if (place === 'path') continue;
    if (place === 'query') query.push([name, typeof value === 'object' ? JSON.stringify(value) : String(value)]);
    else (body ??= {})[name] = value;
  }
  return { method: op.method, path, query, body };
}

/** `?k=v&…` with values percent-encoded, as sent; '' when there is no query. */
export function encodedQuery(query: Array<[string, string]>): string {
  return query.length ? `?${query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : '';
}
