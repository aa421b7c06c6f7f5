import type { Family } from './catalog';

/**
 * The palette's vendor-neutral actions per node family, headline first (DESIGN.md › Nodes).
 * A vendor offers an action by naming it in its catalog; the editor lists only those.
 */
export const FAMILIES: Record<Family, { headline: string; actions: Record<string, string> }> = {
  card: {
    headline: 'issue',
    actions: {
      issue: 'issue card',
      revoke: 'revoke card',
      freeze: 'freeze card',
      unfreeze: 'unfreeze card',
      changeValidity: 'change validity',
      read: 'read card',
      list: 'list cards',
    },
  },
  password: {
    headline: 'create',
    actions: {
      create: 'create temp password',
      modify: 'modify password',
      rename: 'rename password',
      delete: 'delete password',
      get: 'get password',
      list: 'list passwords',
      dynamic: 'dynamic password',
      offline: 'offline password',
      deleteOffline: 'stop offline password',
      clearInvalid: 'clear invalid passwords',
    },
  },
  face: { headline: 'upload', actions: { upload: 'upload face', remove: 'remove face' } },
  fingerprint: {
    headline: 'upload',
    actions: { upload: 'upload fingerprint', remove: 'remove fingerprint', list: 'list fingerprints', changeValidity: 'change validity' },
  },
  'remote-open': {
    headline: 'open',
    actions: {
      open: 'remote open',
      openWithPassword: 'open with password',
      reject: 'reject open request',
      getSettings: 'get remote-unlock settings',
      setSettings: 'set remote-unlock settings',
      lock: 'remote lock',
    },
  },
  logs: {
    headline: 'query',
    actions: {
      query: 'query logs',
      unlock: 'unlock logs',
      alarm: 'alarm logs',
      records: 'records',
      operations: 'operation records',
      latest: 'latest log',
      events: 'event history',
      media: 'media URL',
    },
  },
  'keep-open': { headline: 'set', actions: { set: 'set keep-open', get: 'get keep-open' } },
  qrcode: {
    headline: 'generate',
    actions: { generate: 'generate QR code', grant: 'grant to devices', revoke: 'revoke QR code', generateAndGrant: 'generate and grant (old API)' },
  },
  users: {
    headline: 'list',
    actions: {
      list: 'list users',
      get: 'get user',
      rooms: 'list rooms',
      opmodes: 'user unlock methods',
      unallocated: 'unallocated unlock methods',
      allocate: 'allocate unlock method',
      deallocate: 'deallocate unlock method',
      hijackOn: 'duress alarm on',
      hijackOff: 'duress alarm off',
      shareCreate: 'create sharing link',
      shareVerify: 'verify sharing link',
      shareConfirm: 'confirm sharing link',
      shareCancel: 'cancel sharing link',
      personSave: 'add or update person',
      personDelete: 'delete person',
      personGet: 'get person',
      keyBind: 'bind key to user',
      keyUnbind: 'unbind key from user',
      keyBinding: 'key binding',
      keyBindings: 'key bindings',
      unboundKeys: 'keys not bound',
      userKeys: 'keys of a user',
      deviceUsers: 'users of a lock',
      keyUser: 'user of a key',
      keyDelete: 'delete key',
      keySend: 'send eKey',
      keyFreeze: 'freeze key',
      keyUnfreeze: 'unfreeze key',
      keyAuthorize: 'make key an administrator',
    },
  },
  device: {
    headline: 'status',
    actions: {
      status: 'device status',
      command: 'send command',
      info: 'device info',
      nickname: 'set nickname',
      rooms: 'rooms',
      list: 'list devices',
      gateways: 'list gateways',
    },
  },
};

export function actionLabel(family: Family, action: string): string {
  return FAMILIES[family].actions[action] ?? action;
}
