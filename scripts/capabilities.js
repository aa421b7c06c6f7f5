#!/usr/bin/env node
// Writes the capability table (node action × vendor, from the catalogs) into README.md between
// the capability markers. `node scripts/capabilities.js --check` fails if the README is stale;
// `--vendor <module>` adds a lock system first (as Node-RED's settings would) and `--print`
// writes the table to stdout instead.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const { VENDORS, registerVendor } = require(path.join(root, 'dist/lib/vendors'));
const { FAMILIES } = require(path.join(root, 'dist/lib/families'));

function table() {
  const vendors = Object.entries(VENDORS);
  const rows = [`| node | action | ${vendors.map(([, v]) => v.catalog.title).join(' | ')} |`, `|---|---|${vendors.map(() => '---').join('|')}|`];
  for (const [family, { actions }] of Object.entries(FAMILIES)) {
    for (const [action, label] of Object.entries(actions)) {
      const cells = vendors.map(([, v]) => {
        const op = v.catalog.operations.find((o) => o.family === family && o.action === action);
        return op ? `\`${op.name}\`${op.unverified ? ' ¹' : ''}` : '-';
      });
      if (cells.every((c) => c === '-')) continue;
      rows.push(`| \`smartlock-${family}\` | ${label} | ${cells.join(' | ')} |`);
    }
  }
  // The stay node: what a guest gets at each system's doors (lib/stays/grants.ts reads it from the catalog).
  const { waysOf } = require(path.join(root, 'dist/lib/stays/grants'));
  const grants = { code: 'a code', qr: 'a QR code', card: 'a card', ekey: 'an app key' };
  const stays = vendors.map(([, v]) => {
    const ways = Object.values(waysOf(v.catalog));
    return ways.length ? ways.map((w) => `${grants[w.grant]}${w.slots ? ' in a slot' : ''}`).join(', ') : '-';
  });
  rows.push(`| \`smartlock-stay\` | keep a stay's credentials (what a guest gets) | ${stays.join(' | ')} |`);
  const apiOnly = vendors
    .map(([, v]) => v.catalog.operations.filter((o) => !o.family).map((o) => `\`${o.name}\`${o.unverified ? ' ¹' : ''}`))
    .map((l) => l.join(', ') || '-');
  rows.push(`| \`smartlock-api\` | every operation by name; only here: | ${apiOnly.join(' | ')} |`);
  return rows.join('\n');
}

/** Every system's answer codes → the contract's codes, from the systems' code tables (lib/vendors/<id>/errors.ts). */
function errorTable() {
  const { MESSAGES } = require(path.join(root, 'dist/lib/messages'));
  const rows = ['| system | vendor code | `msg.error.code` | `msg.error.message` (en-US) | source |', '|---|---|---|---|---|'];
  for (const [, v] of Object.entries(VENDORS)) {
    const table = v.module.errors ?? {};
    const codes = Object.keys(table);
    if (codes.length === 0) {
      rows.push(`| ${v.catalog.title} | any (the doc gives none) | \`VENDOR\` | ${v.catalog.title} refused: ‹the system's own text› | - |`);
      continue;
    }
    for (const code of codes) {
      const row = table[code];
      const text = MESSAGES[row.says]
        .replace(/__vendor__/g, v.catalog.title)
        .replace(/__subject__/g, row.subject ?? '')
        .replace(/__value__/g, row.subject ? `‹${row.subject}›` : '')
        .replace(/__reason__/g, '‹vendor text›')
        .replace(/__(\w+)__/g, '‹$1›');
      rows.push(`| ${v.catalog.title} | ${code} | \`${row.code}\` | ${text.replace(/\|/g, '\\|')} | ${row.source} |`);
    }
    rows.push(`| ${v.catalog.title} | any other | \`VENDOR\` | ${v.catalog.title} refused: ‹vendor text› | - |`);
  }
  return rows.join('\n');
}

const args = process.argv.slice(2);
args.forEach((a, i) => {
  if (a === '--vendor') registerVendor(require(path.resolve(args[i + 1])));
});
if (args.includes('--print')) {
  console.log(table());
  process.exit(0);
}

const readme = path.join(root, 'README.md');
const text = fs.readFileSync(readme, 'utf8');
/** README with the text between `<!-- name:start -->` and `<!-- name:end -->` replaced. */
function between(doc, name, body) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i < 0 || j < 0) throw new Error(`README.md has no ${name} markers`);
  return `${doc.slice(0, i + start.length)}\n${body}\n${doc.slice(j)}`;
}
const next = between(between(text, 'capabilities', table()), 'errors', errorTable());
if (process.argv.includes('--check')) {
  if (next !== text) {
    console.error('README.md capability or error table is stale: run `npm run docs`');
    process.exit(1);
  }
} else {
  fs.writeFileSync(readme, next);
}
