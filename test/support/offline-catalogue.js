'use strict';
// Preloaded (node --require) into `node-red-dev validate`: its flow-library catalogue lives on
// a host this project's machines cannot reach. The request is answered here, with a catalogue
// that lists no module, so every other scorecard check runs. Nothing else is touched.
const Module = require('node:module');

const CATALOGUE_HOST = 'catalogue.nodered.org';
const original = Module.prototype.require;

/** axios instances get an interceptor that answers catalogue requests without a network. */
function offline(axios) {
  if (axios.__smartlockOffline || typeof axios.interceptors?.request?.use !== 'function') return axios;
  axios.interceptors.request.use((config) => {
    if (!String(config.url ?? '').includes(CATALOGUE_HOST)) return config;
    return { ...config, adapter: async () => ({ data: { modules: [] }, status: 200, statusText: 'OK', headers: {}, config }) };
  });
  Object.defineProperty(axios, '__smartlockOffline', { value: true });
  return axios;
}

Module.prototype.require = function (id) {
  const mod = original.apply(this, arguments);
  return id === 'axios' ? offline(mod.default ?? mod) && mod : mod;
};
