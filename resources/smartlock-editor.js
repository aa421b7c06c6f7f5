/* Editor helpers shared by every smartlock node: vendor and lock choice, operation select
 * filtered by the vendor's catalog, and one TypedInput per operation parameter. */
(function () {
    'use strict';
    if (window.SmartLock) return;

    /**
     * The catalogs, loaded once before any node registers: the systems (their config node
     * types and forms), the node families and every operation. Synchronous because node
     * definitions name each system's config property when they register.
     */
    var catalog = null;
    $.ajax({
        url: 'smartlock/catalog', async: false, dataType: 'json',
        data: { lang: RED.i18n && RED.i18n.lang ? RED.i18n.lang() : 'en-US' },
        success: function (data) { catalog = data; },
        error: function () { RED.notify('smartlock: cannot load the lock catalogs', 'error'); }
    });
    catalog = catalog || { families: {}, vendors: {}, configVersion: 0 };
    var loading = $.Deferred().resolve(catalog).promise();
    var VENDOR_ORDER = Object.keys(catalog.vendors);
    var TEXT_TYPES = ['str', 'num', 'msg', 'flow', 'global', 'env', 'json'];

    function vendorOfType(configType) {
        var found = null;
        VENDOR_ORDER.forEach(function (v) { if (catalog.vendors[v].configType === configType) found = catalog.vendors[v]; });
        return found;
    }

    function humanize(action) {
        return String(action).replace(/([A-Z])/g, ' $1').toLowerCase();
    }

    /** The action's label in the editor's language (the node's messages), else English. */
    function actionLabel(family, action, node) {
        var key = 'smartlock.actions.' + family + '.' + action;
        var text = node && node._ ? node._(key) : key;
        if (text && text !== key) return text;
        var f = catalog && catalog.families[family];
        return (f && f.actions[action]) || humanize(action);
    }

    function headline(family) {
        var f = catalog && catalog.families[family];
        return f ? f.headline : '';
    }

    /** Node label: its name, else the chosen operation as the user knows it. */
    function label(node, family) {
        if (node.name) return node.name;
        if (!family) return node.operation || 'lock api';
        return actionLabel(family, node.operation || headline(family) || '', node) || family;
    }

    function vendorsAvailable() {
        return VENDOR_ORDER.filter(function (v) {
            var info = catalog && catalog.vendors[v];
            return info && RED.nodes.getType(info.configType);
        });
    }

    function operationsFor(vendor, family) {
        var info = catalog && catalog.vendors[vendor];
        if (!info) return [];
        return info.operations.filter(function (op) { return family ? op.family === family : true; });
    }

    function typesFor(param) {
        if (param.type === 'time') return TEXT_TYPES.concat(['date']);
        if (param.type === 'image') return ['msg', 'flow', 'global', 'str', 'env'];
        if (param.type === 'boolean') return ['bool', 'msg', 'flow', 'global', 'env'];
        return TEXT_TYPES;
    }

    function defaultField(param) {
        return param.name === 'validFrom' ? { v: '', t: 'date' } : { v: '', t: 'str' };
    }

    function renderParams(node, op, state) {
        var box = $('#node-input-smartlock-params').empty();
        if (!op) return;
        if (op.notes) $('<div class="form-tips smartlock-notes"></div>').text(op.notes).appendTo(box);
        op.params.forEach(function (p) {
            var id = 'node-input-smartlock-param-' + p.name;
            var row = $('<div class="form-row"></div>').appendTo(box);
            $('<label></label>').attr('for', id).attr('title', p.description)
                .text(p.name + (p.required ? ' *' : '')).appendTo(row);
            var input = $('<input type="text" style="width:70%">').attr('id', id)
                .attr('placeholder', 'msg.payload.' + p.name).appendTo(row);
            var field = state[p.name] || defaultField(p);
            input.val(field.v == null ? '' : field.v);
            input.typedInput({ default: field.t || 'str', types: typesFor(p) });
            input.typedInput('type', field.t || 'str');
            $('<div class="smartlock-param-help"></div>').text(p.description)
                .css({ margin: '3px 0 0 104px', fontSize: '0.9em', color: 'var(--red-ui-secondary-text-color, #888)' }).appendTo(row);
        });
    }

    /**
     * Upgrades a node saved by an older release when its dialog opens: the runtime's own
     * migration (POST smartlock/migrate), so editor and deploy agree. Fields already on the form
     * are refreshed; a node from a newer release is left alone and said so.
     */
    function migrate(node) {
        return loading.then(function () {
            if (Number(node.configVersion) === catalog.configVersion) return node;
            var config = {};
            Object.keys(node._def.defaults).forEach(function (d) { config[d] = node[d]; });
            return $.ajax({ url: 'smartlock/migrate', method: 'POST', contentType: 'application/json', data: JSON.stringify({ type: node.type, config: config }) })
                .then(function (answer) {
                    Object.keys(answer.config).forEach(function (d) {
                        if (!Object.prototype.hasOwnProperty.call(node._def.defaults, d) || JSON.stringify(node[d]) === JSON.stringify(answer.config[d])) return;
                        node[d] = answer.config[d];
                        $('#node-input-' + d + ', #node-config-input-' + d).not('[type=checkbox]').val(node[d]);
                    });
                    node.configVersion = answer.version;
                    return node;
                }, function (xhr) {
                    RED.notify((xhr.responseJSON && xhr.responseJSON.message) || 'smartlock: cannot upgrade this node', 'error');
                    return $.Deferred().resolve(node).promise();
                });
        });
    }

    /**
     * onpaletteadd of the action nodes: each system's lock row goes into the form (Node-RED
     * binds a config select to it before oneditprepare runs), and the operations of a system
     * added in the settings into the help.
     */
    function paletteAdd() {
        var type = this.type;
        var template = $('script[data-template-name="' + type + '"]');
        var marker = "<!-- each system's lock row: added by the editor script from the catalog -->";
        var rows = VENDOR_ORDER.map(function (v) {
            return '<div class="form-row smartlock-lock-row" data-vendor="' + v + '">' +
                '<label for="node-input-' + v + '"><i class="fa fa-lock"></i> <span data-i18n="smartlock.label.lock"></span></label>' +
                '<input type="text" id="node-input-' + v + '"></div>';
        }).join('\n');
        if (template.length && template.html().indexOf(marker) >= 0) template.html(template.html().replace(marker, rows));
        var help = $('script[data-help-name="' + type + '"]');
        VENDOR_ORDER.forEach(function (v) {
            var added = catalog.vendors[v].added;
            if (help.length && added && added.help[type] && help.html().indexOf(added.help[type]) < 0) help.html(help.html() + added.help[type]);
        });
    }

    /** A config node setting's check, from its system's form: required, a pattern, only while shown. */
    function settingCheck(configType, name) {
        return function (value) {
            var vendor = vendorOfType(configType);
            var row = vendor && vendor.config.form.filter(function (r) { return r.name === name; })[0];
            if (!row) return true;
            if (row.when && this[row.when[0]] !== row.when[1]) return true;
            var text = value === undefined || value === null ? '' : String(value);
            if (row.required && text.trim() === '') return false;
            return !row.pattern || new RegExp(row.pattern).test(text);
        };
    }

    function shown(node, row) {
        return !row.when || node[row.when[0]] === row.when[1];
    }

    /** A config node's label: its name, else its system's prefix and the first shown setting that is set. */
    function configLabel(configType) {
        return function () {
            var vendor = vendorOfType(configType);
            if (this.name || !vendor) return this.name || configType;
            var c = vendor.config;
            var value = c.labelFrom.reduce(function (found, name) {
                var row = c.form.filter(function (r) { return r.name === name; })[0];
                return found || (row && shown(this, row) && this[name] ? String(this[name]) : '');
            }.bind(this), '');
            return [c.labelPrefix, value].filter(Boolean).join(' ') || c.paletteLabel;
        };
    }

    /** oneditprepare of a config node: rows shown by another setting, JSON editors, a zone list. */
    function configPreparer(configType) {
        return function () {
            migrate(this);
            var vendor = vendorOfType(configType);
            if (!vendor) return;
            vendor.config.form.forEach(function (row) {
                var input = $('#node-config-input-' + row.name);
                if (row.input === 'json') input.typedInput({ type: 'json', types: ['json'] });
                if (row.input === 'zone') {
                    var id = 'smartlock-zones-' + row.name;
                    var list = $('<datalist></datalist>').attr('id', id).insertAfter(input);
                    ((Intl.supportedValuesOf && Intl.supportedValuesOf('timeZone')) || []).forEach(function (z) { $('<option></option>').val(z).appendTo(list); });
                    input.attr('list', id);
                }
                if (row.when) {
                    $('#node-config-input-' + row.when[0]).on('change', function () {
                        input.closest('.form-row').toggle($(this).val() === row.when[1]);
                    }).trigger('change');
                }
            });
        };
    }

    /** oneditprepare: wires the vendor/lock rows, the operation select and the parameters. */
    function prepare(node, family) {
        return migrate(node).then(function () {
            var state = $.extend(true, {}, node.params || {});
            var vendors = vendorsAvailable();
            var vendorSelect = $('#node-input-vendor').empty();
            vendors.forEach(function (v) {
                $('<option></option>').val(v).text(catalog.vendors[v].title).appendTo(vendorSelect);
            });
            if (vendors.indexOf(node.vendor) < 0 && vendors.length) node.vendor = vendors[0];
            vendorSelect.val(node.vendor);
            $('#node-input-vendor').closest('.form-row').toggle(vendors.length > 1);

            var opSelect = $('#node-input-operation');
            function currentOp() {
                var value = opSelect.val();
                return operationsFor(vendorSelect.val(), family).filter(function (op) {
                    return family ? op.action === value : op.name === value;
                })[0];
            }
            function fillOperations() {
                var chosen = opSelect.val() || node.operation || (family ? headline(family) : '');
                opSelect.empty();
                operationsFor(vendorSelect.val(), family).forEach(function (op) {
                    var value = family ? op.action : op.name;
                    var text = family ? actionLabel(family, op.action, node) : op.name + ' — ' + op.title;
                    $('<option></option>').val(value).text(text).appendTo(opSelect);
                });
                if (opSelect.find('option').filter(function () { return this.value === chosen; }).length) opSelect.val(chosen);
                else opSelect.prop('selectedIndex', 0);
                renderParams(node, currentOp(), state);
            }
            function showLockRow() {
                $('.smartlock-lock-row').hide();
                $('.smartlock-lock-row[data-vendor="' + vendorSelect.val() + '"]').show();
            }
            vendorSelect.on('change', function () { showLockRow(); fillOperations(); });
            opSelect.on('change', function () { saveState(state); renderParams(node, currentOp(), state); });
            showLockRow();
            fillOperations();
        });
    }

    function saveState(state) {
        $('#node-input-smartlock-params input[id^="node-input-smartlock-param-"]').each(function () {
            var name = this.id.replace('node-input-smartlock-param-', '');
            state[name] = { v: $(this).typedInput('value'), t: $(this).typedInput('type') };
        });
        return state;
    }

    /** oneditsave: keeps the fields of the chosen operation only. */
    function save(node) {
        node.params = saveState({});
    }

    /** The node definition's defaults: name, vendor, a config per vendor, operation and fields. */
    function defaults(headlineAction) {
        var d = { name: { value: '' }, vendor: { value: VENDOR_ORDER[0] } };
        VENDOR_ORDER.forEach(function (v) {
            d[v] = {
                value: '', type: catalog.vendors[v].configType, required: false,
                validate: function (id) { return this.vendor !== v || !!id; }
            };
        });
        d.operation = { value: headlineAction };
        d.params = { value: {} };
        d.configVersion = { value: '' }; // set when the dialog saves; '' reads as the 0.1.0 shape
        return d;
    }

    /**
     * A `validate` for a number field: empty (the runtime's default) or a number from min to max,
     * a whole one when `whole`. The config nodes' limits use lib/transport.ts TRANSPORT_LIMITS.
     */
    function range(min, max, whole) {
        return function (v) {
            if (v === undefined || v === null || String(v).trim() === '') return true;
            var n = Number(v);
            return isFinite(n) && n >= min && n <= max && (!whole || Math.floor(n) === n);
        };
    }

    window.SmartLock = {
        defaults: defaults,
        range: range,
        labeller: function (family) { return function () { return label(this, family); }; },
        labelStyle: function () { return this.name ? 'node_label_italic' : ''; },
        preparer: function (family) { return function () { return prepare(this, family); }; },
        save: function () { save(this); },
        migrate: migrate,
        actionLabel: actionLabel,
        paletteAdd: paletteAdd,
        settingCheck: settingCheck,
        configLabel: configLabel,
        configPreparer: configPreparer
    };

    // A system added in Node-RED's settings: its config node comes with the catalog (once
    // SmartLock exists, which its registration uses).
    VENDOR_ORDER.forEach(function (v) {
        var added = catalog.vendors[v].added;
        if (added && !RED.nodes.getType(catalog.vendors[v].configType)) $('#red-ui-editor-node-configs').append(added.html);
    });
})();
