import path from 'node:path';
import type { Catalog } from '../../lib/catalog';
import { FAMILIES } from '../../lib/families';
import { catalogTexts } from './catalog-texts';
import { esc } from './config-form';

/** Words of the generated help, per language. */
const WORDS: Record<string, Record<string, string>> = {
  'en-US': {
    operations: 'Operations',
    action: 'action',
    neverResent: 'never resent',
    unconfirmed: "unverified: correct it in the config's overrides if your service differs",
    source: 'Source',
    none: 'No parameters.',
    field: 'vendor field',
    perSystem: 'How each system does it (open for its operations, parameters and sources):',
    exampleIn: 'Example: msg in',
    exampleOut: 'msg out',
    noInput: ' (no input needed)',
  },
  'zh-CN': {
    operations: '操作',
    action: '操作',
    neverResent: '绝不重发',
    unconfirmed: '未经验证：如与您的服务不符，请在配置的覆盖设置中更正',
    source: '来源',
    none: '无参数。',
    field: '厂商字段',
    perSystem: '各系统的做法（展开查看其操作、参数与来源）：',
    exampleIn: '示例：输入 msg',
    exampleOut: '输出 msg',
    noInput: '（无需输入）',
  },
};

/** A source as people read it: the catalogs name documents by their titles; a file name or path left in one is dropped. */
export function readableSource(text: string): string {
  return text
    .replace(/\s*›\s*/g, ', ')
    .replace(/\b(?:vendor-docs|lib|dist)\/[\w./-]+/g, '')
    .replace(/[\w.-]+\.txt\b/g, '')
    .replace(/\(\s*\)/g, '')
    .trim();
}

/** Styles that keep help inside a narrow sidebar: long names wrap, tables fit, examples wrap inside themselves. */
export const WRAP = 'overflow-wrap:anywhere;word-break:break-word';
const TABLE = `table-layout:fixed;width:100%;min-width:0;${WRAP}`;
const PRE = 'white-space:pre-wrap;overflow-wrap:anywhere;max-width:100%;overflow-x:auto';

/**
 * Help that fits a narrow sidebar: Node-RED's help styles keep code and property names on one line and
 * give tables a 300 px minimum; inline styles let them wrap (a help page has no stylesheet of its own).
 */
export function fitSidebar(html: string): string {
  return html
    .replace(/<table(?![^>]*style=)/g, `<table style="${TABLE}"`)
    .replace(/<pre(?![^>]*style=)/g, `<pre style="${PRE}"`)
    .replace(/<code>/g, `<code style="white-space:normal;${WRAP}">`)
    .replace(/<dt(?=[\s>])(?![^>]*style=)/g, `<dt style="white-space:normal;${WRAP}"`);
}

/** One example per node type: a msg in (the node's fields left empty) and the msg out. */
const EXAMPLES: Record<string, { in?: string; out: string }> = {
  'smartlock-api': {
    in: 'msg.operation = "GetRoomList"\nmsg.payload = {}',
    out: 'msg.payload = {"rooms": [{"roomId": "775032240849920", "name": "101"}], "total": 1}',
  },
  'smartlock-card': {
    in: 'msg.payload = {"roomId": "775032240849920",\n  "validFrom": "2026-12-20T14:00:00+08:00",\n  "validUntil": "2026-12-22T12:00:00+08:00"}',
    out: 'msg.payload = {"cardId": "…", "roomId": "775032240849920",\n  "validFrom": "…", "validUntil": "…"}',
  },
  'smartlock-password': {
    in: 'msg.payload = {"roomId": "775032240849920",\n  "validUntil": "2026-12-22T12:00:00+08:00"}',
    out: 'msg.payload = {"passwordId": "…", "password": "48120365",\n  "validUntil": "2026-12-22T12:00:00+08:00"}',
  },
  'smartlock-remote-open': {
    in: 'msg.payload = {"roomId": "775032240849920"}',
    out: 'msg.payload = {"roomId": "775032240849920",\n  "battery": 90, "lockTime": "…"}',
  },
  'smartlock-face': {
    in: 'msg.payload = {"roomId": "775032240849920", "slot": 1,\n  "image": <JPEG Buffer>, "validFrom": "…", "validUntil": "…"}',
    out: 'msg.payload = {"slot": 1, "validFrom": "…", "validUntil": "…", "battery": 90}',
  },
  'smartlock-fingerprint': {
    in: 'msg.payload = {"roomId": "775032240849920", "slot": 1,\n  "template": "a1b2…", "validFrom": "…", "validUntil": "…"}',
    out: 'msg.payload = {"slot": 1, "validFrom": "…", "validUntil": "…", "battery": 90}',
  },
  'smartlock-keep-open': { in: 'msg.payload = {"deviceId": "lock-1"}', out: 'msg.payload = {"deviceId": "lock-1", "keepOpen": false}' },
  'smartlock-logs': {
    in: 'msg.payload = {"deviceId": "lock-wifi-1",\n  "since": "2026-12-01T00:00:00Z"}',
    out: 'msg.payload = {"records": [{"time": "2026-12-20T14:00:00+08:00",\n  "timeMs": 1797746400000, "user": "1", "method": "fingerprint"}],\n  "total": 1, "hasMore": false}',
  },
  'smartlock-qrcode': { in: 'msg.payload = {"personId": "visitor-7"}', out: 'msg.payload = {"qrCode": "…"}' },
  'smartlock-users': {
    in: 'msg.payload = {}',
    out: 'msg.payload = {"rooms": [{"roomId": "775032240849920",\n  "name": "101"}], "total": 1, "hasMore": false}',
  },
  'smartlock-device': { in: 'msg.payload = {"deviceId": "lock-wifi-1"}', out: 'msg.payload = {"status": [{"code": "residual_electricity",\n  "value": 90}]}' },
  'smartlock-events': {
    out: 'msg.topic = "lock-wifi-1/unlock"\nmsg.payload = {"deviceId": "lock-wifi-1",\n  "time": "2026-12-20T14:00:00+08:00", "timeMs": 1797746400000,\n  "kind": "unlock", "method": "unlock_fingerprint", "user": "1"}',
  },
};

