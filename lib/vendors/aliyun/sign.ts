import crypto from 'node:crypto';

/** A request as Alibaba Cloud API Gateway signs it (vendor-notes/aliyun.md › Signature). */
export interface GatewayRequest {
  method: string;
  path: string;
  /** query and form parameters; both enter PathAndParameters, a JSON body does not */
  params?: Record<string, string | undefined | null>;
  /** header names in lower case; accept, content-md5, content-type, date and the x-ca-* ones count */
  headers: Record<string, string>;
}

export const contentMd5 = (body: string | Buffer): string => crypto.createHash('md5').update(body).digest('base64');

/** The x-ca-* headers that are signed: sorted, without the signature headers themselves. */
export function signedHeaderNames(headers: Record<string, string>): string[] {
  return Object.keys(headers)
    .filter((k) => k.startsWith('x-ca-') && k !== 'x-ca-signature' && k !== 'x-ca-signature-headers')
    .sort();
}

/** path, then `?` and every parameter sorted by key; a key with an empty value stands alone. */
export function pathAndParameters(path: string, params: GatewayRequest['params'] = {}): string {
  const keys = Object.keys(params).sort();
  if (keys.length === 0) return path;
  return `${path}?${keys
    .map((k) => {
      const v = params[k];
      return v === undefined || v === null || v === '' ? k : `${k}=${v}`;
    })
    .join('&')}`;
}

export function gatewayStringToSign(req: GatewayRequest): string {
  const h = req.headers;
  const head = [req.method.toUpperCase(), h.accept ?? '', h['content-md5'] ?? '', h['content-type'] ?? '', h.date ?? ''].join('\n');
  const signed = signedHeaderNames(h)
    .map((k) => `${k}:${h[k]}\n`)
    .join('');
  return `${head}\n${signed}${pathAndParameters(req.path, req.params)}`;
}

/** base64(HmacSHA256(AppSecret, stringToSign)) and the X-Ca-Signature-Headers value. */
export function gatewaySign(req: GatewayRequest, appSecret: string): { signature: string; signatureHeaders: string } {
  return {
    signature: crypto.createHmac('sha256', appSecret).update(gatewayStringToSign(req), 'utf8').digest('base64'),
    signatureHeaders: signedHeaderNames(req.headers).join(','),
  };
}
