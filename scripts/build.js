#!/usr/bin/env node
// Compiles TypeScript to dist/ (and the editor's script to resources/) and lays out what Node-RED 4.1 reads beside each node's .js:
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
// The editor's script: editor/*.ts as one browser script, where Node-RED serves it (resources/).
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.editor.json')], { stdio: 'inherit' });

// Each vendor module reads its texts from its folder's locales/ at run time.
for (const v of fs.readdirSync(path.join(root, 'lib/vendors'), { withFileTypes: true })) {
  const texts = path.join(root, 'lib/vendors', v.name, 'locales');
  if (v.isDirectory() && fs.existsSync(texts)) fs.cpSync(texts, path.join(dist, 'lib/vendors', v.name, 'locales'), { recursive: true });
}

const { vendorModules } = require(path.join(dist, 'lib/vendors'));
const { FAMILIES } = require(path.join(dist, 'lib/families'));
const { MESSAGES } = require(path.join(dist, 'lib/messages'));
const { operationsHelp, exampleHelp, fitSidebar } = require(path.join(dist, 'nodes/shared/help'));
const { configNodeHtml, i18nTexts } = require(path.join(dist, 'nodes/shared/config-form'));
const pkg = require(path.join(root, 'package.json'));
const nodeTypes = Object.keys(pkg['node-red'].nodes);

/** `<!-- include: name -->` is replaced by `<dir>/name.html`: the pieces every node shares. */
function includer(dir) {
  const include = (html) =>
    html.replace(/<!-- include: ([\w-]+) -->/g, (_, name) => {
      const file = path.join(dir, `${name}.html`);
      if (!fs.existsSync(file)) throw new Error(`no partial ${path.relative(root, file)}`);
      return include(fs.readFileSync(file, 'utf8').trim());
    });
  return include;
}
const include = includer(path.join(root, 'nodes/shared'));

/** The config nodes of every system: generated from the vendor modules (nodes/smartlock-systems.html holds what they share). */
const SYSTEMS = 'smartlock-systems';
const vendors = vendorModules();
const catalogs = vendors.map((v) => v.catalog);
/** A node's own editor file, or the action nodes' one template filled for its family (the api node: every operation). */
function source(type) {
  const own = path.join(root, 'nodes', `${type}.html`);
  if (fs.existsSync(own)) return fs.readFileSync(own, 'utf8');
  const family = type.replace(/^smartlock-/, '');
  const known = FAMILIES[family];
  const fill = {
    type,
    family: known ? `'${family}'` : 'null',
    headline: known ? known.headline : '',
    icon: `${family}.svg`,
    paletteLabel: { api: 'lock api', 'remote-open': 'remote open' }[family] ?? family,
  };
  return fs.readFileSync(path.join(root, 'nodes/shared/action-node.html'), 'utf8').replace(/\{\{(\w+)\}\}/g, (_, k) => fill[k]);
}

fs.mkdirSync(out, { recursive: true });
for (const type of nodeTypes) {
  const html =
    type === SYSTEMS ? source(type).replace('<!-- config nodes -->', () => vendors.map((v) => configNodeHtml(v, i18nTexts)).join('\n')) : source(type);
  fs.writeFileSync(path.join(out, `${type}.html`), include(html));
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
    common.smartlock.vendors = Object.fromEntries(catalogs.map((c) => [c.title, c.title]));
  }
  const labels = common.smartlock.actions;
  // The systems by id, named in this language (the help's example says which system it shows).
  const systemNames = Object.fromEntries(vendors.map((v) => [v.id, common.smartlock.vendors[v.catalog.title] || v.catalog.title]));
  for (const type of nodeTypes) {
    const own = path.join(src, `${type}.json`);
    const forms = type === SYSTEMS ? Object.fromEntries(vendors.map((v) => [v.config.type, (v.texts[lang] ?? v.texts['en-US']).form])) : {};
    const messages = { ...(fs.existsSync(own) ? JSON.parse(fs.readFileSync(own, 'utf8')) : {}), ...forms, ...common };
    fs.writeFileSync(path.join(dst, `${type}.json`), JSON.stringify(messages, null, 2));
    // A node's own help page, or the action nodes' shared one filled with its intro and payload.
    const ownPage = path.join(src, `${type}.html`);
    const help = messages[type]?.help;
    const page =
      type === SYSTEMS
        ? vendors
            .map((v) => `<script type="text/html" data-help-name="${v.config.type}">\n${(v.texts[lang] ?? v.texts['en-US']).help.trim()}\n</script>\n`)
            .join('')
        : fs.existsSync(ownPage)
          ? fs.readFileSync(ownPage, 'utf8')
          : help
            ? `<script type="text/html" data-help-name="${type}">\n${fs
                .readFileSync(path.join(src, 'shared/help-action.html'), 'utf8')
                .replace('{{intro}}', () => help.intro)
                .replace('{{payload}}', () => help.payload)}</script>\n`
            : undefined;
    if (page)
      fs.writeFileSync(
        path.join(dst, `${type}.html`),
        fitSidebar(
          includeHelp(page)
            .replace('<!-- example -->', () => exampleHelp(type, lang, { systems: systemNames, labels }))
            .replace('<!-- operations -->', () =>
              operationsHelp(type, catalogs, { lang, localesDir: path.join(root, 'locales'), labels, systems: common.smartlock.vendors }),
            ),
        ),
      );
  }
}

fs.cpSync(path.join(root, 'icons'), path.join(out, 'icons'), { recursive: true });
console.log(`built ${nodeTypes.length} nodes into dist/nodes`);
