import crypto from 'node:crypto';
import { SimServer, type SimRequest, type SimResponse } from '../../sim/server';

export interface HotelRoom {
  rm_id: string;
  rm_name: string;
  /** battery % the gateway reports (`ce`) */
  ce: number;
  opens: number;
  online: Map<number, { pwd: string; unValid: string }>;
  faces: Map<number, { base64: string; abkp: string; unValid: string }>;
  fingers: Map<number, { hexs: string; abkp: string; unValid: string }>;
}

export interface HotelCard {
  card_id: string;
  rm_id: string;
  valid: string;
  unvalid: string;
}

const TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const ok = (data: unknown = {}): SimResponse => ({ body: { code: 1, msg: '操作成功', data } });
const fail = (msg: string, code = 0): SimResponse => ({ body: { code, msg } });

class Refusal extends Error {}
function need(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Refusal(msg);
}

/**
 * The hotel card-lock platform WebApi as the doc describes it: `POST /Api/{Name}`, form or JSON
 * fields, appid + appsecret, `{code, msg, data}` with code 1 for success. Keeps rooms, cards,
 * offline and online passwords, faces and fingerprints.
 */
export class HotelSimulator extends SimServer {
  readonly rooms = new Map<string, HotelRoom>();
  readonly cards = new Map<string, HotelCard>();
  readonly offline = new Map<string, { rm_id: string; unValid: string; active: boolean }>();
  /** the card last written on the encoder, what ReadCard answers */
  lastCard: HotelCard | undefined;

  constructor(
    readonly appid: string,
    readonly appsecret: string,
    rooms: Array<[string, string]> = DEFAULT_ROOMS,
  ) {
    super();
    for (const [rm_id, rm_name] of rooms) {
      this.rooms.set(rm_id, { rm_id, rm_name, ce: 89, opens: 0, online: new Map(), faces: new Map(), fingers: new Map() });
    }
  }

