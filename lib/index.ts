/** Programmatic entry: the vendor-neutral client and the catalogs (the simulators: `./simulators`). */
export { LockClient, type CallResult } from './client';
export { LockError, type ErrorCode } from './errors';
export { FAMILIES } from './families';
/** A lock system's module type (the whole SDK for authors: `./sdk`). */
export type { VendorModule } from './vendor';
export { VENDORS } from './vendors';
export { createHotelClient, type HotelOptions } from './vendors/hotel/client';
export { hotelCatalog } from './vendors/hotel/catalog';
export { createTuyaClient, type TuyaOptions } from './vendors/tuya/client';
export { tuyaCatalog } from './vendors/tuya/catalog';
export { createAliyunClient, type AliyunOptions } from './vendors/aliyun/client';
export { aliyunCatalog } from './vendors/aliyun/catalog';
