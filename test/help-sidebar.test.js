'use strict';
/* global RED, $, document */
// The help as people read it: every node's help page in the editor's help sidebar at 298 px
// (Node-RED's default sidebar width is about that), folded sections opened, must not scroll
// sideways, and must not name the repository's files. Debian's Chromium via playwright-core.
require('should');
const fs = require('node:fs');
const path = require('node:path');
const { useEditor } = require('./support/editor');
const { vendorModules } = require('../dist/lib/vendors');

const SHOTS = path.join(__dirname, '..', 'artifacts', 'screens');
const ACTION_TYPES = Object.keys(require('../package.json')['node-red'].nodes).filter((t) => t !== 'smartlock-systems');
const CONFIG_TYPES = vendorModules().map((v) => v.config.type);
const WIDTH = 298;

describe(`help in the sidebar at ${WIDTH} px`, function () {
  this.timeout(180_000);
  const editor = useEditor();
  const pages = {};
  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    pages['en-US'] = editor.page;
    // A second page in a Chinese browser: the same editor serves the zh-CN help.
    pages['zh-CN'] = await editor.browser.newPage({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
    await pages['zh-CN'].goto(editor.demo.url, { waitUntil: 'networkidle' });
    await pages['zh-CN'].waitForSelector('#red-ui-palette-container-smart_lock .red-ui-palette-node', { timeout: 60_000 });
    for (const page of Object.values(pages)) {
      await page.evaluate((width) => {
        RED.menu.setSelected('menu-item-sidebar', true);
        RED.sidebar.show('help');
        const right = width + 8;
        $('#red-ui-sidebar').width(width);
        $('#red-ui-workspace').css('right', right);
        $('#red-ui-editor-stack').css('right', right + 1);
        RED.events.emit('sidebar:resize');
      }, WIDTH);
    }
  });

  /** Opens the type's help, unfolds every <details>, and measures the help content and each of its blocks. */
  async function measure(page, type) {
    await page.evaluate((t) => RED.sidebar.help.show(t), type);
    await page.waitForFunction(() => document.querySelector('.red-ui-sidebar-help-stack .red-ui-help .red-ui-help'), null, { timeout: 10_000 });
    return page.evaluate(() => {
      const section = document.querySelector('.red-ui-sidebar-help-stack .red-ui-help');
      section.querySelectorAll('details').forEach((d) => (d.open = true));
      // What sticks out: the innermost elements whose right edge passes the section's.
      const edge = section.getBoundingClientRect().right;
      const out = (e) => e.getBoundingClientRect().right > edge + 1;
      const wide = [...section.querySelectorAll('*')]
        .filter((e) => out(e) && ![...e.children].some(out))
        .slice(0, 5)
        .map((e) => `${e.tagName} ${Math.round(e.getBoundingClientRect().width)}px: ${e.textContent.slice(0, 60)}`);
      return {
        sidebar: $('#red-ui-sidebar').width(),
        scrollWidth: section.scrollWidth,
        clientWidth: section.clientWidth,
        panelScroll: section.parentElement.scrollWidth,
        panelClient: section.parentElement.clientWidth,
        text: section.textContent,
        html: section.innerHTML,
        details: section.querySelectorAll('details').length,
        // The palette's tooltip: the help's top-level paragraphs, the first two.
        tooltip: [...section.querySelector('.red-ui-help span').children]
          .filter((e) => e.tagName === 'P')
          .slice(0, 2)
          .map((e) => e.textContent)
          .join(' '),
        heads: [...section.querySelectorAll('h3')].map((h) => h.textContent.trim()),
        wide,
      };
    });
  }

  for (const lang of ['en-US', 'zh-CN']) {
    for (const type of [...ACTION_TYPES, ...CONFIG_TYPES]) {
      it(`${lang} ${type}: fits, names no internal files`, async () => {
        const page = pages[lang];
        const m = await measure(page, type);
        m.sidebar.should.equal(WIDTH);
        m.text.length.should.be.above(100);
        m.scrollWidth.should.be.belowOrEqual(m.clientWidth, `${type} help ${m.scrollWidth} px wide in ${m.clientWidth}: ${m.wide.join(' | ')}`);
        m.panelScroll.should.be.belowOrEqual(m.panelClient);
        m.html.should.not.match(/\.txt\b/);
        m.html.should.not.match(/\blib\//);
        if (ACTION_TYPES.includes(type)) {
          // What it does and an example first, then the guide's sections in order, each system folded.
          m.heads.should.eql(lang === 'en-US' ? ['Inputs', 'Outputs', 'Details', 'References'] : ['输入', '输出', '详情', '参考']);
          m.html.indexOf('<pre').should.be.below(m.html.indexOf('<h3'));
          m.details.should.be.above(0);
          m.tooltip.length.should.be.above(10);
          m.tooltip.should.not.match(/msg in|输入 msg/);
        }
        if (type === 'smartlock-card' && lang === 'en-US') await page.screenshot({ path: path.join(SHOTS, 'help-sidebar-card.png') });
      });
    }
  }
});
