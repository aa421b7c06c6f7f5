import type { Catalog, VendorId } from '../catalog';
import { aliyunCatalog } from './aliyun/catalog';
import { hotelCatalog } from './hotel/catalog';
import { tuyaCatalog } from './tuya/catalog';

/** Every vendor's catalog, and the config node type that speaks to it. */
export const VENDORS: Partial<Record<VendorId, { catalog: Catalog; configType: string }>> = {
  hotel: { catalog: hotelCatalog, configType: 'smartlock-hotel' },
  tuya: { catalog: tuyaCatalog, configType: 'smartlock-tuya' },
  aliyun: { catalog: aliyunCatalog, configType: 'smartlock-aliyun' },
};
