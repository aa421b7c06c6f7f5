#!/usr/bin/env node
// Compiles TypeScript to dist/ and lays out what Node-RED 4.1 reads beside each node's .js:
// the editor .html (with the shared form included), locales/<lang>/<node>.{json,html}
// (with the catalog's operation tables in the help) and icons/.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const out = path.join(dist, 'nodes');

fs.rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit' });

const { VENDORS } = require(path.join(dist, 'lib/vendors'));
const { FAMILIES } = require(path.join(dist, 'lib/families'));
const { MESSAGES } = require(path.join(dist, 'lib/messages'));
const { catalogTexts } = require(path.join(dist, 'nodes/shared/catalog-texts'));
const pkg = require(path.join(root, 'package.json'));
const nodeTypes = Object.keys(pkg['node-red'].nodes);

/** `<!-- include: name -->` is replaced by `<dir>/name.html`: the pieces every node shares. */
function includer(dir) {
  const include = (html) => html.replace(/<!-- include: ([\w-]+) -->/g, (_, name) => {
    const file = path.join(dir, `${name}.html`);
    if (!fs.existsSync(file)) throw new Error(`no partial ${path.relative(root, file)}`);
    return include(fs.readFileSync(file, 'utf8').trim());
  });
  return include;
}
const include = includer(path.join(root, 'nodes/shared'));

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** Words of the generated help, per language. */
const WORDS = {
  'en-US': { operations: 'Operations', action: 'action', neverResent: 'never resent', unconfirmed: "unverified: correct it in the config's overrides if your service differs", source: 'Source', none: 'No parameters.', field: 'vendor field' },
  'zh-CN': { operations: '操作', action: '操作', neverResent: '绝不重发', unconfirmed: '未经验证：如与您的服务不符，请在配置的覆盖设置中更正', source: '来源', none: '无参数。', field: '厂商字段' },
};

/** The help's operation reference for one node, generated from the catalogs: who has what, then each operation's parameters. */
function operationsHelp(type, lang, labels) {
  const w = WORDS[lang] ?? WORDS['en-US'];
  const textIn = catalogTexts(path.join(root, 'locales'), lang);
  const family = type === 'smartlock-events' ? 'logs' : type.replace(/^smartlock-/, '');
  const vendors = Object.values(VENDORS);
  const label = (f, a) => labels?.[f]?.[a] ?? FAMILIES[f].actions[a];
  const parts = [`<h3>${esc(w.operations)}</h3>`];
  if (FAMILIES[family]) {
    parts.push(`<table><tr><th>${esc(w.action)}</th>${vendors.map((v) => `<th>${esc(v.catalog.title)}</th>`).join('')}</tr>`);
    for (const action of Object.keys(FAMILIES[family].actions)) {
      const cells = vendors.map((v) => (v.catalog.operations.some((o) => o.family === family && o.action === action) ? '✓' : '-'));
      if (cells.every((c) => c === '-')) continue;
      parts.push(`<tr><td>${esc(label(family, action))}</td>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`);
    }
    parts.push('</table>');
  }
  for (const { catalog } of vendors) {
    const ops = catalog.operations.filter((op) => (FAMILIES[family] ? op.family === family : type === 'smartlock-api'));
    if (ops.length === 0) continue;
    parts.push(`<h3>${esc(catalog.title)}</h3>`);
    for (const op of ops) {
      const name = FAMILIES[family] ? label(family, op.action) : op.name;
      const marks = [op.idempotent ? '' : w.neverResent, op.unverified ? w.unconfirmed : ''].filter(Boolean);
      parts.push(`<h4>${esc(name)} <code>${esc(op.name)}</code>${marks.length ? ` (${esc(marks.join('; '))})` : ''}</h4>`);
      if (op.unverified || /\{/.test(op.path)) parts.push(`<p><code>${esc(op.method)} ${esc(op.path)}</code></p>`);
      // Evidence stays in English: it names documents, pages and code.
      parts.push(`<p><small>${esc(w.source)}: ${esc([op.source, op.unverified && `unverified: ${op.unverified}`].filter(Boolean).join('; '))}</small></p>`);
      if (op.notes) parts.push(`<p>${esc(textIn('notes', op.notes))}</p>`);
      const params = op.params.flatMap((p) => [p, ...(p.item ?? []).map((i) => ({ ...i, name: `${p.name}[].${i.name}` }))]);
      if (params.length === 0) {
        parts.push(`<p>${esc(w.none)}</p>`);
        continue;
      }
      parts.push('<dl class="message-properties">');
      for (const p of params) {
        const cls = p.required ? '' : ' class="optional"';
        parts.push(`<dt${cls}>${esc(p.name)} <span class="property-type">${esc(p.type)}</span></dt><dd>${esc(textIn('descriptions', p.description))}; ${esc(w.field)} <code>${esc(p.wire)}</code>.</dd>`);
      }
      parts.push('</dl>');
    }
  }
  return parts.join('\n');
}

fs.mkdirSync(out, { recursive: true });
for (const type of nodeTypes) {
  fs.writeFileSync(path.join(out, `${type}.html`), include(fs.readFileSync(path.join(root, 'nodes', `${type}.html`), 'utf8')));
}

for (const lang of fs.readdirSync(path.join(root, 'locales'))) {
  const src = path.join(root, 'locales', lang);
  if (!fs.statSync(src).isDirectory()) continue;
  const includeHelp = includer(path.join(src, 'shared'));
  const dst = path.join(out, 'locales', lang);
  fs.mkdirSync(dst, { recursive: true });
  const common = JSON.parse(fs.readFileSync(path.join(src, 'smartlock.json'), 'utf8'));
  // The catalogs' texts for the editor's parameter tips (read by nodes/shared/editor-api).
  if (fs.existsSync(path.join(src, 'catalog.json'))) fs.copyFileSync(path.join(src, 'catalog.json'), path.join(dst, 'catalog.json'));
  // English action labels and error texts come from lib/; other languages translate them.
  if (lang === 'en-US') {
    common.smartlock.actions = Object.fromEntries(Object.entries(FAMILIES).map(([f, v]) => [f, v.actions]));
    common.smartlock.errors = { ...MESSAGES };
    common.smartlock.vendors = Object.fromEntries(Object.values(VENDORS).map((v) => [v.catalog.title, v.catalog.title]));
  }
  const labels = common.smartlock.actions;
  for (const type of nodeTypes) {
    const own = path.join(src, `${type}.json`);
    const messages = { ...(fs.existsSync(own) ? JSON.parse(fs.readFileSync(own, 'utf8')) : {}), ...common };
    fs.writeFileSync(path.join(dst, `${type}.json`), JSON.stringify(messages, null, 2));
    // A node's own help page, or the action nodes' shared one filled with its intro and payload.
    const ownPage = path.join(src, `${type}.html`);
    const help = messages[type]?.help;
    const page = fs.existsSync(ownPage) ? fs.readFileSync(ownPage, 'utf8')
      : help ? `<script type="text/html" data-help-name="${type}">\n${fs.readFileSync(path.join(src, 'shared/help-action.html'), 'utf8')
        .replace('{{intro}}', () => help.intro).replace('{{payload}}', () => help.payload)}</script>\n` : undefined;
    if (page) fs.writeFileSync(path.join(dst, `${type}.html`), includeHelp(page).replace('<!-- operations -->', () => operationsHelp(type, lang, labels)));
  }
}

fs.cpSync(path.join(root, 'icons'), path.join(out, 'icons'), { recursive: true });
console.log(`built ${nodeTypes.length} nodes into dist/nodes`);
