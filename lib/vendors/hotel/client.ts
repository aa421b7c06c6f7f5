import { LockClient, type VendorTransport } from '../../client';
import { LockError, errorText } from '../../errors';
import type { PreparedCall } from '../../operation';
import { HttpTransport, formBody, parseJsonBody, type RawResponse, type TransportOptions } from '../../transport';
import { hotelCatalog } from './catalog';

export interface HotelOptions extends Omit<TransportOptions, 'baseURL'> {
  baseUrl: string;
  appid: string;
  appsecret: string;
  /** IANA zone of the platform's `yyyy-MM-dd HH:mm:ss` times */
  timeZone: string;
  /** The doc's curl examples send form fields; its header line says JSON. */
  bodyFormat?: 'form' | 'json';
}

export const HOTEL_DEFAULT_URL = 'http://127.0.0.1:19952';

/** The platform's envelope: success iff `code === 1`, `msg` is the error text. */
export function interpretHotel(res: RawResponse): unknown {
  const body = parseJsonBody(res) as { code?: unknown; msg?: unknown };
  if (body.code === 1 || body.code === '1') return body;
  const vendorMessage = typeof body.msg === 'string' && body.msg !== '' ? body.msg : undefined;
  throw new LockError('VENDOR', errorText('refused', { vendor: hotelCatalog.title, reason: vendorMessage ?? `code ${String(body.code)}` }), {
    vendorCode: typeof body.code === 'number' || typeof body.code === 'string' ? body.code : 'MISSING',
    vendorMessage,
  });
}

class HotelTransport implements VendorTransport {
  private readonly http: HttpTransport;

  constructor(private readonly opts: HotelOptions) {
    this.http = new HttpTransport({ ...opts, baseURL: opts.baseUrl.replace(/\/+$/, '') });
  }

  async send(call: PreparedCall): Promise<unknown> {
    const fields = { appid: this.opts.appid, appsecret: this.opts.appsecret, ...call.wire };
    const json = this.opts.bodyFormat === 'json';
    const data = json ? JSON.stringify(fields) : await formBody(fields);
    const headers = { 'Content-Type': json ? 'application/json' : 'application/x-www-form-urlencoded' };
    return this.http.request(call.operation.idempotent, () => ({ method: 'POST', url: call.operation.path, data, headers }), interpretHotel);
  }

  secrets(): string[] {
    return [this.opts.appsecret];
  }

  close(): void {
    this.http.close();
  }
}

export function createHotelClient(opts: HotelOptions): LockClient {
  return new LockClient(hotelCatalog, new HotelTransport(opts), { timeZone: opts.timeZone }, opts.baseUrl);
}
