'use strict';
// The editor in a real browser: the demo's Node-RED and Debian's Chromium driven by
// playwright-core (never a downloaded browser). Skips where Chromium is missing, except in CI.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startDemo } = require('../../scripts/demo');

const CHROMIUM = '/usr/bin/chromium';

/**
 * Mocha hooks that open the editor once for a describe block: `editor.page` is the loaded
 * editor, `editor.errors` what the page reported. `demo` options go to startDemo.
 */
function useEditor(demoOptions = {}) {
  const editor = { demo: undefined, browser: undefined, page: undefined, errors: [] };
  before(async function () {
    this.timeout(180_000);
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs the Debian package chromium`);
      console.log(`      (skipped: ${CHROMIUM} not installed; apt-get install chromium)`);
      this.skip();
    }
    editor.demo = await startDemo({ userDir: fs.mkdtempSync(path.join(os.tmpdir(), 'smartlock-editor-')), stdio: 'ignore', ...demoOptions });
    const { chromium } = require('playwright-core');
    editor.browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'] });
    const page = await editor.browser.newPage({ viewport: { width: 1400, height: 900 } });
    // jQuery reports an exception thrown in a deferred callback (a dialog's prepare) as a warning.
    page.on('console', (m) => (m.type() === 'error' || /jQuery\.Deferred exception/.test(m.text())) && editor.errors.push(m.text()));
    page.on('pageerror', (e) => editor.errors.push(String(e)));
    page.on('requestfailed', (r) => editor.errors.push(`request failed: ${r.url()}`));
    await page.goto(editor.demo.url, { waitUntil: 'networkidle' });
    await page.waitForSelector('#red-ui-palette-container-smart_lock .red-ui-palette-node', { timeout: 60_000 });
    editor.page = page;
  });
  after(async () => {
    await editor.browser?.close();
    await editor.demo?.stop();
  });
  return editor;
}

module.exports = { useEditor };
