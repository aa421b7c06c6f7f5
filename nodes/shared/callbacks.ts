import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallbackServer } from '../../lib/push';
import type { NodeAPI } from './node-red';

/** A callback carries a page of records at most: a larger body is refused unread. */
const MAX_BODY = 1 << 20;
/** The whole request, however slowly it drips, within this. */
const READ_MS = 10_000;

type Handle = (form: URLSearchParams) => Promise<boolean>;
/** Listeners by `vendor/key`: two configs of one app (same callback URL) each take their own locks' records. */
const listeners = new Map<string, Set<Handle>>();
const routed = new WeakSet<object>();

type Request = IncomingMessage & { params?: Record<string, string | undefined>; body?: unknown };

/**
 * Systems that push by calling the integrator's URL post to
 * `<httpNodeRoot>/smartlock/<vendor>/<key>` on Node-RED's own HTTP server. One route per runtime,
 * never removed; a key nobody listens to is 404 (the key in the path is the only secret such a
 * system's documents allow: they sign nothing).
 */
export function callbackServer(RED: NodeAPI): CallbackServer {
  const app = RED.httpNode as unknown as { post?: (path: string, h: (req: Request, res: ServerResponse) => void) => void } | undefined;
  if (app?.post && !routed.has(app)) {
    routed.add(app);
    app.post('/smartlock/:vendor/:key', (req, res) => void answer(req, res));
  }
  return {
    listen(vendor, key, handle) {
      const at = `${vendor}/${key}`;
      const set = listeners.get(at) ?? new Set<Handle>();
      set.add(handle);
      listeners.set(at, set);
      return () => {
        set.delete(handle);
        if (set.size === 0 && listeners.get(at) === set) listeners.delete(at);
      };
    },
  };
}

function reply(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

async function answer(req: Request, res: ServerResponse): Promise<void> {
  const set = listeners.get(`${req.params?.vendor ?? ''}/${req.params?.key ?? ''}`);
  if (!set || set.size === 0) {
    req.resume();
    return reply(res, 404, 'not found');
  }
  let form: URLSearchParams;
  try {
    form = await formOf(req);
  } catch (e) {
    return reply(res, (e as { status?: number }).status ?? 400, (e as Error).message);
  }
  try {
    // Every listener of the key reads it; each takes the records of its own locks.
    await Promise.all([...set].map((handle) => handle(form)));
    // The answer the system's documents ask for, once the events left.
    reply(res, 200, 'success');
  } catch (e) {
    reply(res, (e as { status?: number }).status ?? 500, (e as Error).message);
  }
}

/** The form body, read within the size and time limits (or as another middleware already parsed it). */
function formOf(req: Request): Promise<URLSearchParams> {
  if (req.body !== undefined && req.body !== null && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) {
    // Parsed by a middleware another node set on Node-RED's HTTP server: its size limit is checked here.
    const form = new URLSearchParams(Object.entries(req.body as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    if (form.toString().length > MAX_BODY) return Promise.reject(Object.assign(new Error('request body too large'), { status: 413 }));
    return Promise.resolve(form);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (status: number, message: string): void => {
      clearTimeout(timer);
      req.removeAllListeners('data');
      req.resume();
      reject(Object.assign(new Error(message), { status }));
    };
    const timer = setTimeout(() => fail(408, 'request body too slow'), READ_MS);
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) return fail(413, 'request body too large');
      chunks.push(c);
    });
    req.on('end', () => {
      clearTimeout(timer);
      if (size <= MAX_BODY) resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('error', (e) => fail(400, e.message));
  });
}
