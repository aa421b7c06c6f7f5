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

/**
 * The fixed words of a source line in another language: document titles, "section", "REST path",
 * "unverified" and the recurring phrases of the evidence notes. Operation and field names, REST
 * paths, page titles (the vendor's own, quoted), search terms, ids and URLs stay as written.
 * Applied in order, after readableSource.
 */
const SOURCE_WORDS: Record<string, Array<[RegExp, string]>> = {
  'zh-CN': [
    [/Hotel card-lock platform WebApi document/g, '酒店门锁平台 WebApi 文档'],
    [/Tuya OSaaS card-issue API document/g, '涂鸦 OSaaS 发卡 API 文档'],
    [/Tuya smart-lock actions document/g, '涂鸦智能门锁动作文档'],
    [/Alibaba Cloud IoT entrance QR code and card service document/g, '阿里云物联网平台门禁二维码与卡服务文档'],
    [/Alibaba Cloud IoT lock service document/g, '阿里云物联网平台门锁服务文档'],
    [/\bsection (\d+(?:\.\d+)*)/g, '第 $1 节'],
    [/ \(the name alone\)/g, '（仅名称）'],
    [/;\s*unverified: REST path: /g, '；REST 路径未经验证：'],
    [/;\s*REST path: /g, '；REST 路径：'],
    [/\bTuya page (\S+ id=\w+) \(untitled in the stored copy\)/g, '涂鸦页面 $1（存档副本无标题）'],
    [/; the type table: /g, '；类型表：'],
    [/; (\S+) for the table\)/g, '；类型表：$1)'],
    [/no public REST endpoint found/g, '未找到公开的 REST 接口'],
    [/no public REST endpoint for this action/g, '此动作没有公开的 REST 接口'],
    [/ \(nearest: (.+?), which does something else\)/g, '（最接近的是 $1，但功能不同）'],
    [/ \(searched: ([^)]*)\)/g, '（已搜索：$1）'],
    [/; searched Tuya's docs, pages and public code for the permission-sharing actions /g, '；已在涂鸦文档、页面与公开代码中搜索权限分享动作 '],
    [/; searched Tuya's docs and pages for (.+?) and the Bluetooth lock APIs/g, '；已在涂鸦文档与页面中搜索 $1 及蓝牙门锁接口'],
    [/; searched Tuya(?:'s)? docs and pages for /g, '；已在涂鸦文档与页面中搜索 '],
    [/; pages corpus likewise/g, '；页面库同样没有'],
    [/; pages: /g, '；页面：'],
    [/; none lock-specific/g, '；均非门锁专用'],
    [/ is GET (\S+) with another request and result shape/g, ' 为 GET $1，请求与结果的结构不同'],
    [
      / clears every one, valid ones too, and is never used; only Tuya's mini-app SDK has /g,
      ' 会清除全部临时密码（有效的也清除），本包从不使用；只有涂鸦小程序 SDK 有 ',
    ],
  ],
};

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

/**
 * One example per node type: a msg in (the node's fields left empty) and the msg out, each a
 * `msg.<property> = <JSON>` line; "…" stands for a value that differs every time (an id, a time).
 * `system` and `operation` say where the example comes from: test/help-examples.test.js sends
 * `in` through that node against the system's simulator and checks the real msg has every key
 * `out` shows, with the same JSON type.
 */
export interface HelpExample {
  system: 'hotel' | 'tuya' | 'aliyun' | 'ttlock';
  /** the node's operation (its family action; the api node's operation comes in the msg) */
  operation: string;
  in?: string;
  out: string;
}

export const EXAMPLES: Record<string, HelpExample> = {
  'smartlock-api': {
    system: 'hotel',
    operation: '',
    in: 'msg.operation = "GetRoomList"\nmsg.payload = {}',
    out: 'msg.payload = {"rooms": [{"roomId": "775032240849920", "name": "1-101"}],\n  "total": 1, "hasMore": false}',
  },
  'smartlock-card': {
    system: 'hotel',
    operation: 'issue',
    in: 'msg.payload = {"roomId": "775032240849920",\n  "validFrom": "2026-12-20T14:00:00+08:00",\n  "validUntil": "2026-12-22T12:00:00+08:00"}',
    out: 'msg.payload = {"cardId": "…", "roomId": "775032240849920",\n  "validFrom": "…", "validUntil": "…"}',
  },
  'smartlock-password': {
    system: 'hotel',
    operation: 'offline',
    in: 'msg.payload = {"roomId": "775032240849920",\n  "validUntil": "2026-12-22T12:00:00+08:00"}',
    out: 'msg.payload = {"passwordId": "…", "password": "48120365",\n  "validUntil": "2026-12-22T12:00:00+08:00"}',
  },
  'smartlock-remote-open': {
    system: 'hotel',
    operation: 'open',
    in: 'msg.payload = {"roomId": "775032240849920"}',
    out: 'msg.payload = {"roomId": "775032240849920",\n  "battery": 90, "lockTime": "…"}',
  },
  'smartlock-face': {
    system: 'hotel',
    operation: 'upload',
    in: 'msg.payload = {"roomId": "775032240849920", "slot": 1,\n  "image": <JPEG Buffer>,\n  "validFrom": "2026-12-20T14:00:00+08:00",\n  "validUntil": "2026-12-22T12:00:00+08:00"}',
    out: 'msg.payload = {"slot": 1, "validFrom": "…", "validUntil": "…", "battery": 90}',
  },
  'smartlock-fingerprint': {
    system: 'hotel',
    operation: 'upload',
    in: 'msg.payload = {"roomId": "775032240849920", "slot": 1,\n  "template": "ab-cd-ef-ee-ff",\n  "validFrom": "2026-12-20T14:00:00+08:00",\n  "validUntil": "2026-12-22T12:00:00+08:00"}',
    out: 'msg.payload = {"slot": 1, "validFrom": "…", "validUntil": "…", "battery": 90}',
  },
  'smartlock-keep-open': {
    system: 'aliyun',
    operation: 'get',
    in: 'msg.payload = {"deviceId": "lock-1"}',
    out: 'msg.payload = {"deviceId": "lock-1", "keepOpen": false}',
  },
  'smartlock-logs': {
    system: 'tuya',
    operation: 'query',
    in: 'msg.payload = {"deviceId": "lock-wifi-1",\n  "since": "2026-12-01T00:00:00Z"}',
    out: 'msg.payload = {"records": [{"recordId": "…",\n  "time": "2026-12-20T14:00:00+08:00", "timeMs": 1797746400000,\n  "userId": "100", "user": "Owner",\n  "dps": [{"unlock_fingerprint": "1"}]}], "total": 1, "hasMore": false}',
  },
  'smartlock-qrcode': {
    system: 'aliyun',
    operation: 'generate',
    in: 'msg.payload = {"personId": "visitor-1"}',
    out: 'msg.payload = {"qrCode": "…", "personId": "visitor-1",\n  "qrImage": "data:image/png;base64,…"}',
  },
  'smartlock-users': {
    system: 'hotel',
    operation: 'rooms',
    in: 'msg.payload = {}',
    out: 'msg.payload = {"rooms": [{"roomId": "775032240849920",\n  "name": "1-101"}], "total": 1, "hasMore": false}',
  },
  'smartlock-device': {
    system: 'tuya',
    operation: 'status',
    in: 'msg.payload = {"deviceId": "lock-wifi-1"}',
    out: 'msg.payload = {"state": {"residual_electricity": 90,\n  "closed_opened": "closed"},\n  "status": [{"code": "residual_electricity", "value": 90},\n  {"code": "closed_opened", "value": "closed"}]}',
  },
  'smartlock-events': {
    system: 'tuya',
    operation: 'query',
    out: 'msg.topic = "lock-wifi-1/unlock"\nmsg.payload = {"deviceId": "lock-wifi-1",\n  "time": "2026-12-20T14:00:00+08:00", "timeMs": 1797746400000,\n  "kind": "unlock", "method": "unlock_fingerprint", "user": "1"}',
  },
};

export interface ExampleOptions {
  /** the systems' names in the help's language, by system id (hotel → Hotel card-lock platform) */
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
  /** the systems' names in `lang`, by catalog title (Hotel card-lock platform → 酒店门锁平台) */
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
