/* Editor helpers shared by every smartlock node: the system and lock choice, the operation
 * select filtered by the system's catalog, one TypedInput per operation parameter, and the
 * config nodes' forms. Built by scripts/build.js into resources/smartlock-editor.js. */

type Red = import('@node-red/editor-client').RED;
declare const RED: Red;

/** What GET smartlock/catalog answers (nodes/shared/editor-api.ts). */
interface EditorCatalog {
  families: Record<string, { headline: string; actions: Record<string, string> }>;
  vendors: Record<string, VendorInfo>;
  configVersion: number;
  /** the `kind` values of an event (lib/events.ts EVENT_KINDS) */
  eventKinds?: string[];
  /** the `method` words of an event (lib/events.ts METHODS) */
  eventMethods?: string[];
}

interface VendorInfo {
  title: string;
  configType: string;
  /** how the system pushes, if it does (the events node's `push` source): a connection of the config, or a callback to Node-RED */
  push?: false | 'connection' | 'callback';
  /** id fields whose values the running config can list (GET smartlock/<config>/choices/<field>) */
  choices?: string[];
  /** what a stay's guest can get at its doors (the stay node's door rows), and whether codes sit in slots the node assigns */
  stays?: Array<{ grant: string; slots: boolean }>;
  config: { labelFrom: string[]; labelPrefix?: string; paletteLabel: string; form: FormRow[] };
  operations: EditorOperation[];
  /** a system added in Node-RED's settings: its config node's html and its help sections */
  added?: { html: string; help: Record<string, string> };
}

interface FormRow {
  name: string;
  credential?: 'text' | 'password';
  input?: string;
  placeholder?: string | true;
  pattern?: string;
  required?: boolean;
  when?: [string, string];
}

interface EditorOperation {
  name: string;
  title: string;
  family?: string;
  action?: string;
  notes?: string;
  params: Array<{ name: string; wire: string; type: string; required: boolean; description: string }>;
}

/** A TypedInput field as a node saves it. */
interface Field {
  v?: unknown;
  t?: string;
}

/** The node being edited, as much of it as these helpers touch. */
interface EditedNode {
  [property: string]: unknown;
  type: string;
  name?: string;
  vendor?: string;
  operation?: string;
  params?: Record<string, Field>;
  configVersion?: unknown;
  _def: { defaults: Record<string, unknown> };
  _?: (key: string, params?: Record<string, string>) => string;
}

interface SmartLockHelpers {
  [helper: string]: unknown;
}

