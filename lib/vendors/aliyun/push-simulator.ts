import crypto from 'node:crypto';
import type { AddressInfo, Server } from 'node:net';
import rhea from 'rhea';

export interface AliyunPushSimOptions {
  appKey: string;
  appSecret: string;
}

interface Pending {
  body: Buffer;
  topic: string;
  messageId: string;
  /** the consumer it is out with; cleared when that one left or let it go */
  to?: rhea.Sender;
  times: number;
}

/**
 * Alibaba Cloud IoT's AMQP subscription as its docs and public clients describe it: SASL PLAIN
 * whose password is the signed login (both recipes checked), one receiver link per connection,
 * a consumer group sharing the stream (each message to one consumer), deliveries not accepted
 * sent again to the next consumer.
 */
export class AliyunPushSimulator {
  private readonly container = rhea.create_container({ id: 'aliyun-push-sim' });
  private server: Server | undefined;
  private readonly groups = new Map<string, { consumers: rhea.Sender[]; pending: Map<string, Pending>; turn: number }>();
  private readonly connections = new Set<rhea.Connection>();
  /** each connection's consumer group, read from its login */
  private readonly groupsOf = new WeakMap<rhea.Connection, string>();
  private next = 1;
  url = '';
  readonly counts = { connects: 0, refused: 0, sent: 0, redelivered: 0, accepted: 0 };

  constructor(readonly opts: AliyunPushSimOptions) {
    this.container.sasl_server_mechanisms.enable_plain((username: string, password: string) => this.login(username, password));
    this.container.on('connection_open', (ctx: rhea.EventContext) => {
      this.counts.connects++;
      this.connections.add(ctx.connection);
      const user = String((ctx.connection as unknown as { sasl_transport?: { username?: string } }).sasl_transport?.username ?? '');
      this.groupsOf.set(ctx.connection, /(?:groupId|consumerGroupId)=([^,|]+)/.exec(user)?.[1] ?? this.opts.appKey);
    });
    this.container.on('sender_open', (ctx: rhea.EventContext) => {
      const sender = ctx.sender as rhea.Sender;
      const group = this.group(this.groupOf(ctx.connection));
      if (group.consumers.some((s) => s.connection === sender.connection))
        return void sender.close({ condition: 'amqp:not-allowed', description: 'one receiver link per connection' });
      group.consumers.push(sender);
      this.flush(group);
    });
    this.container.on('sendable', (ctx: rhea.EventContext) => this.flush(this.group(this.groupOf(ctx.connection))));
    this.container.on('accepted', (ctx: rhea.EventContext) => {
      const tag = (ctx.delivery as unknown as { messageId?: string }).messageId;
      const group = this.group(this.groupOf(ctx.connection));
      if (tag && group.pending.delete(tag)) this.counts.accepted++;
    });
    this.container.on('disconnected', (ctx: rhea.EventContext) => this.forget(ctx.connection));
    this.container.on('connection_close', (ctx: rhea.EventContext) => this.forget(ctx.connection));
  }

  async start(port = 0): Promise<string> {
    this.server = this.container.listen({ port, host: '127.0.0.1' }) as unknown as Server;
    await new Promise<void>((resolve, reject) => {
      this.server?.once('listening', () => resolve());
      this.server?.once('error', reject);
    });
    this.url = `amqp://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const c of this.connections) c.close();
    for (const c of this.connections) (c as unknown as { socket?: { destroy(): void } }).socket?.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Consumers connected to a group (the AppKey's by default). */
  consumers(group = this.opts.appKey): number {
    return this.groups.get(group)?.consumers.length ?? 0;
  }

  unaccepted(group = this.opts.appKey): number {
    return this.groups.get(group)?.pending.size ?? 0;
  }

  /** A lock's thing-model event (`DoorOpenNotification`, `HijackingAlarm`, …) with its output values. */
  event(iotId: string, identifier: string, value: Record<string, unknown>, group = this.opts.appKey): string {
    const topic = `/a1sim-lock/${iotId}/thing/event/${identifier}/post`;
    return this.publish(
      topic,
      { deviceType: 'SmartDoor', iotId, productKey: 'a1sim-lock', deviceName: iotId, identifier, type: 'info', value, time: Date.now() },
      group,
    );
  }

  /** Any message on a topic; a `messageId` already used sends that message again (the platform's retry). */
  publish(topic: string, data: unknown, group = this.opts.appKey, messageId = `${Date.now()}${String(this.next++).padStart(6, '0')}`): string {
    const g = this.group(group);
    g.pending.set(messageId, { body: Buffer.from(JSON.stringify(data)), topic, messageId, times: 0 });
    this.flush(g);
    return messageId;
  }

  /** Drops every connection, as a gateway restart does. */
  dropConnections(): void {
    for (const c of [...this.connections]) {
      (c as unknown as { socket?: { destroy(): void } }).socket?.destroy();
      this.forget(c); // a socket destroyed here tells rhea nothing
    }
  }

  /** A connection gone: its consumer leaves, what was out with it goes to the next one. */
  private forget(connection: rhea.Connection): void {
    this.connections.delete(connection);
    for (const group of this.groups.values()) {
      const leaving = group.consumers.filter((s) => s.connection === connection);
      if (!leaving.length) continue;
      group.consumers = group.consumers.filter((s) => s.connection !== connection);
      for (const p of group.pending.values()) if (p.to && leaving.includes(p.to)) p.to = undefined;
      this.flush(group);
    }
  }

  private login(username: string, password: string): boolean {
    const m = /^([^|]+)\|(.+)\|$/.exec(username);
    const fields = Object.fromEntries((m?.[2] ?? '').split(',').map((kv) => kv.split('=') as [string, string]));
    const hmac = (algo: string, text: string): string => crypto.createHmac(algo, this.opts.appSecret).update(text).digest('base64');
    const ok =
      fields.authMode === 'appkey'
        ? fields.appKey === this.opts.appKey && /^sha256$/i.test(fields.signMethod ?? '') && password === hmac('sha256', `random=${fields.random}`)
        : fields.authMode === 'aksign' &&
          fields.authId === this.opts.appKey &&
          /^hmacsha1$/i.test(fields.signMethod ?? '') &&
          password === hmac('sha1', `authId=${fields.authId}&timestamp=${fields.timestamp}`);
    if (!ok) this.counts.refused++;
    return ok;
  }

  private groupOf(connection: rhea.Connection): string {
    return this.groupsOf.get(connection) ?? this.opts.appKey;
  }

  private group(name: string) {
    let g = this.groups.get(name);
    if (!g) this.groups.set(name, (g = { consumers: [], pending: new Map(), turn: 0 }));
    return g;
  }

  /** Sends each message not out with a consumer to the next consumer in turn that has credit. */
  private flush(g: NonNullable<ReturnType<AliyunPushSimulator['groups']['get']>>): void {
    for (const p of g.pending.values()) {
      if (p.to) continue;
      const ready = g.consumers.filter((s) => s.sendable());
      if (!ready.length) return;
      const to = ready[g.turn++ % ready.length];
      if (p.times++ > 0) this.counts.redelivered++;
      else this.counts.sent++;
      p.to = to;
      const delivery = to.send({
        message_id: p.messageId,
        application_properties: { topic: p.topic, messageId: p.messageId, generateTime: Date.now() },
        body: rhea.message.data_section(p.body),
      });
      (delivery as unknown as { messageId: string }).messageId = p.messageId;
    }
  }
}
