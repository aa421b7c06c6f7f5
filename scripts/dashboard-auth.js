// HTTP basic auth for FlowFuse Dashboard 2: its page (settings.dashboard.middleware) and its
// socket.io connection (settings.dashboard.ioMiddleware). The socket is attached to the HTTP
// server, not to Node-RED's routes, so httpNodeAuth never sees it: it needs its own check.
// The demo's settings.js uses this; README › Exposing Node-RED shows the same for your own.
'use strict';
const { createHash, timingSafeEqual } = require('node:crypto');

/** Equal without leaking where they differ (digests have one length whatever the input). */
function same(a, b) {
  const h = (s) => createHash('sha256').update(String(s)).digest();
  return timingSafeEqual(h(a), h(b));
}

/** Whether the request's Authorization header is Basic with this user and password. */
function authorized(headers, user, password) {
  const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(headers.authorization || '');
  if (!m) return false;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  // Both compared, always: no early answer on a wrong user.
  const userOk = same(text.slice(0, colon), user);
  const passwordOk = same(text.slice(colon + 1), password);
  return colon > 0 && userOk && passwordOk;
}

/** A page of another site opening the socket with the browser's stored credentials is refused. */
function sameOrigin(headers) {
  if (!headers.origin) return true;
  try {
    return new URL(headers.origin).host === headers.host;
  } catch {
    return false;
  }
}

/** `{ middleware, ioMiddleware }` for settings.js's `dashboard`, admitting only `user`/`password`. */
function basicAuth({ user, password, realm = 'dashboard' }) {
  if (!user || !password) throw new Error('dashboard auth needs a user and a password');
  return {
    middleware(req, res, next) {
      if (authorized(req.headers, user, password)) return next();
      res.set('WWW-Authenticate', `Basic realm="${realm}", charset="UTF-8"`);
      res.status(401).send('Unauthorized');
    },
    // A client without credentials is refused whether or not it sends an Origin header.
    ioMiddleware(socket, next) {
      const headers = socket.request.headers;
      if (authorized(headers, user, password) && sameOrigin(headers)) return next();
      next(new Error('unauthorized'));
    },
  };
}

module.exports = { basicAuth };
