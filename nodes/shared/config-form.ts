import { TRANSPORT_LIMITS } from '../../lib/transport';
import type { FormRow, VendorModule } from '../../lib/vendor';

/**
 * A lock system's config node in the editor, generated from its module: the registration
 * (a literal `RED.nodes.registerType('<type>', {…})`, which Node-RED's scorecard reads), the
 * form and the help. The build writes it for the built-in systems with `data-i18n` texts; the
 * admin API answers it for a system added in the settings with the texts of the asked language.
 */
export interface Texts {
  /** an element's text (`<span>` content) */
  text(key: string): string;
  /** the attributes giving an element a placeholder text */
  placeholder(key: string): string;
  /** a select's option (which holds no elements) */
  option(value: string, key: string): string;
}

/** Text safe inside HTML and its attributes. */
export const esc = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
const js = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');
/** A node type as a literal the way every editor file writes it (types are `[a-z0-9-]`). */
const quoted = (type: string): string => `'${type.replace(/[^\w-]/g, '')}'`;

/** Texts looked up by Node-RED's i18n in the set's messages (`<type>.label.<name>`, …). */
export const i18nTexts: Texts = {
  text: (key) => `<span data-i18n="${esc(key)}"></span>`,
  placeholder: (key) => `data-i18n="[placeholder]${esc(key)}"`,
  option: (value, key) => `<option value="${esc(value)}" data-i18n="${esc(key)}"></option>`,
};

/** Texts written out from a vendor's messages (and the shared ones) in one language. */
export function literalTexts(messages: Record<string, unknown>): Texts {
  const find = (key: string): string => {
    const v = key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), messages);
    return typeof v === 'string' ? v : (key.split('.').pop() as string);
  };
  return {
    text: (key) => esc(find(key)),
    placeholder: (key) => `placeholder="${esc(find(key))}"`,
    option: (value, key) => `<option value="${esc(value)}">${esc(find(key))}</option>`,
  };
}

/** The shared transport fields, their defaults and the ranges lib/transport.ts clamps to (timeout in seconds). */
export const TRANSPORT_FIELDS = [
  {
    name: 'timeout',
    value: 10,
    range: [TRANSPORT_LIMITS.timeoutMs[0] / 1000, TRANSPORT_LIMITS.timeoutMs[1] / 1000, false],
    icon: 'hourglass-half',
    unit: 'seconds',
  },
  { name: 'maxConcurrent', value: 4, range: [...TRANSPORT_LIMITS.maxConcurrent, true], icon: 'random' },
  { name: 'ratePerSecond', value: 0, range: [...TRANSPORT_LIMITS.ratePerSecond, false], icon: 'tachometer', unit: 'perSecond' },
  { name: 'maxQueue', value: 500, range: [...TRANSPORT_LIMITS.maxQueue, true], icon: 'list' },
] as const;

function row(type: string, r: FormRow, t: Texts): string {
  const id = `node-config-input-${r.name}`;
  if (r.tip) return `<div class="form-tips">${t.text(`${type}.tip.${r.name}`)}</div>`;
  const label = r.label !== undefined ? esc(r.label) : t.text(`${type}.label.${r.name}`);
  const icon = r.icon ? `<i class="fa fa-${esc(r.icon)}"></i> ` : '';
  const placeholder =
    r.placeholder === true ? ` ${t.placeholder(`${type}.placeholder.${r.name}`)}` : r.placeholder ? ` placeholder="${esc(r.placeholder)}"` : '';
  const attrs = 'class="form-row"';
  if (r.input === 'checkbox') {
    return `<div ${attrs}><label for="${id}" style="width:auto"><input type="checkbox" id="${id}" style="width:auto; margin:0 6px 0 0"> ${label}</label></div>`;
  }
  let input: string;
  if (r.input === 'select') {
    input = `<select id="${id}" style="width:70%">${(r.options ?? []).map((o) => t.option(o, `${type}.${r.name}.${o}`)).join('')}</select>`;
  } else {
    const kind = r.credential === 'password' ? 'password' : 'text';
    input = `<input type="${kind}" id="${id}"${r.input === 'json' ? ' style="width:70%"' : ''}${placeholder}>`;
  }
  return `<div ${attrs}><label for="${id}">${icon}${label}</label> ${input}</div>`;
}

/** The config node's registration, form template and (optionally) help page. */
export function configNodeHtml(vendor: VendorModule, t: Texts, help?: string): string {
  const c = vendor.config;
  const type = c.type;
  // Settings the system does not use are not shown (nor saved): they would do nothing.
  const transport = TRANSPORT_FIELDS.filter((f) => !c.transport?.hide?.includes(f.name));
  const settings = c.form.filter((r) => !r.credential && !r.tip);
  const defaults = [
    "name: { value: '' }",
    "configVersion: { value: '' }",
    ...settings.map(
      (r) =>
        `${r.name}: { value: ${js(r.value ?? '')}${r.required ? ', required: true' : ''}${r.pattern || r.required ? `, validate: SmartLock.settingCheck(${quoted(type)}, ${js(r.name)})` : ''} }`,
    ),
    ...transport.map((f) => {
      const value = f.name === 'ratePerSecond' ? (c.transport?.ratePerSecond ?? f.value) : f.value;
      return `${f.name}: { value: ${js(value)}, validate: SmartLock.range(${f.range.join(', ')}) }`;
    }),
  ];
  const credentials = c.form
    .filter((r) => r.credential)
    .map(
      (r) => `${r.name}: { type: ${js(r.credential)}${r.pattern || r.required ? `, validate: SmartLock.settingCheck(${quoted(type)}, ${js(r.name)})` : ''} }`,
    );
  const form = [
    `<div class="form-row"><label for="node-config-input-name"><i class="fa fa-tag"></i> ${t.text('smartlock.label.name')}</label> <input type="text" id="node-config-input-name" ${t.placeholder('smartlock.label.name')}></div>`,
    ...c.form.map((r) => row(type, r, t)),
    ...transport.map(
      (f) =>
        `<div class="form-row"><label for="node-config-input-${f.name}"><i class="fa fa-${f.icon}"></i> ${t.text(`smartlock.label.${f.name}`)}</label> <input type="text" id="node-config-input-${f.name}" style="width:80px">${'unit' in f ? ` ${t.text(`smartlock.unit.${f.unit}`)}` : ''}</div>`,
    ),
  ];
  return `<script type="text/javascript">
    RED.nodes.registerType(${quoted(type)}, {
        category: 'config',
        paletteLabel: SmartLock.configPaletteLabel(${quoted(type)}, ${js(c.paletteLabel)}),
        defaults: {
            ${defaults.join(',\n            ')}
        },
        credentials: {
            ${credentials.join(',\n            ')}
        },
        label: SmartLock.configLabel(${quoted(type)}),
        oneditprepare: SmartLock.configPreparer(${quoted(type)})
    });
</script>
<script type="text/html" data-template-name="${esc(type)}">
    ${form.join('\n    ')}
</script>
${help === undefined ? '' : `<script type="text/html" data-help-name="${esc(type)}">\n${help.trim()}\n</script>\n`}`;
}
