import { text, textsIn, timeZoneOf, transportOptions, withoutCredentials } from '../../config';
import type { VendorModule } from '../../vendor';
import { hotelCatalog } from './catalog';
import { HOTEL_DEFAULT_URL, createHotelClient } from './client';

/** A hotel card-lock platform's WebApi on the hotel's own server (appid/appsecret form posts). */
export const hotel: VendorModule = {
  id: 'hotel',
  catalog: hotelCatalog,
  // The platform writes wall-clock times; the doc's platforms run in China.
  timeZone: 'Asia/Shanghai',
  config: {
    type: 'smartlock-hotel',
    paletteLabel: 'hotel platform',
    labelFrom: ['baseUrl'],
    form: [
      { name: 'baseUrl', value: HOTEL_DEFAULT_URL, icon: 'globe', placeholder: HOTEL_DEFAULT_URL, required: true, pattern: '^https?:\\/\\/[^\\s/]+' },
      { name: 'appid', credential: 'text', icon: 'user', label: 'appid' },
      { name: 'appsecret', credential: 'password', icon: 'key', label: 'appsecret' },
      { name: 'timeZone', value: 'Asia/Shanghai', input: 'zone', icon: 'clock-o', placeholder: 'Asia/Shanghai', required: true },
      { name: 'bodyFormat', value: 'form', input: 'select', icon: 'file-text-o', options: ['form', 'json'] },
    ],
    transport: { ratePerSecond: 0 },
  },
  createClient: ({ settings, credentials }) =>
    createHotelClient({
      ...transportOptions(settings),
      baseUrl: withoutCredentials(text(settings.baseUrl) || HOTEL_DEFAULT_URL, 'baseUrl'),
      appid: credentials.appid ?? '',
      appsecret: credentials.appsecret ?? '',
      timeZone: timeZoneOf(settings.timeZone, hotel.timeZone),
      bodyFormat: settings.bodyFormat === 'json' ? 'json' : 'form',
    }),
  // A room is the lock: both ids come from the room list.
  choices: {
    roomId: { operation: 'GetRoomList', list: 'rooms', id: 'roomId', name: 'name' },
    deviceId: { operation: 'GetRoomList', list: 'rooms', id: 'roomId', name: 'name' },
  },
  // The doc gives no codes, only `code != 1` and a free text: shown as the platform wrote it (VENDOR).
  errors: {},
  // The platform has no log operation the events node reads.
  events: { method: [], user: [], id: [] },
  texts: textsIn(__dirname),
  simulator: async () => (await import('./simulator')).HotelSimulator,
};