/** The example block of a node's help (empty for a type without one). */
export function exampleHelp(type: string, lang: string): string {
  const w = WORDS[lang] ?? WORDS['en-US'];
  const ex = EXAMPLES[type];
  if (!ex) return '';
  const pre = (t: string): string => `<pre style="${PRE}">${esc(t)}</pre>`;
  // Labels as <div>, not <p>: the palette's tooltip shows the first paragraphs of the help.
  return [`<div><b>${esc(w.exampleIn)}</b>${ex.in ? '' : esc(w.noInput)}</div>`, ex.in ? pre(ex.in) : '', `<div><b>${esc(w.exampleOut)}</b></div>`, pre(ex.out)]
    .filter(Boolean)
    .join('\n');
}

/** The palette family a node type offers (the events node reads logs); null for the api node. */
export function familyOf(type: string): keyof typeof FAMILIES | null {
  const family = type === 'smartlock-events' ? 'logs' : type.replace(/^smartlock-/, '');
  return family in FAMILIES ? (family as keyof typeof FAMILIES) : null;
}

export interface HelpOptions {
  lang: string;
  /** where locales/<lang>/catalog.json is */
  localesDir: string;
  /** the action labels of `lang` (family → action → text) */
  labels?: Record<string, Record<string, string>>;
  /** leave out the table of which system has which action (for a section added later) */
  sectionsOnly?: boolean;
}

/** The help's operation reference for one node, from the catalogs: who has what, then each operation's parameters. */
export function operationsHelp(type: string, catalogs: Catalog[], o: HelpOptions): string {
  const w = WORDS[o.lang] ?? WORDS['en-US'];
  const textIn = catalogTexts(o.localesDir, o.lang);
  const family = familyOf(type);
  const label = (f: string, a: string): string => o.labels?.[f]?.[a] ?? (FAMILIES as Record<string, { actions: Record<string, string> }>)[f].actions[a];
  const parts: string[] = [];
  if (!o.sectionsOnly) parts.push(`<h4>${esc(w.operations)}</h4>`);
  if (family && !o.sectionsOnly) {
    parts.push(`<table style="${TABLE}"><tr><th>${esc(w.action)}</th>${catalogs.map((c) => `<th>${esc(c.title)}</th>`).join('')}</tr>`);
    for (const action of Object.keys(FAMILIES[family].actions)) {
      const cells = catalogs.map((c) => (c.operations.some((op) => op.family === family && op.action === action) ? '✓' : '-'));
      if (cells.every((c) => c === '-')) continue;
      parts.push(`<tr><td>${esc(label(family, action))}</td>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`);
    }
    parts.push('</table>');
  }
  if (!o.sectionsOnly) parts.push(`<p>${esc(w.perSystem)}</p>`);
  for (const catalog of catalogs) {
    const ops = catalog.operations.filter((op) => (family ? op.family === family : type === 'smartlock-api'));
    if (ops.length === 0) continue;
    // Each system folded: its operations with wire names, REST paths and sources, for who needs them.
    parts.push(`<details style="${WRAP}"><summary>${esc(catalog.title)}</summary>`);
    for (const op of ops) {
      const name = family && op.action ? label(family, op.action) : op.name;
      const marks = [op.idempotent ? '' : w.neverResent, op.unverified ? w.unconfirmed : ''].filter(Boolean);
      parts.push(`<h5>${esc(name)} <code>${esc(op.name)}</code>${marks.length ? ` (${esc(marks.join('; '))})` : ''}</h5>`);
      if (op.unverified || /\{/.test(op.path)) parts.push(`<p><code>${esc(op.method)} ${esc(op.path)}</code></p>`);
      // Evidence stays in English: it names documents, pages and code.
      const source = readableSource([op.source, op.unverified && `unverified: ${op.unverified}`].filter(Boolean).join('; '));
      parts.push(`<p><small>${esc(w.source)}: ${esc(source)}</small></p>`);
      if (op.notes) parts.push(`<p>${esc(readableSource(textIn('notes', op.notes)))}</p>`);
      const params = op.params.flatMap((p) => [p, ...(p.item ?? []).map((i) => ({ ...i, name: `${p.name}[].${i.name}` }))]);
      if (params.length === 0) {
        parts.push(`<p>${esc(w.none)}</p>`);
      } else {
        parts.push('<dl class="message-properties">');
        for (const p of params) {
          const cls = p.required ? '' : ' class="optional"';
          parts.push(
            `<dt${cls}>${esc(p.name)} <span class="property-type">${esc(p.type)}</span></dt><dd>${esc(textIn('descriptions', p.description))}; ${esc(w.field)} <code>${esc(p.wire)}</code>.</dd>`,
          );
        }
        parts.push('</dl>');
      }
    }
    parts.push('</details>');
  }
  return parts.join('\n');
}

/** Where the built package keeps locales/<lang>/catalog.json (beside the nodes). */
export const BUILT_LOCALES = path.join(__dirname, '..', 'locales');
