import { fromDoc, type Catalog, type Param, type ResultSpec } from '../../catalog';

/**
 * Hotel card-lock platform WebApi (vendor-docs/hotel-lock-platform-webapi.zh.txt).
 * Every operation is `POST {baseUrl}/Api/{name}` with form fields plus appid and appsecret.
 */
const room: Param = { name: 'roomId', wire: 'rm_id', type: 'id', required: true, aliases: ['deviceId'], description: 'Room ID (rm_id) from the room list; deviceId works too' };
const validFrom: Param = { name: 'validFrom', wire: 'abkp', type: 'time', required: true, description: 'Start of validity (abkp)' };
const validUntil: Param = { name: 'validUntil', wire: 'unValid', type: 'time', required: true, description: 'End of validity (unValid)' };
const slot = (description: string, range = true): Param => ({
  name: 'slot', wire: 'm1', type: 'integer', required: true, description, ...(range ? { min: 1, max: 49 } : { min: 1 }),
});
/** Gateway operations answer the lock's battery and clock. */
const gateway: ResultSpec['fields'] = { deviceId: '$roomId', roomId: '$roomId', battery: 'data.ce', lockTime: 'data.d2' };
const untilAfterFrom = { after: ['validUntil', 'validFrom'] as [string, string] };

export const hotelCatalog: Catalog = {
  vendor: 'hotel',
  title: 'Hotel card-lock platform',
  timeEncoding: 'local',
  operations: fromDoc((op) => `hotel-lock-platform-webapi.zh.txt › ${op.name}`, [
    {
      name: 'GetRoomList', title: 'list rooms', family: 'users', action: 'rooms',
      method: 'POST', path: '/Api/GetRoomList', idempotent: true, params: [],
      result: { list: { from: 'data', as: 'rooms', item: { roomId: { from: 'rm_id', type: 'string' }, name: 'rm_name' } } },
    },
    {
      name: 'MarkRoomCard', title: 'issue card', family: 'card', action: 'issue',
      method: 'POST', path: '/Api/MarkRoomCard', idempotent: false,
      params: [room, validFrom, validUntil],
      rules: [untilAfterFrom],
      result: { fields: { cardId: 'data.card_id', deviceId: '$roomId', roomId: '$roomId', validFrom: '$validFrom', validUntil: '$validUntil' } },
      notes: 'validFrom (abkp) identifies the authorization: a card re-issued for the same guest must reuse the same validFrom, '
        + 'or the newer card replaces the old one and the old one stops working. Use the current time for a new guest; '
        + 'a validFrom earlier than that of a card already issued makes the new card fail at the door.',
    },
    {
      name: 'ClearRoomCard', title: 'revoke card', family: 'card', action: 'revoke',
      method: 'POST', path: '/Api/ClearRoomCard', idempotent: true,
      params: [
        { ...room, required: false, description: 'Room ID (rm_id); give this or cardId' },
        { name: 'cardId', wire: 'card_id', type: 'id', description: 'Card ID (card_id); give this or roomId' },
      ],
      rules: [{ oneOf: ['roomId', 'cardId'] }],
      result: { fields: { cardId: 'data.card_id', roomId: { from: 'data.rm_id', type: 'string' } } },
    },
    {
      name: 'ReadCard', title: 'read card', family: 'card', action: 'read',
      method: 'POST', path: '/Api/ReadCard', idempotent: true, params: [],
      result: {
        fields: {
          cardId: 'data.card_id', roomId: { from: 'data.rm_id', type: 'string' },
          validFrom: { from: 'data.valid', type: 'time' }, validUntil: { from: 'data.unvalid', type: 'time' },
        },
      },
      notes: 'Reads the card on the platform\'s card encoder.',
    },
    {
      name: 'MakeOffline', title: 'offline password', family: 'password', action: 'offline',
      method: 'POST', path: '/Api/MakeOffline', idempotent: false,
      params: [room, { ...validUntil, description: 'End of validity of the password (unValid)' }],
      result: { fields: { passwordId: 'data.muid', password: 'data.muid', roomId: '$roomId', validUntil: '$validUntil' } },
      notes: 'The lock computes the same password offline; keep passwordId and validUntil to stop it later.',
    },
    {
      name: 'GatewayStopOffline', title: 'stop offline password', family: 'password', action: 'deleteOffline',
      method: 'POST', path: '/Api/GatewayStopOffline', idempotent: true,
      params: [
        room,
        { name: 'passwordId', wire: 'muid', type: 'string', required: true, maxLength: 32, secret: true, description: 'The generated password (muid)' },
        { ...validUntil, description: 'End of validity given when the password was generated (unValid)' },
      ],
      result: { fields: { roomId: '$roomId', validUntil: '$validUntil' } },
    },
    {
      name: 'GatewayUploadOnline', title: 'create temp password', family: 'password', action: 'create',
      method: 'POST', path: '/Api/GatewayUploadOnline', idempotent: false,
      params: [
        room,
        slot('Slot number (m1); a password sent to a used slot replaces the old one', false),
        { name: 'password', wire: 'pwd', type: 'digits', required: true, minLength: 6, maxLength: 10, secret: true, description: 'The password: 6-10 digits (pwd)' },
        { ...validUntil, description: 'End of validity (unValid)' },
      ],
      result: { fields: { passwordId: { from: '$slot', type: 'string' }, slot: '$slot', validUntil: '$validUntil', ...gateway } },
      notes: 'A password sent to a slot that holds one replaces it.',
    },
    {
      name: 'GatewayStopOnline', title: 'delete password', family: 'password', action: 'delete',
      method: 'POST', path: '/Api/GatewayStopOnline', idempotent: true,
      params: [room, slot('Slot number (m1) the password was sent to; a wrong one stops another password', false)],
      result: { fields: { slot: '$slot', ...gateway } },
    },
    {
      name: 'GatewayOpen', title: 'remote open', family: 'remote-open', action: 'open',
      method: 'POST', path: '/Api/GatewayOpen', idempotent: false, params: [room],
      result: { fields: { success: { from: 'code', type: 'boolean' }, ...gateway } },
    },
    {
      name: 'GatewayUploadFace', title: 'upload face', family: 'face', action: 'upload',
      method: 'POST', path: '/Api/GatewayUploadFace', idempotent: false,
      params: [
        room,
        { name: 'image', wire: 'base64', type: 'image', required: true, maxLength: 512 * 1024, secret: true, description: 'Face photo: JPEG or PNG, base64 or Buffer, at most 512 KiB' },
        slot('Face slot 1-49 (m1); the same slot replaces the earlier face'),
        validFrom, validUntil,
      ],
      rules: [untilAfterFrom],
      result: { fields: { slot: '$slot', validFrom: '$validFrom', validUntil: '$validUntil', ...gateway } },
    },
    {
      name: 'GatewayStopFace', title: 'remove face', family: 'face', action: 'remove',
      method: 'POST', path: '/Api/GatewayStopFace', idempotent: true,
      params: [room, slot('Face slot 1-49 (m1) that was uploaded; a wrong one removes another face')],
      result: { fields: { slot: '$slot', ...gateway } },
    },
    {
      name: 'GatewayUploadFinger', title: 'upload fingerprint', family: 'fingerprint', action: 'upload',
      method: 'POST', path: '/Api/GatewayUploadFinger', idempotent: false,
      params: [
        room,
        { name: 'template', wire: 'hexs', type: 'hex', required: true, maxLength: 16 * 1024, secret: true, description: 'Fingerprint template as hex, e.g. ab-cd-ef (hexs)' },
        slot('Fingerprint slot 1-49 (m1); the same slot replaces the earlier fingerprint'),
        validFrom, validUntil,
      ],
      rules: [untilAfterFrom],
      result: { fields: { slot: '$slot', validFrom: '$validFrom', validUntil: '$validUntil', ...gateway } },
    },
    {
      name: 'GatewayStopFinger', title: 'remove fingerprint', family: 'fingerprint', action: 'remove',
      method: 'POST', path: '/Api/GatewayStopFinger', idempotent: true,
      params: [room, slot('Fingerprint slot 1-49 (m1) that was uploaded; a wrong one removes another fingerprint')],
      result: { fields: { slot: '$slot', ...gateway } },
    },
  ]),
};
