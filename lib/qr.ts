import zlib from 'node:zlib';
import qrcode from 'qrcode-generator';

/** CRC-32 as PNG chunks use it (Node 20 has no zlib.crc32). */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/**
 * A QR code of `text` as a PNG data URL (black on white, 1 bit per pixel): small enough for the
 * debug sidebar and a dashboard's <img>. The code itself comes from qrcode-generator; the library's
 * own data URL is a GIF, so the PNG is written here.
 */
export function qrPng(text: string, scale = 4, margin = 2): string {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const modules = qr.getModuleCount();
  const size = (modules + 2 * margin) * scale;
  const rowBytes = Math.ceil(size / 8);
  const raw = Buffer.alloc((rowBytes + 1) * size, 0); // filter byte 0, then bits: 1 = white
  for (let y = 0; y < size; y++) {
    const row = y * (rowBytes + 1) + 1;
    for (let x = 0; x < size; x++) {
      const [r, c] = [Math.floor(y / scale) - margin, Math.floor(x / scale) - margin];
      const dark = r >= 0 && c >= 0 && r < modules && c < modules && qr.isDark(r, c);
      if (!dark) raw[row + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([1, 0, 0, 0, 0], 8); // 1-bit greyscale, no interlace
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return `data:image/png;base64,${png.toString('base64')}`;
}