(function () {
  const w = window as unknown as { SmartLock?: SmartLockHelpers };
  if (w.SmartLock) return;

  /**
   * The catalogs, loaded once before any node registers: the systems (their config node
   * types and forms), the node families and every operation. Synchronous because node
   * definitions name each system's config property when they register.
   */
  let loaded: EditorCatalog | undefined;
  $.ajax({
    url: 'smartlock/catalog',
    async: false,
    dataType: 'json',
    data: { lang: RED.i18n && RED.i18n.lang ? RED.i18n.lang() : 'en-US' },
    success: (data: EditorCatalog) => {
      loaded = data;
    },
    error: () => RED.notify('smartlock: cannot load the lock catalogs', 'error'),
  });
  const catalog: EditorCatalog = loaded ?? { families: {}, vendors: {}, configVersion: 0 };
  const VENDOR_ORDER = Object.keys(catalog.vendors);
  const TEXT_TYPES = ['str', 'num', 'msg', 'flow', 'global', 'env', 'json'];

  const vendorOfType = (configType: string): VendorInfo | undefined => VENDOR_ORDER.map((v) => catalog.vendors[v]).find((v) => v.configType === configType);
  const rowOf = (vendor: VendorInfo, name: string): FormRow | undefined => vendor.config.form.find((r) => r.name === name);
  const humanize = (action: string): string =>
    String(action)
      .replace(/([A-Z])/g, ' $1')
      .toLowerCase();

  /** A text of a node's message catalog in the editor's language, `fallback` where the catalog has none. */
  function inLanguage(node: EditedNode | undefined, key: string, fallback: string, params?: Record<string, string>): string {
    const text = node?._ ? node._(key, params) : key;
    return text && text !== key ? text : fallback;
  }

  /** The action's label in the editor's language (the node's messages), else English. */
  function actionLabel(family: string, action: string, node?: EditedNode): string {
    return inLanguage(node, `smartlock.actions.${family}.${action}`, catalog.families[family]?.actions[action] || humanize(action));
  }

  const headline = (family: string): string => catalog.families[family]?.headline ?? '';

  /** Node label: its name, else the chosen operation as the user knows it. */
  function label(node: EditedNode, family: string | null): string {
    if (node.name) return node.name;
    if (!family) return node.operation || 'lock api';
    return actionLabel(family, node.operation || headline(family) || '', node) || family;
  }

  const operationsFor = (vendor: string, family: string | null): EditorOperation[] =>
    (catalog.vendors[vendor]?.operations ?? []).filter((op) => (family ? op.family === family : true));

  /** The systems a node of `family` can use: registered, and offering the family (the events node: logs or a push stream). */
  const vendorsFor = (family: string | null): string[] =>
    VENDOR_ORDER.filter(
      (v) => RED.nodes.getType(catalog.vendors[v].configType) && (operationsFor(v, family).length > 0 || (family === 'logs' && catalog.vendors[v].push)),
    );

  /** The config nodes of a system, in the order the workspace holds them. */
  function configsOf(vendor: string): string[] {
    const ids: string[] = [];
    RED.nodes.eachConfig((c: object) => {
      const config = c as { id: string; type: string };
      if (config.type === catalog.vendors[vendor]?.configType) ids.push(config.id);
      return true;
    });
    return ids;
  }

  /** A system's name in the editor's language (smartlock.vendors.<title>), else its title. */
  const systemName = (node: EditedNode, vendor: string): string => {
    const title = catalog.vendors[vendor]?.title ?? vendor;
    return inLanguage(node, `smartlock.vendors.${title}`, title);
  };

  /** A message of the shared catalog (smartlock.*) in the editor's language, through a node's own catalog. */
  const say = (node: EditedNode, key: string, params: Record<string, string> = {}): string => inLanguage(node, `smartlock.${key}`, key, params);

  function typesFor(type: string): string[] {
    if (type === 'time') return TEXT_TYPES.concat(['date']);
    if (type === 'image') return ['msg', 'flow', 'global', 'str', 'env'];
    if (type === 'boolean') return ['bool', 'msg', 'flow', 'global', 'env'];
    return TEXT_TYPES;
  }

  /**
   * A field a new node starts with: empty, so the value comes from msg.payload. A yes/no field
   * has no empty `bool`, so it starts as msg.payload.<name>; "now" for a time is the `date`
   * type, chosen, never a default.
   */
  const emptyField = (p: { name: string; type: string }): Field => (p.type === 'boolean' ? { v: `payload.${p.name}`, t: 'msg' } : { v: '', t: 'str' });

  type Choice = { value: string; label: string };
  /** An id field's values from the deployed config, asked once per editor load: [{value, label}] ([] when it cannot list). */
  const choiceLists = new Map<string, JQuery.Promise<Choice[]>>();
  /** The lists that have arrived, read synchronously while typing. */
  const choicesLoaded = new Map<string, Choice[]>();
  function choicesFor(configId: string, param: string): JQuery.Promise<Choice[]> {
    const key = `${configId}/${param}`;
    let list = choiceLists.get(key);
    if (!list) {
      list = $.ajax({ url: `smartlock/${encodeURIComponent(configId)}/choices/${encodeURIComponent(param)}`, dataType: 'json', cache: false }).then(
        (items: Choice[]) => (Array.isArray(items) ? items : []),
        () => {
          choiceLists.delete(key); // the next dialog asks again (the runtime keeps a failure briefly)
          return $.Deferred<Choice[]>().resolve([]).promise();
        },
      );
      list.then((items) => choicesLoaded.set(key, items));
      choiceLists.set(key, list);
    }
    return list;
  }

  /**
   * An id field the config can list: typing offers the matching ids, by id or name
   * ("1-101 · 775032240849920"); any value can still be typed. The offers are computed
   * synchronously from the list fetched when the field was drawn, so the offer shown is always
   * the one for what is typed, and Enter takes it even before the menu has opened: a name is
   * never sent where an id belongs. `configOf` names the config the list comes from (the
   * dialog's lock select, or a stay door's own); '' offers nothing and asks for nothing. The
   * field is a TypedInput (its `str` type picks) or a plain input; `attach` answers a function
   * that fetches the list of the config chosen now.
   */
  function picker(param: string, configOf: () => string): { type: unknown; attach(input: JQuery): () => void } {
    const configId = (): string => {
      const id = String(configOf() || '');
      return id === '_ADD_' ? '' : id;
    };
    const offers = (typed: string): Choice[] => {
      const items = choicesLoaded.get(`${configId()}/${param}`) ?? [];
      const t = typed.trim().toLowerCase();
      if (!t || items.some((c) => c.value === typed.trim())) return t ? [] : items.slice(0, 50);
      return items.filter((c) => c.label.toLowerCase().includes(t)).slice(0, 50);
    };
    // One argument: Node-RED's autoComplete calls it synchronously on each keyup.
    const search = (typed: string): Choice[] => offers(String(typed));
    return {
      type: { value: 'str', label: 'string', icon: 'red/images/typedInput/az.svg', autoComplete: search },
      attach(input) {
        const typed = Boolean(input.data('nodered-typedInput'));
        const text = (): boolean => !typed || input.typedInput('type') === 'str';
        const shown = typed ? (input.typedInput('instance' as never) as unknown as { input: JQuery }).input : input;
        const complete = shown as JQuery & { autoComplete(o: unknown): void };
        // typedInput attaches a type's autoComplete when the type changes, not for the first one.
        if (text()) complete.autoComplete({ search, minLength: 0 });
        // After autoComplete's own Enter, which takes the menu's first offer when it is open.
        shown.on('keydown', (evt) => {
          if (evt.key !== 'Enter' || !text() || !shown.val()) return;
          const first = offers(String(shown.val()))[0];
          if (!first) return;
          shown.val(first.value).trigger('change');
          evt.preventDefault();
        });
        const load = (): void => {
          const id = configId();
          if (!id) return;
          // Typed before the list came: offer it now.
          choicesFor(id, param).then(() => {
            if (shown.is(':focus') && shown.val()) shown.trigger($.Event('keyup', { keyCode: 0 }));
          });
        };
        load();
        return load;
      },
    };
  }

  /** A parameter as people read it: its label (Valid from), and its description without the vendor's field name, which the tooltip keeps. */
  function described(node: EditedNode, p: EditorOperation['params'][number]): { label: string; help: string; tooltip: string } {
    const label = inLanguage(node, `smartlock.param.${p.name}`, humanize(p.name));
    const wire = p.wire.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const help = p.description.replace(new RegExp(`\\s*[(（]${wire}[)）]`, 'g'), '');
    const tooltip = [p.name, p.wire !== p.name ? say(node, 'field.wire', { wire: p.wire }) : '', p.type === 'time' ? say(node, 'field.now') : '']
      .filter(Boolean)
      .join(' · ');
    return { label, help, tooltip };
  }

  function renderParams(op: EditorOperation | undefined, state: Record<string, Field>, vendor: string, node: EditedNode): void {
    const box = $('#node-input-smartlock-params').empty();
    // The events node's form has no parameters (its poll sets them): nothing to build, and
    // widgets on inputs outside the page would throw.
    if (!op || box.length === 0) return;
    if (op.notes) $('<div class="form-tips smartlock-notes"></div>').text(op.notes).appendTo(box);
    for (const p of op.params) {
      const id = `node-input-smartlock-param-${p.name}`;
      const shown = described(node, p);
      const row = $('<div class="form-row"></div>').appendTo(box);
      $('<label></label>')
        .attr('for', id)
        .attr('title', shown.tooltip)
        .text(shown.label + (p.required ? ' *' : ''))
        .appendTo(row);
      const input = $('<input type="text" style="width:70%">').attr('id', id).attr('placeholder', `msg.payload.${p.name}`).appendTo(row);
      const types = typesFor(p.type);
      const saved = state[p.name];
      // A type this field does not offer (a yes/no field saved as `str` by 0.1.0) reads as a new field.
      const field = saved && typeof saved.t === 'string' && types.includes(saved.t) ? saved : emptyField(p);
      input.val(field.v == null ? '' : String(field.v));
      const pick = catalog.vendors[vendor]?.choices?.includes(p.name) ? picker(p.name, () => String($(`#node-input-${vendor}`).val() || '')) : undefined;
      input.typedInput({ default: field.t, types: (pick ? types.map((t) => (t === 'str' ? pick.type : t)) : types) as never });
      input.typedInput('type', field.t as never);
      pick?.attach(input);
      $('<div class="smartlock-param-help"></div>')
        .text(shown.help)
        .css({ margin: '3px 0 0 104px', fontSize: '0.9em', color: 'var(--red-ui-secondary-text-color, #888)' })
        .appendTo(row);
    }
  }

  /**
   * Upgrades a node saved by an older release when its dialog opens: the runtime's own
   * migration (POST smartlock/migrate), so editor and deploy agree. Fields already on the form
   * are refreshed; a node from a newer release is left alone and said so.
   */
  function migrate(node: EditedNode): JQuery.Promise<EditedNode> {
    if (Number(node.configVersion) === catalog.configVersion) return $.Deferred<EditedNode>().resolve(node).promise();
    const config: Record<string, unknown> = {};
    for (const d of Object.keys(node._def.defaults)) config[d] = node[d];
    return $.ajax({ url: 'smartlock/migrate', method: 'POST', contentType: 'application/json', data: JSON.stringify({ type: node.type, config }) }).then(
      (answer: { config: Record<string, unknown>; version: number }) => {
        for (const d of Object.keys(answer.config)) {
          if (!Object.prototype.hasOwnProperty.call(node._def.defaults, d) || JSON.stringify(node[d]) === JSON.stringify(answer.config[d])) continue;
          node[d] = answer.config[d];
          $(`#node-input-${d}, #node-config-input-${d}`)
            .not('[type=checkbox]')
            .val(node[d] as string);
        }
        node.configVersion = answer.version;
        return node;
      },
      (xhr: JQuery.jqXHR) => {
        RED.notify((xhr.responseJSON && xhr.responseJSON.message) || 'smartlock: cannot upgrade this node', 'error');
        return $.Deferred<EditedNode>().resolve(node).promise();
      },
    );
  }

  /**
   * onpaletteadd of the action nodes: each system's lock row goes into the form (Node-RED
   * binds a config select to it before oneditprepare runs), and the operations of a system
   * added in the settings into the help.
   */
  function paletteAdd(this: { type: string }): void {
    const type = this.type;
    const template = $(`script[data-template-name="${type}"]`);
    const marker = "<!-- each system's lock row: added by the editor script from the catalog -->";
    const rows = VENDOR_ORDER.map(
      (v) =>
        `<div class="form-row smartlock-lock-row" data-vendor="${v}">` +
        `<label for="node-input-${v}"><i class="fa fa-lock"></i> <span data-i18n="smartlock.label.lock"></span></label>` +
        `<input type="text" id="node-input-${v}"></div>`,
    ).join('\n');
    if (template.length && template.html().includes(marker)) template.html(template.html().replace(marker, rows));
    const help = $(`script[data-help-name="${type}"]`);
    for (const v of VENDOR_ORDER) {
      const section = catalog.vendors[v].added?.help[type];
      if (help.length && section && !help.html().includes(section)) help.html(help.html() + section);
    }
  }

  /** A config node setting's check, from its system's form: required, a pattern, only while shown; the reason is shown under it. */
  function settingCheck(configType: string, name: string) {
    // Two parameters: Node-RED then shows a string answer as the reason.
    return function (this: EditedNode, value: unknown, _opt?: unknown): boolean | string {
      const vendor = vendorOfType(configType);
      const row = vendor && rowOf(vendor, name);
      if (!row) return true;
      if (row.when && this[row.when[0]] !== row.when[1]) return true;
      const text = value === undefined || value === null ? '' : String(value);
      // A saved password credential comes back to the editor as this marker, never its value.
      if (row.credential === 'password' && text === '__PWRD__') return true;
      if (row.required && text.trim() === '') return say(this, 'invalid.required');
      // user:password@ would be shown with the flows and never sent: the runtime refuses it too (lib/config.ts).
      if (row.pattern && /^[a-z][\w+.-]*:\/\/[^/?#\s]*@/i.test(text)) return say(this, 'invalid.urlCredentials');
      if (!row.pattern || new RegExp(row.pattern).test(text)) return true;
      // The system's own reason for the field where it has one (`invalid.<name>` in its texts).
      const own = inLanguage(this, `${configType}.invalid.${name}`, '');
      if (own) return own;
      // The example: the placeholder where it is a URL, else the scheme the pattern asks for (wss://…).
      const scheme = /\^(\w+?)s\?:(?:\\\/\\\/|\/\/)/.exec(row.pattern)?.[1];
      const like = typeof row.placeholder === 'string' ? row.placeholder : scheme ? `${scheme}://…` : row.pattern;
      return say(this, 'invalid.pattern', { example: like });
    };
  }

  const shown = (node: EditedNode, row: FormRow): boolean => !row.when || node[row.when[0]] === row.when[1];

  /** A config node's label: its name, else its system's prefix and the first shown setting that is set. */
  function configLabel(configType: string) {
    return function (this: EditedNode): string {
      const vendor = vendorOfType(configType);
      if (this.name || !vendor) return this.name || configType;
      const c = vendor.config;
      const value = c.labelFrom.map((name) => rowOf(vendor, name)).find((row) => row && shown(this, row) && this[row.name]);
      return [c.labelPrefix, value ? String(this[value.name]) : ''].filter(Boolean).join(' ') || c.paletteLabel;
    };
  }

  /** oneditprepare of a config node: rows shown by another setting, JSON editors, a zone list. */
  function configPreparer(configType: string) {
    return function (this: EditedNode): void {
      void migrate(this);
      const vendor = vendorOfType(configType);
      if (!vendor) return;
      for (const row of vendor.config.form) {
        const input = $(`#node-config-input-${row.name}`);
        if (row.input === 'json') input.typedInput({ default: 'json', types: ['json'] });
        if (row.input === 'zone') {
          const id = `smartlock-zones-${row.name}`;
          const list = $('<datalist></datalist>').attr('id', id).insertAfter(input);
          for (const z of Intl.supportedValuesOf?.('timeZone') ?? []) $('<option></option>').val(z).appendTo(list);
          input.attr('list', id);
        }
        const when = row.when;
        if (when) {
          $(`#node-config-input-${when[0]}`)
            .on('change', function () {
              input.closest('.form-row').toggle($(this).val() === when[1]);
            })
            .trigger('change');
        }
      }
    };
  }

  function saveState(state: Record<string, Field>): Record<string, Field> {
    $('#node-input-smartlock-params input[id^="node-input-smartlock-param-"]').each(function () {
      const name = this.id.replace('node-input-smartlock-param-', '');
      state[name] = { v: $(this).typedInput('value'), t: $(this).typedInput('type') };
    });
    return state;
  }

  /** oneditprepare: wires the system/lock rows, the operation select and the parameters. */
  function prepare(node: EditedNode, family: string | null): JQuery.Promise<void> {
    return migrate(node).then(() => {
      const state: Record<string, Field> = $.extend(true, {}, node.params || {});
      const vendors = vendorsFor(family);
      const vendorSelect = $('#node-input-vendor').empty();
      for (const v of vendors) $('<option></option>').val(v).text(systemName(node, v)).appendTo(vendorSelect);
      if (vendors.indexOf(node.vendor ?? '') < 0 && vendors.length) node.vendor = vendors[0];
      vendorSelect.val(node.vendor ?? '');
      vendorSelect.closest('.form-row').toggle(vendors.length > 1);

      const opSelect = $('#node-input-operation');
      const currentOp = (): EditorOperation | undefined => {
        const value = opSelect.val();
        return operationsFor(String(vendorSelect.val()), family).find((op) => (family ? op.action === value : op.name === value));
      };
      const fillOperations = (): void => {
        const chosen = String(opSelect.val() || node.operation || (family ? headline(family) : ''));
        opSelect.empty();
        for (const op of operationsFor(String(vendorSelect.val()), family)) {
          const value = family ? (op.action ?? '') : op.name;
          const text = family ? actionLabel(family, op.action ?? '', node) : `${op.name} — ${op.title}`;
          $('<option></option>').val(value).text(text).appendTo(opSelect);
        }
        if (
          opSelect.find('option').filter(function () {
            return (this as HTMLOptionElement).value === chosen;
          }).length
        )
          opSelect.val(chosen);
        else opSelect.prop('selectedIndex', 0);
        renderParams(currentOp(), state, String(vendorSelect.val()), node);
      };
      const showLockRow = (): void => {
        $('.smartlock-lock-row').hide();
        $(`.smartlock-lock-row[data-vendor="${String(vendorSelect.val())}"]`).show();
      };
      vendorSelect.on('change', () => {
        // Another system chosen in the dialog: its first configuration, as a node dropped for it gets (adopt).
        const vendor = String(vendorSelect.val());
        const lock = $(`#node-input-${vendor}`);
        const first = configsOf(vendor)[0];
        if (first && (!lock.val() || lock.val() === '_ADD_')) lock.val(first).trigger('change'); // '_ADD_': Node-RED's "add new…"
        showLockRow();
        fillOperations();
      });
      opSelect.on('change', () => {
        saveState(state);
        renderParams(currentOp(), state, String(vendorSelect.val()), node);
      });
      showLockRow();
      fillOperations();
    });
  }

  /** oneditprepare of the events node: the lock rows, then push or poll as the chosen system offers. */
  function prepareEvents(node: EditedNode): JQuery.Promise<void> {
    return prepare(node, 'logs').then(() => {
      // The kinds and methods to pass on, chosen from a list (none chosen: every one). The picker
      // names them, where Node-RED's would read "0 selected" for the default, every one.
      // (Node-RED passes the chosen options, or their values when it fills in a default.)
      const picker = (field: 'kinds' | 'methods', values: string[] | undefined, none: string): void => {
        const label = (to: JQuery, chosen: Array<string | { value: string }>): void => {
          const names = chosen.map((o) => (typeof o === 'string' ? o : o.value));
          to.text(names.length ? names.join(', ') : inLanguage(node, `smartlock-events.placeholder.${field}`, none));
        };
        $(`#node-input-${field}`).typedInput({
          types: [{ value: field, multiple: true, options: (values ?? []).map((k) => ({ value: k, label: k })), valueLabel: label }] as never,
        });
      };
      picker('kinds', catalog.eventKinds, 'every kind');
      picker('methods', catalog.eventMethods, 'every method');
      const vendorSelect = $('#node-input-vendor');
      const source = $('#node-input-source');
      const sync = (): void => {
        const push = Boolean(catalog.vendors[String(vendorSelect.val())]?.push);
        source.find('option[value="push"]').prop('disabled', !push);
        // A node without a source (made by hand) reads as the runtime does: push where there is one.
        if (!push || !source.val()) source.val(push ? 'push' : 'poll');
        const polling = source.val() === 'poll';
        $('.smartlock-poll-row').toggle(polling);
        // What push means differs: a connection the config holds, or a URL the system's cloud calls.
        const vendor = String(vendorSelect.val());
        const by = catalog.vendors[vendor]?.push || 'connection';
        $('.smartlock-push-tip').hide().filter(`[data-push-by="${by}"]`).toggle(!polling);
        const url = $('.smartlock-push-tip[data-push-by="callback"]');
        url.text(inLanguage(node, 'smartlock-events.tip.pushCallback', url.text(), { system: vendor }));
        // A push stream is the config's, not a log query's: no operation to choose.
        $('#node-input-operation').closest('.form-row').toggle(polling);
        // Devices are needed to poll only: checked again against the source now shown.
        $('#node-input-devices').trigger('change');
      };
      vendorSelect.on('change', sync);
      source.on('change', sync);
      sync();
    });
  }

  /**
   * onadd: a node dropped from the palette takes a system that offers its family and has a
   * config, and that system's first config, so it works without opening its dialog.
   */
  function adopt(node: EditedNode, family: string | null): void {
    if (node.vendor && node[node.vendor]) return; // pasted or imported with its config
    const offered = vendorsFor(family);
    const has = (v: string): boolean => configsOf(v).length > 0;
    if (!offered.includes(node.vendor ?? '') || !has(node.vendor ?? '')) node.vendor = offered.find(has) ?? offered[0] ?? node.vendor;
    const vendor = node.vendor ?? '';
    if (!node[vendor]) node[vendor] = configsOf(vendor)[0] ?? '';
  }

  /** The node definition's defaults: name, system, a config per system, operation and fields. */
  function defaults(headlineAction: string): Record<string, unknown> {
    const d: Record<string, unknown> = {
      name: { value: '' },
      vendor: {
        value: VENDOR_ORDER[0],
        // The config selects are Node-RED's (it checks only that a chosen config exists): the
        // missing one is said here, where the node is flagged.
        // Two parameters: Node-RED then takes a string answer as the reason it shows.
        validate(this: EditedNode, v: string, _opt?: unknown): boolean | string {
          // The dialog checks its select before filling it: the node's own system stands until then.
          const system = v || this.vendor || '';
          if (!catalog.vendors[system]) return say(this, 'invalid.noSystem', { system });
          // In the dialog, the lock chosen there (saved only on Done) counts, as the system chosen there does.
          const chosen = dialogValue(this, system);
          const lock = chosen === '_ADD_' ? '' : chosen || this[system];
          return lock ? true : say(this, 'invalid.noLock', { system: systemName(this, system) });
        },
      },
    };
    for (const v of VENDOR_ORDER) {
      d[v] = {
        value: '',
        type: catalog.vendors[v].configType,
        required: false,
        validate(this: EditedNode, id: string) {
          return this.vendor !== v || !!id;
        },
      };
    }
    d.operation = { value: headlineAction };
    d.params = { value: {} };
    d.configVersion = { value: '' }; // set when the dialog saves; '' reads as the 0.1.0 shape
    return d;
  }

  /** The value of `field` the user sees: the open dialog's while `node` is the one being edited, else the saved one. */
  function dialogValue(node: EditedNode, field: string): unknown {
    const stack = (RED.editor as unknown as { getEditStack?: () => unknown[] }).getEditStack?.() ?? [];
    const input = $(`#node-input-${field}`);
    return stack[stack.length - 1] === node && input.length ? input.val() : node[field];
  }

  /**
   * The events node's Devices: required to poll; with push none means every lock. The Source shown
   * in the open dialog counts, not the saved one (which a node imported without it lacks).
   */
  function eventsDevices(this: EditedNode, v: string, _opt?: unknown): boolean | string {
    return String(v ?? '').trim() !== '' || dialogValue(this, 'source') === 'push' || say(this, 'invalid.devicesToPoll');
  }

  /**
   * A `validate` for a number field: empty (the runtime's default) or a number from min to max,
   * a whole one when `whole`. The config nodes' limits use lib/transport.ts TRANSPORT_LIMITS.
   */
  function range(min: number, max: number, whole?: boolean) {
    return (v: unknown): boolean => {
      if (v === undefined || v === null || String(v).trim() === '') return true;
      const n = Number(v);
      return isFinite(n) && n >= min && n <= max && (!whole || Math.floor(n) === n);
    };
  }

  /** A stay node's door as its dialog saves it. */
  interface StayDoor {
    name: string;
    config: string;
    lockId: string;
    grant: string;
    checkIn: string;
    checkOut: string;
    buffer: number;
    /** `from-to`: the slots a stay may take, where the system's codes sit in slots */
    slots?: string;
  }
  /** The systems that keep a stay's credential (the runtime says which, per system: lib/stays/grants.ts). */
  const stayVendors = (): string[] => VENDOR_ORDER.filter((v) => RED.nodes.getType(catalog.vendors[v].configType) && catalog.vendors[v].stays?.length);
  /** What a guest can get at a door of this configuration's system. */
  const stayWays = (configId: string): Array<{ grant: string; slots: boolean }> => {
    const config = RED.nodes.node(configId) as unknown as { type?: string } | null;
    return (config?.type && vendorOfType(config.type)?.stays) || [];
  };
  /** The lock configurations a door can use, labelled as Node-RED labels them, with their system. */
  function stayConfigs(node: EditedNode): Array<{ id: string; label: string }> {
    const out: Array<{ id: string; label: string }> = [];
    for (const v of stayVendors())
      for (const id of configsOf(v)) {
        const c = RED.nodes.node(id) as unknown as EditedNode & { _def: { label?: unknown } };
        const own = typeof c._def.label === 'function' ? String((c._def.label as () => string).call(c)) : id;
        out.push({ id, label: `${own} · ${systemName(node, v)}` });
      }
    return out;
  }
  /** The field a stay door's lock id goes to: the id of the lock a code is created on. */
  const STAY_LOCK = 'deviceId';
  /** The system of a configuration (its id), '' for none. */
  const stayVendorOf = (configId: string): string => {
    const type = (RED.nodes.node(configId) as unknown as { type?: string } | null)?.type;
    return VENDOR_ORDER.find((v) => catalog.vendors[v].configType === type) ?? '';
  };
  /** A system's lock id field as its create-a-code operation describes it. */
  const stayLockParam = (vendor: string): EditorOperation['params'][number] | undefined =>
    operationsFor(vendor, 'password')
      .find((op) => op.action === 'create')
      ?.params.find((p) => p.name === STAY_LOCK);
  const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
  /** A stay node is valid with at least one door, each named once, with a configuration, a lock and its times. */
  function stayDoorsValid(doors: unknown, _opt?: unknown): boolean | string {
    const list = Array.isArray(doors) ? (doors as StayDoor[]) : [];
    if (!list.length) return 'add a door';
    const names = new Set<string>();
    for (const d of list) {
      if (!d.name || names.has(d.name)) return `door names must be set and differ (${d.name || 'empty'})`;
      names.add(d.name);
      if (!d.config || !RED.nodes.node(d.config)) return `door "${d.name}": choose its lock configuration`;
      if (!String(d.lockId ?? '').trim()) return `door "${d.name}": enter its lock's id`;
      if (!CLOCK.test(d.checkIn) || !CLOCK.test(d.checkOut)) return `door "${d.name}": check-in and check-out as HH:mm`;
    }
    return true;
  }
  /** oneditprepare of the stay node: its doors as an editable list, one row per door. */
  function prepareStay(node: EditedNode): void {
    const configs = stayConfigs(node);
    /** The row's texts in the editor's language (smartlock-stay.door.*). */
    const words = (key: string, english: string): string => inLanguage(node, `smartlock-stay.door.${key}`, english);
    const text = (cls: string, value: string, placeholder: string, width: string): JQuery =>
      $('<input type="text">').addClass(cls).val(value).attr('placeholder', placeholder).css({ width, marginRight: '4px' });
    $('#node-input-doors-container')
      .css({ minHeight: '150px', minWidth: '560px' })
      .editableList({
        addItem(row: JQuery, _index: number, door: Partial<StayDoor>) {
          // The door and its configuration; its lock id with the hint beside it; what a guest gets and when.
          const line1 = $('<div></div>').appendTo(row);
          text('smartlock-door-name', door.name ?? '', words('name', 'door name'), '30%').appendTo(line1);
          const select = $('<select class="smartlock-door-config"></select>').css({ width: 'calc(70% - 8px)' }).appendTo(line1);
          for (const c of configs) $('<option></option>').val(c.id).text(c.label).appendTo(select);
          if (!configs.length)
            $('<option value=""></option>').text(words('noConfig', 'first add a configuration of a system that keeps codes')).appendTo(select);
          select.val(door.config ?? configs[0]?.id ?? '');
          const lockLine = $('<div></div>').css({ marginTop: '4px' }).appendTo(row);
          const lock = text('smartlock-door-lock', door.lockId ?? '', words('lockId', 'lock id'), '30%').appendTo(lockLine);
          const hint = $('<span class="smartlock-param-help smartlock-door-hint"></span>')
            // beside the lock id, wrapping in its own column
            .css({
              display: 'inline-block',
              maxWidth: 'calc(70% - 8px)',
              verticalAlign: 'middle',
              fontSize: '0.9em',
              color: 'var(--red-ui-secondary-text-color, #888)',
            })
            .appendTo(lockLine);
          // The lock id picks from the row's configuration where its system lists its locks (none asked otherwise).
          const listed = (): string => {
            const id = String(select.val() || '');
            return catalog.vendors[stayVendorOf(id)]?.choices?.includes(STAY_LOCK) ? id : '';
          };
          const reload = picker(STAY_LOCK, listed).attach(lock);
          // The hint and tooltip the other nodes show under their lock field, for the row's system.
          const describe = (): void => {
            const p = stayLockParam(stayVendorOf(String(select.val() || '')));
            const shown = p && described(node, p);
            hint.text(shown ? shown.help : '');
            lock.attr('title', shown ? shown.tooltip : '');
          };
          select.on('change', () => {
            reload();
            describe();
          });
          describe();
          const line2 = $('<div></div>').css({ marginTop: '4px' }).appendTo(row);
          const grant = $('<select class="smartlock-door-grant"></select>').css({ width: '24%', marginRight: '4px' }).appendTo(line2);
          const slots = text('smartlock-door-slots', door.slots ?? '1-20', words('slots', 'slots'), '60px').attr(
            'title',
            words('slotsTip', 'the numbered slots stays may use at this lock'),
          );
          /** The grants the chosen configuration's system offers; slots where its codes sit in slots. */
          const offer = (): void => {
            const ways = stayWays(String(select.val() ?? ''));
            const chosen = String(grant.val() ?? door.grant ?? 'code');
            grant.empty();
            for (const w of ways) $('<option></option>').val(w.grant).text(words(w.grant, w.grant)).appendTo(grant);
            grant.val(ways.some((w) => w.grant === chosen) ? chosen : (ways[0]?.grant ?? 'code'));
            slots.toggle(ways.some((w) => w.grant === grant.val() && w.slots));
          };
          select.on('change', offer);
          grant.on('change', offer);
          offer();
          $('<span></span>')
            .text(`${words('checkIn', 'in')} `)
            .appendTo(line2);
          text('smartlock-door-in', door.checkIn ?? '15:00', words('clock', 'HH:mm'), '60px').appendTo(line2);
          $('<span></span>')
            .text(` ${words('checkOut', 'out')} `)
            .appendTo(line2);
          text('smartlock-door-out', door.checkOut ?? '11:00', words('clock', 'HH:mm'), '60px').appendTo(line2);
          $('<span></span>')
            .text(` ${words('buffer', 'buffer')} `)
            .appendTo(line2);
          text('smartlock-door-buffer', String(door.buffer ?? 30), words('minutes', 'min'), '50px').appendTo(line2);
          $('<span></span>')
            .text(` ${words('minutes', 'min')} `)
            .appendTo(line2);
          slots.appendTo(line2);
        },
        removable: true,
        sortable: true,
      } as never);
    const doors = Array.isArray(node.doors) ? (node.doors as StayDoor[]) : [];
    for (const d of doors) $('#node-input-doors-container').editableList('addItem', d as never);
    prepareStaff(node, words);
  }

  /** Staff on a weekly schedule (a cleaner every Tuesday 10:00-12:00): weekday toggles and the browser's own time and date pickers. */
  interface StaffRow {
    name: string;
    days: number[];
    from: string;
    until: string;
    since: string;
    till: string;
  }
  const WEEK = [1, 2, 3, 4, 5, 6, 0]; // Monday first, as a week reads; 0 is Sunday
  const isoDay = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  function prepareStaff(node: EditedNode, words: (key: string, english: string) => string): void {
    const names = words('weekdays', 'Mo,Tu,We,Th,Fr,Sa,Su').split(',');
    $('#node-input-staff-container')
      .css({ minHeight: '60px', minWidth: '560px' })
      .editableList({
        addItem(row: JQuery, _index: number, staff: Partial<StaffRow>) {
          const line1 = $('<div></div>').appendTo(row);
          $('<input type="text" class="smartlock-staff-name">')
            .val(staff.name ?? '')
            .attr('placeholder', words('staffName', 'name'))
            .css({ width: '30%', marginRight: '8px' })
            .appendTo(line1);
          WEEK.forEach((day, i) => {
            const label = $('<label></label>').css({ width: 'auto', marginRight: '6px' }).appendTo(line1);
            $('<input type="checkbox" class="smartlock-staff-day">')
              .attr('data-day', day)
              .prop('checked', (staff.days ?? []).includes(day))
              .css({ width: 'auto', margin: '0 2px 0 0' })
              .appendTo(label);
            $('<span></span>')
              .text(names[i] ?? String(day))
              .appendTo(label);
          });
          const line2 = $('<div></div>').css({ marginTop: '4px' }).appendTo(row);
          const field = (cls: string, type: string, value: string, width: string): JQuery =>
            $(`<input type="${type}">`).addClass(cls).val(value).css({ width, marginRight: '4px' }).appendTo(line2);
          field('smartlock-staff-from', 'time', staff.from ?? '10:00', '110px');
          $('<span></span>').text('– ').appendTo(line2);
          field('smartlock-staff-until', 'time', staff.until ?? '12:00', '110px');
          $('<span></span>')
            .text(` ${words('staffDates', 'from – until')} `)
            .appendTo(line2);
          const today = new Date();
          field('smartlock-staff-since', 'date', staff.since ?? isoDay(today), '150px');
          field('smartlock-staff-till', 'date', staff.till ?? isoDay(new Date(today.getFullYear() + 1, today.getMonth(), today.getDate())), '150px');
        },
        removable: true,
        sortable: false,
      } as never);
    const staff = Array.isArray(node.staff) ? (node.staff as StaffRow[]) : [];
    for (const st of staff) $('#node-input-staff-container').editableList('addItem', st as never);
  }
  function saveStaff(node: EditedNode): void {
    const staff: StaffRow[] = [];
    ($('#node-input-staff-container').editableList('items') as unknown as JQuery).each(function () {
      const row = $(this);
      staff.push({
        name: String(row.find('.smartlock-staff-name').val() ?? '').trim(),
        days: row
          .find('.smartlock-staff-day:checked')
          .map((_i, el) => Number($(el).attr('data-day')))
          .get() as number[],
        from: String(row.find('.smartlock-staff-from').val() ?? ''),
        until: String(row.find('.smartlock-staff-until').val() ?? ''),
        since: String(row.find('.smartlock-staff-since').val() ?? ''),
        till: String(row.find('.smartlock-staff-till').val() ?? ''),
      });
    });
    node.staff = staff;
  }
  /** Each staff row named once, with a day, a time range within the day and a date range. */
  function stayStaffValid(staff: unknown, _opt?: unknown): boolean | string {
    const names = new Set<string>();
    for (const st of Array.isArray(staff) ? (staff as StaffRow[]) : []) {
      if (!st.name || names.has(st.name)) return `staff names must be set and differ (${st.name || 'empty'})`;
      names.add(st.name);
      if (!st.days?.length) return `${st.name}: choose a day`;
      if (!CLOCK.test(st.from) || !CLOCK.test(st.until) || st.until <= st.from) return `${st.name}: a time range within the day`;
      if (!st.since || !st.till || st.till <= st.since) return `${st.name}: the dates the schedule runs`;
    }
    return true;
  }
  function saveStay(node: EditedNode): void {
    const doors: StayDoor[] = [];
    ($('#node-input-doors-container').editableList('items') as unknown as JQuery).each(function () {
      const row = $(this);
      doors.push({
        name: String(row.find('.smartlock-door-name').val() ?? '').trim(),
        config: String(row.find('.smartlock-door-config').val() ?? ''),
        lockId: String(row.find('.smartlock-door-lock').val() ?? '').trim(),
        grant: String(row.find('.smartlock-door-grant').val() ?? 'code'),
        checkIn: String(row.find('.smartlock-door-in').val() ?? '').trim(),
        checkOut: String(row.find('.smartlock-door-out').val() ?? '').trim(),
        buffer: Number(row.find('.smartlock-door-buffer').val() ?? 0),
        ...(row.find('.smartlock-door-slots').css('display') !== 'none' ? { slots: String(row.find('.smartlock-door-slots').val() ?? '').trim() } : {}),
      });
    });
    node.doors = doors;
    saveStaff(node);
  }

  w.SmartLock = {
    defaults,
    range,
    labeller: (family: string | null) =>
      function (this: EditedNode) {
        return label(this, family);
      },
    labelStyle(this: EditedNode) {
      return this.name ? 'node_label_italic' : '';
    },
    /** A palette name in the editor's language (smartlock.palette.<name>), else the English one. */
    paletteLabeller: (english: string) =>
      function (this: EditedNode) {
        return inLanguage(this, `smartlock.palette.${english.replace(/ /g, '-')}`, english);
      },
    /** A config node's name (its dialog's title) in the editor's language: `<type>.paletteLabel` of its system's texts. */
    configPaletteLabel: (type: string, english: string) =>
      function (this: EditedNode) {
        return inLanguage(this, `${type}.paletteLabel`, english);
      },
    adder: (family: string | null) =>
      function (this: EditedNode) {
        adopt(this, family);
      },
    preparer: (family: string | null) =>
      function (this: EditedNode) {
        return prepare(this, family);
      },
    eventsDevices,
    eventsPreparer: () =>
      function (this: EditedNode) {
        return prepareEvents(this);
      },
    save(this: EditedNode) {
      this.params = saveState({});
    },
    migrate,
    actionLabel,
    paletteAdd,
    settingCheck,
    configLabel,
    configPreparer,
    stayDoorsValid,
    stayStaffValid,
    stayPreparer: () =>
      function (this: EditedNode) {
        prepareStay(this);
      },
    staySaver: () =>
      function (this: EditedNode) {
        saveStay(this);
      },
  };

  // A QR code a node answered (msg.payload.qrImage, a PNG data URL) is shown as the picture in the debug sidebar.
  const hooks = (RED as unknown as { hooks?: { add(name: string, fn: (e: { element?: JQuery; payload?: unknown }) => void): void } }).hooks;
  hooks?.add('debugPostProcessMessage.smartlock-qr', ({ element, payload }) => {
    const holder = payload as { qrImage?: unknown; payload?: { qrImage?: unknown } } | undefined;
    const image = holder?.qrImage ?? holder?.payload?.qrImage;
    if (!element || typeof image !== 'string' || !/^data:image\/png;base64,[A-Za-z0-9+/=]+$/.test(image)) return;
    $('<img>').attr({ src: image, alt: 'QR code' }).css({ display: 'block', margin: '4px 0', imageRendering: 'pixelated' }).appendTo(element);
  });

  // A system added in Node-RED's settings: its config node comes with the catalog (once
  // SmartLock exists, which its registration uses).
  for (const v of VENDOR_ORDER) {
    const added = catalog.vendors[v].added;
    if (added && !RED.nodes.getType(catalog.vendors[v].configType)) $('#red-ui-editor-node-configs').append(added.html);
  }
})();
