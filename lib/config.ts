import fs from 'node:fs';
import path from 'node:path';
import type { OperationOverride } from './catalog';
import { validation } from './errors';
import { checkTimeZone } from './time';
import type { TransportOptions } from './transport';
import type { FormRow, VendorTexts } from './vendor';

// What every vendor module does with a saved config node: read its settings, the shared
// transport fields, the overrides and the time zone, the same way for all.

/** A setting as text; empty when unset. */
export const text = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

const num = (value: unknown): number | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

/** The shared transport settings of a config node's form (timeout in seconds). */
export function transportOptions(settings: Record<string, unknown>): Omit<TransportOptions, 'baseURL'> {
  const timeout = num(settings.timeout);
  return {
    timeoutMs: timeout === undefined ? undefined : timeout * 1000,
    maxConcurrent: num(settings.maxConcurrent),
    ratePerSecond: num(settings.ratePerSecond),
    maxQueue: num(settings.maxQueue),
  };
}

/** A config's "overrides" JSON: {"operation": {"method", "path", "fixed", "wire", …}}. */
export function overridesFrom(value: unknown): Record<string, OperationOverride> | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw validation('overridesNotJson');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw validation('overridesNotObject');
  return parsed as Record<string, OperationOverride>;
}

/** The zone a config names, else the vendor's default (`host`: this machine's); unknown zones are refused. */
export function timeZoneOf(value: unknown, fallback: string): string {
  const given = text(value);
  const zone = given || (fallback === 'host' ? Intl.DateTimeFormat().resolvedOptions().timeZone : fallback);
  checkTimeZone(zone);
  return zone;
}

/**
 * A URL a config gives, refused when it holds a user name or password: nothing sends them from
 * there, and the URL is shown to whoever may read the flows.
 */
export function withoutCredentials(url: string, name: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.username || parsed.password) throw validation('urlCredentials', { name });
  return url;
}

/** A base URL: a region's, or the custom one when the region is `custom`; refused unless http(s). */
export function baseUrlOf(region: string, custom: unknown, known: Record<string, string>, missing: Parameters<typeof validation>[0]): string {
  const url = region === 'custom' ? text(custom) : known[region];
  if (!url || !/^https?:\/\/[^\s/]+/.test(url)) throw validation(missing);
  return withoutCredentials(url, 'baseUrl');
}

/** A push stream's URL: the config's `eventsUrl`, else its region's; refused unless of one of `schemes` (`wss?`, `amqps?`). */
export function eventsUrlOf(
  settings: Record<string, unknown>,
  region: string,
  known: Record<string, string>,
  schemes: string,
  missing: Parameters<typeof validation>[0] = 'noEventsUrl',
): string {
  const url = text(settings.eventsUrl) || known[region];
  if (!url || !new RegExp(`^${schemes}://\\S+$`).test(url)) throw validation(missing);
  return withoutCredentials(url, 'eventsUrl');
}

/** A cloud's form rows for where it is reached: a select of its regions (and `custom`), and the URL a custom one takes. */
export function regionRows(name: string, regions: Record<string, string>, first: string): FormRow[] {
  return [
    { name, value: first, input: 'select', icon: 'globe', options: [...Object.keys(regions), 'custom'] },
    { name: 'baseUrl', value: '', icon: 'link', label: 'URL', placeholder: regions[first], pattern: '^https?:\\/\\/[^\\s/]+', when: [name, 'custom'] },
  ];
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Cloud vendors get TLS; plain http is for a local simulator or test host, and said so. */
export function warnIfPlainHttp(warn: (message: string) => void, baseUrl: string): void {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return;
  }
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    warn(`${url.host} is reached over plain http: secrets and tokens travel unencrypted; use https`);
  }
}

/** A vendor folder's texts: `locales/<lang>.json` (the form's) and `locales/<lang>.html` (help). */
export function textsIn(dir: string): Record<string, VendorTexts> {
  const folder = path.join(dir, 'locales');
  const texts: Record<string, VendorTexts> = {};
  for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.json'))) {
    const lang = file.slice(0, -'.json'.length);
    const help = path.join(folder, `${lang}.html`);
    texts[lang] = { form: JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')), help: fs.existsSync(help) ? fs.readFileSync(help, 'utf8') : '' };
  }
  return texts;
}
