'use strict';
// The zh-CN help of the built nodes: the operations' source lines and the systems' names are in
// Chinese; what names a vendor's thing (operation and field names, REST paths, the vendor's own
// page titles, search terms, URLs) stays as written.
require('should');
const fs = require('node:fs');
const path = require('node:path');

const ENTITIES = { quot: '"', amp: '&', lt: '<', gt: '>', '#39': "'" };
/** A help text as read (the entities the help's esc() writes, decoded). */
const decodeHTML = (s) => s.replace(/&(quot|amp|lt|gt|#39);/g, (_, n) => ENTITIES[n]);

const BUILT = path.join(__dirname, '..', 'dist', 'nodes', 'locales');
// The fixed words of a source line (document titles, "section", "REST path", the evidence notes' phrases).
const FIXED = [
  /\bdocument\b/,
  /\bsection \d/,
  /REST path:/,
  /\bunverified\b/,
  /no public REST endpoint/,
  /\bnearest:/,
  /which does something else/,
  /\bsearched\b/,
  /the name alone/,
  /untitled in the stored copy/,
  /the type table/,
  /for the table/,
  /pages corpus likewise/,
  /none lock-specific/,
  /with another request and result shape/,
  /\bTuya page\b/,
];

/** A source line without what stays as written anyway: URLs, the vendor's quoted page titles and search terms. */
const ownWords = (line) => line.replace(/https?:\/\/[^\s)；;,]+/g, '').replace(/"[^"]*"|'[^']*'/g, '');

/** Each source line of a language's built help pages (its text, entities decoded). */
function sourceLines(lang) {
  const label = lang === 'zh-CN' ? '来源' : 'Source';
  return fs
    .readdirSync(path.join(BUILT, lang))
    .filter((f) => f.endsWith('.html'))
    .flatMap((f) =>
      [...fs.readFileSync(path.join(BUILT, lang, f), 'utf8').matchAll(new RegExp(`<small>${label}: ([^<]*)</small>`, 'g'))].map((m) => decodeHTML(m[1])),
    );
}

describe('zh-CN help', () => {
  it('source lines: no English fixed word left (every one of them is in the en-US help)', () => {
    const en = sourceLines('en-US');
    const zh = sourceLines('zh-CN');
    zh.length.should.equal(en.length);
    for (const word of FIXED) en.some((l) => word.test(ownWords(l))).should.be.true(`${word} is not in the en-US help: drop it from the list`);
    const left = zh.filter((l) => FIXED.some((w) => w.test(ownWords(l))));
    left.should.eql([]);
  });

  it('source lines keep the vendor names as written: sections, operations, REST paths and page titles', () => {
    const zh = sourceLines('zh-CN');
    zh.should.containEql('酒店门锁平台 WebApi 文档, 第 2.1 节 发卡 (MarkRoomCard)');
    zh.some((l) => l.startsWith('涂鸦 OSaaS 发卡 API 文档, POST /v1.0/osaas/projects/{project_id}/card-issue-devices/')).should.be.true();
    zh.some((l) =>
      /^涂鸦智能门锁动作文档, doorLock\.openDoor；REST 路径：Tuya "Remote Unlocking with Password" \(developer\.tuya\.com id=\w+\)$/.test(l),
    ).should.be.true();
    zh.some((l) => /^阿里云物联网平台门禁二维码与卡服务文档, \/entrance\/paas\/perm\/qrcode\/config$/.test(l)).should.be.true();
    zh.some((l) => /^涂鸦智能门锁动作文档, \S+；REST 路径未经验证：未找到公开的 REST 接口/.test(l)).should.be.true();
  });

  it("names the systems in Chinese in the action table and over each system's folded details", () => {
    const help = fs.readFileSync(path.join(BUILT, 'zh-CN', 'smartlock-card.html'), 'utf8');
    const { vendors } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'locales', 'zh-CN', 'smartlock.json'), 'utf8')).smartlock;
    for (const [title, name] of Object.entries(vendors)) {
      help.should.containEql(`<summary>${name}</summary>`);
      help.should.containEql(`<th>${name}</th>`);
      help.should.not.containEql(`<summary>${title}</summary>`);
    }
    fs.readFileSync(path.join(BUILT, 'en-US', 'smartlock-card.html'), 'utf8').should.containEql('<summary>Hotel card-lock platform</summary>');
  });
});
