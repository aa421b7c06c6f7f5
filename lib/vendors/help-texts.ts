// What the nodes' help shows that names the systems, kept beside them so nodes/ names none.

/**
 * One example per node type: a msg in (the node's fields left empty) and the msg out, each a
 * `msg.<property> = <JSON>` line; "…" stands for a value that differs every time (an id, a time).
 * `system` and `operation` say where the example comes from (kept here, beside the systems, so
 * the nodes name none): test/help-examples.test.js sends
 * `in` through that node against the system's simulator and checks the real msg has every key
 * `out` shows, with the same JSON type.
 */
export interface HelpExample {
  /** the system's id (lib/vendors/<id>) */
  system: string;
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
    out: 'msg.topic = "lock-wifi-1/unlock"\nmsg.payload = {"deviceId": "lock-wifi-1",\n  "time": "2026-12-20T14:00:00+08:00", "timeMs": 1797746400000,\n  "kind": "unlock", "method": "fingerprint",\n  "credential": {"kind": "fingerprint", "id": "1"}}',
  },
  'smartlock-stay': {
    system: 'ttlock',
    operation: '',
    in: 'msg.payload = {"id": "HM-20231", "guest": "Ada",\n  "from": "2026-12-20", "until": "2026-12-23"}',
    out: 'msg.payload = {"id": "HM-20231", "state": "active",\n  "doors": [{"door": "apartment door", "code": "482913",\n    "passwordId": "1003", "from": "2026-12-20 14:30",\n    "until": "2026-12-23 11:30"}],\n  "text": "Ada: apartment door code 482913, …"}',
  },
};

/**
 * The fixed words of a source line in another language: document titles, "section", "REST path",
 * "unverified" and the recurring phrases of the evidence notes. Operation and field names, REST
 * paths, page titles (the vendor's own, quoted), search terms, ids and URLs stay as written.
 * Applied in order, after readableSource.
 */
export const SOURCE_WORDS: Record<string, Array<[RegExp, string]>> = {
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
