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
  },
  'zh-CN': {
    operations: '操作',
    action: '操作',
    neverResent: '绝不重发',
    unconfirmed: '未经验证：如与您的服务不符，请在配置的覆盖设置中更正',
    source: '来源',
    none: '无参数。',
    field: '厂商字段',
  },
};

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
  if (family && !o.sectionsOnly) {
    parts.push(`<h3>${esc(w.operations)}</h3>`);
    parts.push(`<table><tr><th>${esc(w.action)}</th>${catalogs.map((c) => `<th>${esc(c.title)}</th>`).join('')}</tr>`);
    for (const action of Object.keys(FAMILIES[family].actions)) {
      const cells = catalogs.map((c) => (c.operations.some((op) => op.family === family && op.action === action) ? '✓' : '-'));
      if (cells.every((c) => c === '-')) continue;
      parts.push(`<tr><td>${esc(label(family, action))}</td>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`);
    }
    parts.push('</table>');
  } else if (!o.sectionsOnly) {
    parts.push(`<h3>${esc(w.operations)}</h3>`);
  }
  for (const catalog of catalogs) {
    const ops = catalog.operations.filter((op) => (family ? op.family === family : type === 'smartlock-api'));
    if (ops.length === 0) continue;
    parts.push(`<h3>${esc(catalog.title)}</h3>`);
    for (const op of ops) {
      const name = family && op.action ? label(family, op.action) : op.name;
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
        parts.push(
          `<dt${cls}>${esc(p.name)} <span class="property-type">${esc(p.type)}</span></dt><dd>${esc(textIn('descriptions', p.description))}; ${esc(w.field)} <code>${esc(p.wire)}</code>.</dd>`,
        );
      }
      parts.push('</dl>');
    }
  }
  return parts.join('\n');
}

/** Where the built package keeps locales/<lang>/catalog.json (beside the nodes). */
export const BUILT_LOCALES = path.join(__dirname, '..', 'locales');