  protected operationOf(req: SimRequest): string {
    return req.path.replace(/^\/Api\//, '');
  }

  protected fieldsOf(req: SimRequest): string[] {
    return Object.keys(parseFields(req)).filter((k) => k !== 'appid' && k !== 'appsecret');
  }

  protected handle(req: SimRequest): SimResponse {
    const name = this.operationOf(req);
    const handler = this.handlers[name];
    if (req.method !== 'POST' || !req.path.startsWith('/Api/') || !handler) return { status: 404, body: { code: 404, msg: '接口不存在' } };
    const f = parseFields(req);
    if (f.appid !== this.appid || f.appsecret !== this.appsecret) return fail('appid 或 appsecret 错误', -1);
    try {
      return handler(f);
    } catch (e) {
      if (e instanceof Refusal) return fail(e.message);
      throw e;
    }
  }

  private room(f: Record<string, string>): HotelRoom {
    need(f.rm_id, 'rm_id 不能为空');
    const room = this.rooms.get(f.rm_id);
    need(room, '房间不存在');
    return room;
  }

  private gateway(room: HotelRoom, op: string): SimResponse {
    this.count(op);
    return ok({ ce: room.ce, d2: Date.now() });
  }

  private readonly handlers: Record<string, (f: Record<string, string>) => SimResponse> = {
    GetRoomList: () => ok([...this.rooms.values()].map((r) => ({ rm_id: r.rm_id, rm_name: r.rm_name }))),
    MarkRoomCard: (f) => {
      const room = this.room(f);
      validity(f.abkp, f.unValid);
      const card: HotelCard = { card_id: this.newCardId(), rm_id: room.rm_id, valid: f.abkp, unvalid: f.unValid };
      this.cards.set(card.card_id, card);
      this.lastCard = card;
      this.count('MarkRoomCard');
      return ok({ card_id: card.card_id });
    },
    ClearRoomCard: (f) => {
      need(f.rm_id || f.card_id, '房间 ID 与卡号必须填写一个');
      const hits = [...this.cards.values()].filter((c) => (!f.card_id || c.card_id === f.card_id) && (!f.rm_id || c.rm_id === f.rm_id));
      need(hits.length > 0, '卡片不存在');
      for (const c of hits) this.cards.delete(c.card_id);
      this.count('ClearRoomCard');
      const last = hits[hits.length - 1];
      return ok({ card_id: last.card_id, rm_id: last.rm_id });
    },
    ReadCard: () => {
      need(this.lastCard, '未读取到卡片');
      return ok({ ...this.lastCard });
    },
    MakeOffline: (f) => {
      const room = this.room(f);
      need(TIME.test(f.unValid ?? ''), 'unValid 格式错误');
      let muid: string;
      do muid = String(crypto.randomInt(0, 10_000_000)).padStart(7, '0');
      while (this.offline.has(muid));
      this.offline.set(muid, { rm_id: room.rm_id, unValid: f.unValid, active: true });
      this.count('MakeOffline');
      return ok({ muid });
    },
    GatewayStopOffline: (f) => {
      const room = this.room(f);
      const pw = this.offline.get(f.muid ?? '');
      need(pw && pw.rm_id === room.rm_id, '密码不存在');
      need(pw.unValid === f.unValid, '有效期与生成密码时不一致');
      pw.active = false;
      this.count('GatewayStopOffline');
      return ok({}); // the doc lists no data fields for this one
    },
    GatewayUploadOnline: (f) => {
      const room = this.room(f);
      const m1 = slot(f.m1, 1, 9999);
      need(/^\d{6,10}$/.test(f.pwd ?? ''), '密码必须是 6-10 位数字');
      need(TIME.test(f.unValid ?? ''), 'unValid 格式错误');
      room.online.set(m1, { pwd: f.pwd, unValid: f.unValid });
      return this.gateway(room, 'GatewayUploadOnline');
    },
    GatewayStopOnline: (f) => {
      const room = this.room(f);
      need(room.online.delete(slot(f.m1, 1, 9999)), '该序号没有下发的密码');
      return this.gateway(room, 'GatewayStopOnline');
    },
    GatewayOpen: (f) => {
      const room = this.room(f);
      room.opens++;
      return this.gateway(room, 'GatewayOpen');
    },
    GatewayUploadFace: (f) => {
      const room = this.room(f);
      const m1 = slot(f.m1, 1, 49);
      validity(f.abkp, f.unValid);
      const img = Buffer.from(f.base64 ?? '', 'base64');
      need((img[0] === 0xff && img[1] === 0xd8) || (img[0] === 0x89 && img[1] === 0x50), '人脸图片必须是 jpg 或 png');
      room.faces.set(m1, { base64: f.base64, abkp: f.abkp, unValid: f.unValid });
      return this.gateway(room, 'GatewayUploadFace');
    },
    GatewayStopFace: (f) => {
      const room = this.room(f);
      need(room.faces.delete(slot(f.m1, 1, 49)), '该序号没有人脸');
      return this.gateway(room, 'GatewayStopFace');
    },
    GatewayUploadFinger: (f) => {
      const room = this.room(f);
      const m1 = slot(f.m1, 1, 49);
      validity(f.abkp, f.unValid);
      need(/^[0-9a-fA-F]+(?:[-: ][0-9a-fA-F]+)*$/.test(f.hexs ?? ''), '指纹数据必须是 hex 格式');
      room.fingers.set(m1, { hexs: f.hexs, abkp: f.abkp, unValid: f.unValid });
      return this.gateway(room, 'GatewayUploadFinger');
    },
    GatewayStopFinger: (f) => {
      const room = this.room(f);
      need(room.fingers.delete(slot(f.m1, 1, 49)), '该序号没有指纹');
      return this.gateway(room, 'GatewayStopFinger');
    },
  };

  private newCardId(): string {
    let id: string;
    do id = crypto.randomBytes(4).toString('hex').toUpperCase();
    while (this.cards.has(id));
    return id;
  }
}

export const DEFAULT_ROOMS: Array<[string, string]> = [
  ['775032240849920', '1-101'],
  ['775032240849921', '1-102'],
  ['775032240849922', '1-103'],
  ['775032240849923', '2-201'],
];

function parseFields(req: SimRequest): Record<string, string> {
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('json')) {
    try {
      const body = JSON.parse(req.rawBody) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]));
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(req.rawBody));
}

function validity(abkp: string | undefined, unValid: string | undefined): void {
  need(TIME.test(abkp ?? '') && TIME.test(unValid ?? ''), '时间格式必须是 yyyy-MM-dd HH:mm:ss');
  need((unValid as string) > (abkp as string), '有效期结束时间必须晚于开始时间');
}

function slot(value: string | undefined, min: number, max: number): number {
  const n = Number(value);
  need(/^\d+$/.test(value ?? '') && n >= min && n <= max, `序号 m1 必须在 ${min}-${max} 之间`);
  return n;
}
