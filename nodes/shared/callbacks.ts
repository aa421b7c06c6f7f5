import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallbackServer } from '../../lib/push';
import type { NodeAPI } from './node-red';

/** A callback carries a page of records at most: a larger body is refused unread. */
const MAX_BODY = 1 << 20;
/** A refused sender that has not closed its side is cut off this long after the answer left. */
const CUT_OFF_MS = 10_000;
/** The whole request, however slowly it drips, within this. */
const READ_MS = 10_000;
/** The one body these systems post (their notify pages say form fields): any other is refused, parsed or not. */
const FORM = 'application/x-www-form-urlencoded';

type Handle = (form: URLSearchParams) => Promise<boolean>;
/** Listeners by `vendor/key`: two configs of one app (same callback URL) each take their own locks' records. */
const listeners = new Map<string, Set<Handle>>();
const routed = new WeakSet<object>();

type Request = IncomingMessage & { params?: Record<string, string | undefined>; body?: unknown; _body?: unknown };
type Route = (req: Request, res: ServerResponse, next: () => void) => void;

/**
 * Systems that push by calling the integrator's URL post to
 * `<httpNodeRoot>/smartlock/<vendor>/<key>` on Node-RED's own HTTP server. One route per runtime,
 * never removed; it answers only keys a deployed config listens to and passes every other
 * request on (a flow's own `http in` node may serve /smartlock/… too). The key in the path is
 * the only secret such a system's documents allow: they sign nothing.
 */
export function callbackServer(RED: NodeAPI): CallbackServer {
  const app = RED.httpNode as unknown as { post?: (path: string, h: Route) => void } | undefined;
  if (app?.post && !routed.has(app)) {
    routed.add(app);
    app.post('/smartlock/:vendor/:key', (req, res, next) => {
      const set = listeners.get(`${req.params?.vendor ?? ''}/${req.params?.key ?? ''}`);
      if (!set || set.size === 0) return next();
      void answer(req, res, set);
    });
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

/**
 * The answer; a request whose body is still coming is answered `Connection: close`, read no
 * further, and its socket ended once the answer left, so a refused sender cannot go on streaming
 * into us. Ended, not destroyed at once: a reset with unread data would make the sender's
 * system drop the answer it had already received; a sender that does not close is cut off later.
 */
function reply(req: Request, res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return;
  const unread = !req.complete;
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...(unread ? { Connection: 'close' } : {}) });
  if (unread) {
    req.pause();
    res.once('finish', () => {
      req.socket.end();
      setTimeout(() => req.socket.destroy(), CUT_OFF_MS).unref();
    });
  }
  res.end(text);
}

const statusOf = (e: unknown, otherwise: number): number => (e as { status?: number }).status ?? otherwise;

async function answer(req: Request, res: ServerResponse, set: Set<Handle>): Promise<void> {
  let form: URLSearchParams;
  try {
    form = await formOf(req);
  } catch (e) {
    return reply(req, res, statusOf(e, 400), (e as Error).message);
  }
  try {
    // Every listener of the key reads it; each takes the records of its own locks.
    await Promise.all([...set].map((handle) => handle(form)));
    // The answer the system's documents ask for, once the events left.
    reply(req, res, 200, 'success');
  } catch (e) {
    reply(req, res, statusOf(e, 500), (e as Error).message);
  }
}

const refused = (status: number, message: string): Error => Object.assign(new Error(message), { status });

/**
 * The form body, read within the size and time limits, or as a middleware before this route
 * parsed it (in Node-RED's default layout, where httpAdminRoot is httpNodeRoot, its editor API
 * parses every body first). Either way only a form is read: a JSON body is 415 whoever parsed it.
 */
async function formOf(req: Request): Promise<URLSearchParams> {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (type !== FORM) throw refused(415, `the body must be ${FORM}`);
  if (req._body === true || req.readableEnded) return parsedForm(req.body);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (status: number, message: string): void => {
      clearTimeout(timer);
      req.removeAllListeners('data');
      reject(refused(status, message));
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

/** A form another middleware read: its text, or its fields, each plain text as a form's are (within the size limit). */
function parsedForm(body: unknown): URLSearchParams {
  let form: URLSearchParams;
  if (typeof body === 'string' || Buffer.isBuffer(body)) form = new URLSearchParams(body.toString());
  else if (body !== null && typeof body === 'object') {
    const fields = Object.entries(body as Record<string, unknown>);
    // Node-RED's parser reads `a[b]=…` and repeated names as objects and arrays: not how a form is read here.
    if (fields.some(([, v]) => typeof v !== 'string')) throw refused(400, 'a form field is not plain text');
    form = new URLSearchParams(fields as Array<[string, string]>);
  } else throw refused(400, 'the request body was already read');
  if (form.toString().length > MAX_BODY) throw refused(413, 'request body too large');
  return form;
}
