import path from 'node:path';
import type { Catalog } from '../../lib/catalog';
import { FAMILIES } from '../../lib/families';
import { EXAMPLES, SOURCE_WORDS } from '../../lib/vendors/help-texts';
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
    exampleIn: 'Example{what}: msg in',
    exampleWhat: ' ({what})',
    and: ', ',
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
    exampleIn: '示例{what}：输入 msg',
    exampleWhat: '（{what}）',
    and: '，',
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

/** A source line in `lang`: its fixed words translated where the language has them. */
export function sourceIn(text: string, lang: string): string {
  return (SOURCE_WORDS[lang] ?? []).reduce((t, [pattern, words]) => t.replace(pattern, words), readableSource(text));
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

export interface ExampleOptions {
  /** the systems' names in the help's language, by system id */
  systems?: Record<string, string>;
  /** the action labels of the help's language (family → action → text) */
  labels?: Record<string, Record<string, string>>;
}

/** The example block of a node's help (empty for a type without one), saying which system and action it shows. */
export function exampleHelp(type: string, lang: string, o: ExampleOptions = {}): string {
  const w = WORDS[lang] ?? WORDS['en-US'];
  const ex = EXAMPLES[type];
  if (!ex) return '';
  const family = type === 'smartlock-events' ? null : familyOf(type);
  const action = family && ex.operation ? (o.labels?.[family]?.[ex.operation] ?? FAMILIES[family].actions[ex.operation]) : undefined;
  const what = [o.systems?.[ex.system], action].filter(Boolean).join(w.and);
  const label = w.exampleIn.replace('{what}', what ? w.exampleWhat.replace('{what}', what) : '');
  const pre = (t: string): string => `<pre style="${PRE}">${esc(t)}</pre>`;
  // Labels as <div>, not <p>: the palette's tooltip shows the first paragraphs of the help.
  return [`<div><b>${esc(label)}</b>${ex.in ? '' : esc(w.noInput)}</div>`, ex.in ? pre(ex.in) : '', `<div><b>${esc(w.exampleOut)}</b></div>`, pre(ex.out)]
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
  /** the systems' names in `lang`, by catalog title */
  systems?: Record<string, string>;
  /** leave out the table of which system has which action (for a section added later) */
  sectionsOnly?: boolean;
}

/** The help's operation reference for one node, from the catalogs: who has what, then each operation's parameters. */
export function operationsHelp(type: string, catalogs: Catalog[], o: HelpOptions): string {
  const w = WORDS[o.lang] ?? WORDS['en-US'];
  const textIn = catalogTexts(o.localesDir, o.lang);
  const family = familyOf(type);
  const system = (c: Catalog): string => o.systems?.[c.title] || c.title;
  const label = (f: string, a: string): string => o.labels?.[f]?.[a] ?? (FAMILIES as Record<string, { actions: Record<string, string> }>)[f].actions[a];
  const parts: string[] = [];
  if (!o.sectionsOnly) parts.push(`<h4>${esc(w.operations)}</h4>`);
  if (family && !o.sectionsOnly) {
    parts.push(`<table style="${TABLE}"><tr><th>${esc(w.action)}</th>${catalogs.map((c) => `<th>${esc(system(c))}</th>`).join('')}</tr>`);
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
    parts.push(`<details style="${WRAP}"><summary>${esc(system(catalog))}</summary>`);
    for (const op of ops) {
      const name = family && op.action ? label(family, op.action) : op.name;
      const marks = [op.idempotent ? '' : w.neverResent, op.unverified ? w.unconfirmed : ''].filter(Boolean);
      parts.push(`<h5>${esc(name)} <code>${esc(op.name)}</code>${marks.length ? ` (${esc(marks.join('; '))})` : ''}</h5>`);
      if (op.unverified || /\{/.test(op.path)) parts.push(`<p><code>${esc(op.method)} ${esc(op.path)}</code></p>`);
      // The evidence's names (documents' own titles, pages, code, search terms) as written; its fixed words in the help's language.
      const source = sourceIn([op.source, op.unverified && `unverified: ${op.unverified}`].filter(Boolean).join('; '), o.lang);
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
