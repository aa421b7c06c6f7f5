/* Editor helpers shared by every smartlock node: vendor and lock choice, operation select
 * filtered by the vendor's catalog, and one TypedInput per operation parameter. */
(function () {
    'use strict';
    if (window.SmartLock) return;

    /** Each vendor's config node type; an action node keeps one config reference per vendor. */
    var VENDOR_CONFIGS = { hotel: 'smartlock-hotel', tuya: 'smartlock-tuya', aliyun: 'smartlock-aliyun' };
    var VENDOR_ORDER = Object.keys(VENDOR_CONFIGS);
    var TEXT_TYPES = ['str', 'num', 'msg', 'flow', 'global', 'env', 'json'];
    var catalog = null;
    var loading = $.getJSON('smartlock/catalog', { lang: RED.i18n && RED.i18n.lang ? RED.i18n.lang() : 'en-US' }).then(function (data) {
        catalog = data;
        if (RED.view && RED.view.redraw) RED.view.redraw(true);
        return data;
    });

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
                value: '', type: VENDOR_CONFIGS[v], required: false,
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
        actionLabel: actionLabel
    };
})();
