/**
 * Where each Tuya operation's REST method and path come from. The two docs give the OSaaS paths
 * and the smart-lock actions' names and parameters, but no action's REST path: for those, the
 * public Tuya page (its title and id on developer.tuya.com) or public code that shows it, or why none
 * backs it and what was searched. Facts only; checked 2026-11-23 against stored copies, and
 * the routes (method, path as the page writes it, the query and body fields its tables or
 * sample list) read again from those pages on 2026-12-01.
 */
export interface PathEvidence {
  /** where the REST method and path are shown */
  path?: string;
  /** the routes the cited pages document for this operation (variants included) */
  routes?: EvidenceRoute[];
  /** why no public source backs a path */
  unverified?: string;
  /** the route this package reads from the action's name where nothing backs one: a guess, said as such */
  inferred?: EvidenceRoute;
  /** where the pages disagree with themselves or with the action doc, and the reading kept */
  note?: string;
}

export interface EvidenceRoute {
  method: string;
  path: string;
  query?: string[];
  body?: string[];
}

export const TUYA_PATH_EVIDENCE: Record<string, PathEvidence> = {
  'doorLock.passwordTicket': {
    routes: [
      { method: 'POST', path: '/v1.0/devices/{device_id}/door-lock/password-ticket' },
      { method: 'POST', path: '/v1.0/smart-lock/devices/{device_id}/password-ticket' },
    ],
    path: 'Tuya "Get Temporary Key" (developer.tuya.com id=Kat26yeejknqo); Tuya "Get Temporary Key" (developer.tuya.com id=Kayexb4jp4g9g); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.createTemporaryPassword': {
    routes: [
      {
        method: 'POST',
        path: '/v1.0/devices/{device_id}/door-lock/temp-password',
        body: [
          'name',
          'password',
          'effective_time',
          'invalid_time',
          'password_type',
          'phone',
          'type',
          'time_zone',
          'ticket_id',
          'schedule_list',
          'relate_dev_list',
        ],
      },
    ],
    path: 'Tuya "Create Temporary Password" (developer.tuya.com id=Kat26xwaal5be); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.createTemporaryPasswordWithoutName': {
    routes: [
      {
        method: 'POST',
        path: '/v2.0/devices/{device_id}/door-lock/temp-password',
        body: ['password', 'effective_time', 'invalid_time', 'password_type', 'phone', 'type', 'time_zone', 'ticket_id', 'schedule_list'],
      },
    ],
    path: 'Tuya "Create Unnamed Temporary Password" (developer.tuya.com id=Katueyzmeu2wm); Tuya "Smart Lock Open APIs" (developer.tuya.com id=K9jgsgd4cgysr)',
  },
  'doorLock.modifyTemporaryPassword': {
    routes: [
      {
        method: 'PUT',
        path: '/v1.0/devices/{device_id}/door-lock/temp-passwords/{password_id}/modify-password',
        body: ['name', 'password', 'effective_time', 'invalid_time', 'password_type', 'phone', 'type', 'time_zone', 'ticket_id', 'schedule_list'],
      },
    ],
    path: 'Tuya "Modify Temporary Password" (developer.tuya.com id=Kats0a3z9cysu)',
  },
  'doorLock.renameTemporaryPassword': {
    routes: [
      {
        method: 'PUT',
        path: '/v1.0/devices/{device_id}/door-lock/temp-passwords/{password_id}/modify-password',
        body: ['name', 'password', 'effective_time', 'invalid_time', 'password_type', 'phone', 'type', 'time_zone', 'ticket_id', 'schedule_list'],
      },
    ],
    path: 'Tuya "Modify Temporary Password" (developer.tuya.com id=Kats0a3z9cysu); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.deleteTemporaryPassword': {
    note: 'the page\'s table names no place for bluetooth_symbolic; its only sample sends it in the JSON body, as this package does; the variant "query" sends it in the query instead',
    routes: [{ method: 'DELETE', path: '/v1.0/devices/{device_id}/door-lock/temp-passwords/{password_id}', body: ['bluetooth_symbolic'] }],
    path: 'Tuya "Delete Temporary Password" (developer.tuya.com id=Kats0d1pin57l)',
  },
  'doorLock.getTemporaryPassword': {
    routes: [{ method: 'GET', path: '/v1.0/devices/{device_id}/door-lock/temp-password/{password_id}' }],
    path: 'Tuya "Get Temporary Password" (developer.tuya.com id=Katuf3lapw1ez)',
  },
  'doorLock.getTemporaryPasswordList': {
    routes: [{ method: 'GET', path: '/v1.0/devices/{device_id}/door-lock/temp-passwords', query: ['valid'] }],
    path: 'Tuya "Get Temporary Passwords" (developer.tuya.com id=Katuf6m81zmz2); Tuya "Get Periodic Temporary Passwords of Keepalive Locks" (developer.tuya.com id=Kau1o0v7098oz)',
  },
  'doorLock.removalInvalidTempPasswords': {
    inferred: { method: 'DELETE', path: '/v1.0/devices/{device_id}/door-lock/invalid-temp-passwords' },
    unverified:
      'no public REST endpoint found (searched: removalInvalidTempPasswords, clear invalid temporary passwords, invalid-temp-passwords); Tuya "Clear Temporary Passwords" (developer.tuya.com id=Katuf19h0k9b0) clears every one, valid ones too, and is never used; only Tuya\'s mini-app SDK has clearTempInvalidList',
  },
  'doorLock.getDynamicPassword': {
    routes: [{ method: 'GET', path: '/v1.0/devices/{device_id}/door-lock/dynamic-password' }],
    path: 'Tuya "Get Dynamic Password" (developer.tuya.com id=Kats0bm52lts9); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.deleteOfflinePassword': {
    routes: [
      {
        method: 'POST',
        path: '/v1.1/devices/{device_id}/door-lock/offline-temp-password',
        body: ['effective_time', 'invalid_time', 'name', 'type', 'password_id'],
      },
    ],
    path: 'Tuya "生成离线临时密码" (developer.tuya.com id=Kaospm7walgd5); Tuya "智能门锁开放能力" (developer.tuya.com id=K9jgsgd4cgysr)',
  },
  'doorLock.passwordFreeOpen': {
    routes: [
      { method: 'POST', path: '/v1.0/devices/{device_id}/door-lock/password-free/open-door', body: ['ticket_id'] },
      { method: 'POST', path: '/v1.0/smart-lock/devices/{device_id}/password-free/door-operate', body: ['ticket_id', 'open'] },
      { method: 'POST', path: '/v1.1/devices/{device_id}/door-lock/password-free/open-door', body: ['ticket_id', 'channel_id'] },
    ],
    path: 'Tuya "Hotel Door Lock" (developer.tuya.com id=Kaggqxyfanhwi); jasonacox/tinytuya:examples/cloudrequest.py@c51b4c3f; alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.openDoor': {
    routes: [{ method: 'POST', path: '/v1.0/devices/{device_id}/door-lock/open-door', body: ['password', 'password_type', 'ticket_id'] }],
    path: 'Tuya "Remote Unlocking with Password" (developer.tuya.com id=Kat272xo05pfz)',
  },
  'doorLock.cancelPasswordFreeOpen': {
    note: 'no Tuya page found; the route and its type field (1 owner rejects, 2 initiator cancels) are from the cited public code only',
    routes: [{ method: 'PUT', path: '/v1.0/devices/{device_id}/door-lock/password-free/open-door/cancel', body: ['type'] }],
    path: 'alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.remoteUnlocks': {
    routes: [{ method: 'GET', path: '/v1.0/devices/{device_id}/door-lock/remote-unlocks' }],
    path: 'Tuya "Remote Unlocking APIs" (developer.tuya.com id=Kbe2nm6j9hcsj)',
  },
  'doorLock.remoteUnlockConfig': {
    routes: [{ method: 'POST', path: '/v1.0/devices/{device_id}/door-lock/remote-unlock/config', body: ['remote_unlock_type', 'open'] }],
    path: 'Tuya "Remote Unlocking APIs" (developer.tuya.com id=Kbe2nm6j9hcsj)',
  },
  'doorLock.openingLogs': {
    note: "the REST pages call v1.0 legacy and their sample sends start_time/end_time in seconds; the action doc's table and sample say ms, kept here; no page states the unit",
    routes: [{ method: 'GET', path: '/v1.0/devices/{device_id}/door-lock/open-logs', query: ['page_no', 'page_size', 'start_time', 'end_time'] }],
    path: 'Tuya "Get Unlocking Records" (developer.tuya.com id=Katuf23ipl5ii); Tuya "Unlocking & Alert History APIs" (developer.tuya.com id=Kbe2o4dci8roa)',
  },
  'doorLock.alarmLogs': {
    note: "the page's table names the filter codes, its sample request dp_codes; the table (and the action doc) kept",
    routes: [{ method: 'GET', path: '/v1.0/devices/{device_id}/door-lock/alarm-logs', query: ['page_no', 'page_size', 'codes'] }],
    path: 'Tuya "Get Alert Records" (developer.tuya.com id=Katuevseqfpdg); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.listRecords': {
    routes: [
      {
        method: 'GET',
        path: '/v1.0/devices/{device_id}/door-lock/records',
        query: ['target_standard_dp_codes', 'start_time', 'end_time', 'page_no', 'page_size'],
      },
    ],
    path: 'Tuya page developer.tuya.com id=Kb07l11i6yfcs (untitled in the stored copy)',
  },
  'doorLock.operateRecords': {
    inferred: { method: 'GET', path: '/v1.0/devices/{device_id}/door-lock/operate-records' },
    unverified:
      "no public REST endpoint found (nearest: Tuya \"ms log sdk\" (developer.tuya.com id=Kdwa5iqjs4chn), which does something else); searched Tuya docs and pages for 'operation records logCategories lastRowKey onlyShowMediaRecord', 'smart-lock logs last_ro",
  },
  'doorLock.loglatest': {
    inferred: { method: 'GET', path: '/v1.0/devices/{device_id}/door-lock/latest-log' },
    unverified: "no public REST endpoint found; searched Tuya docs and pages for 'smart-lock latest log unread count'; pages: 'Door lock API latest log entry'",
  },
  'doorLock.getMediaUrl': {
    routes: [{ method: 'GET', path: '/v1.0/devices/{device_id}/door-lock/latest/media/url', query: ['file_type'] }],
    path: 'Tuya "Get the latest remote door opening or alarm cover image" (developer.tuya.com id=Kadb4uxkvqvbv); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.listUsers': {
    routes: [{ method: 'GET', path: '/v1.0/smart-lock/devices/{device_id}/users', query: ['codes', 'page_no', 'page_size'] }],
    path: 'Tuya "Get User Information" (developer.tuya.com id=Kau1o372dire1); Tuya "doorlock api member" (developer.tuya.com id=Kbe2o84on6zgh); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.getUser': {
    routes: [{ method: 'GET', path: '/v1.0/devices/{device_id}/users/{user_id}' }],
    path: 'Tuya "Query Device Members" (developer.tuya.com id=Katuew1w5k2ua); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.listUserOpmodes': {
    routes: [{ method: 'GET', path: '/v1.0/smart-lock/devices/{device_id}/opmodes/{user_id}', query: ['codes', 'unlock_name', 'page_no', 'page_size'] }],
    path: 'Tuya "Get List of Unlocking Methods" (developer.tuya.com id=Kbaif4lf8a2oo); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.listUnallocatedOpmodes': {
    inferred: { method: 'GET', path: '/v1.0/devices/{device_id}/door-lock/opmodes/unallocated' },
    unverified:
      'no public REST endpoint for this action; Tuya "Get Unbound Unlocking Methods" (developer.tuya.com id=Kats0bdtjryts) is GET …/door-lock/unassigned-keys with another request and result shape',
  },
  'doorLock.allocateOpmode': {
    routes: [{ method: 'POST', path: '/v1.0/devices/{device_id}/door-lock/opmodes/actions/allocate', body: ['user_id', 'unlock_list'] }],
    path: 'Tuya "Assign Unlocking Method" (developer.tuya.com id=Kb07l1tsrjoyj); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.deallocateOpmode': {
    routes: [{ method: 'POST', path: '/v1.0/smart-lock/devices/{device_id}/opmodes/actions/cancel-allocate', body: ['user_id', 'unlock_list'] }],
    path: 'Tuya "Unbind Assigned Unlocking Method" (developer.tuya.com id=Kbgmp90vhoc3j); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.setHijack': {
    routes: [{ method: 'PUT', path: '/v1.0/devices/{device_id}/door-lock/unlock-types/{unlock_type}/keys/{unlock_no}/hijack' }],
    path: 'Tuya "Set Duress Alarm" (developer.tuya.com id=Kats0gfzp7318); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.removeHijack': {
    routes: [{ method: 'DELETE', path: '/v1.0/smart-lock/devices/{device_id}/unlock-types/{unlock_type}/keys/{unlock_sn}/hijack' }],
    path: 'Tuya "Cancel Duress Alert" (developer.tuya.com id=Kayexbdie08b8); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.createPermissionSharing': {
    inferred: { method: 'POST', path: '/v1.0/devices/{device_id}/door-lock/permission-sharings' },
    unverified:
      "no public REST endpoint found; searched Tuya's docs, pages and public code for the permission-sharing actions (sharing_ticket, app_schema, sharer, receiver)",
  },
  'doorLock.verifyPermissionSharing': {
    inferred: { method: 'POST', path: '/v1.0/door-lock/permission-sharings/actions/verify' },
    unverified:
      "no public REST endpoint found; searched Tuya's docs, pages and public code for the permission-sharing actions (sharing_ticket, app_schema, sharer, receiver)",
  },
  'doorLock.confirmPermissionSharing': {
    inferred: { method: 'POST', path: '/v1.0/door-lock/permission-sharings/{sharing_id}/actions/confirm' },
    unverified:
      "no public REST endpoint found; searched Tuya's docs, pages and public code for the permission-sharing actions (sharing_ticket, app_schema, sharer, receiver)",
  },
  'doorLock.cancelPermissionSharing': {
    inferred: { method: 'POST', path: '/v1.0/door-lock/permission-sharings/{sharing_id}/actions/cancel' },
    unverified:
      "no public REST endpoint found; searched Tuya's docs, pages and public code for the permission-sharing actions (sharing_ticket, app_schema, sharer, receiver)",
  },
  'device.status': {
    routes: [{ method: 'GET', path: '/v1.0/devices/{deviceId}/status' }],
    path: 'Tuya "Get Device Status" (developer.tuya.com id=Kd9d5gflfoav8); tuya/tuya-iot-python-sdk:tuya_iot/device.py@f97d9ea7',
  },
  'device.control': {
    routes: [{ method: 'POST', path: '/v1.0/devices/{device_id}/commands', body: ['commands'] }],
    path: 'Tuya "Send commands" (developer.tuya.com id=Kdf0wncthfy95); Tuya "Control Device" (developer.tuya.com id=Ka7kk38swasr9); 0x5e/homebridge-tuya-platform:src/device/TuyaDeviceManager.ts@0a510777; tuya/tuya-iot-python-sdk:tuya_iot/device.py@f97d9ea7',
  },
  'device.getListByIds': {
    routes: [
      { method: 'GET', path: '/v1.0/devices', query: ['device_ids', 'product_id', 'schema', 'last_id', 'page_size', 'page_no', 'start_time', 'end_time'] },
    ],
    path: 'Tuya "Get Device List" (developer.tuya.com id=Ka7kjxgxohky4); 0x5e/homebridge-tuya-platform:src/device/TuyaDeviceManager.ts@0a510777',
  },
  'doorLock.getAvailableInstructions': {
    inferred: { method: 'GET', path: '/v1.0/devices/{device_id}/door-lock/dp-instructions' },
    unverified:
      'no public REST endpoint found (nearest: Tuya "Query Properties" (developer.tuya.com id=Kcp2kwfrpe719), which does something else); searched Tuya docs and pages for \'mapping between standard dp_code and dp_id lock\'; none lock-specific',
  },
  'doorLock.unlockInstruction': {
    inferred: { method: 'POST', path: '/v1.0/devices/{device_id}/door-lock/unlock-instruction' },
    unverified:
      "no public REST endpoint found; searched Tuya docs and pages for 'Bluetooth lock unlock instruction bluetooth_sn device_random'; pages: 'Door Lock API Blue",
  },
  'doorLock.bleOpenInstruction': {
    inferred: { method: 'POST', path: '/v1.0/devices/{device_id}/door-lock/ble-open-instruction' },
    unverified:
      "no public REST endpoint found; searched Tuya docs and pages for 'smart-lock ble open instruction bluetooth_major_version'; pages corpus likewise",
  },
  'doorLock.getIssuedConfig': {
    inferred: { method: 'GET', path: '/v1.0/devices/{device_id}/door-lock/issued-config' },
    unverified: "no public REST endpoint found; searched Tuya's docs and pages for lock_random, issued-config and the Bluetooth lock APIs",
  },
  'doorLock.getSyncableOpmodeTypes': {
    inferred: { method: 'GET', path: '/v1.0/devices/{device_id}/door-lock/syncable-opmode-types' },
    unverified:
      "no public REST endpoint found (nearest: Tuya \"Synchronize Unlocking Methods\" (developer.tuya.com id=Kau1o148h0ykl); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5, which does something else); searched Tuya docs and pages for 'Synchronize unlocking methods distributed ins', 'syncable opmode'",
  },
  'device.pairingAuthKey': {
    inferred: { method: 'GET', path: '/v1.0/devices/pairing-auth-key' },
    unverified:
      'no public REST endpoint found (nearest: Tuya "Generate an authKey for Bluetooth Device Pairing" (developer.tuya.com id=Kb03ni6j1k7ix), which does something else); searched Tuya docs and pages for \'encrypted_auth_key random home_id uuid uid pairing authKey\'',
  },
  'timer.currentTime': {
    routes: [{ method: 'GET', path: '/v1.0/iot-03/cloud/system-time' }],
    path: 'Tuya "Get System Time from the Cloud" (developer.tuya.com id=Kb03nic9h64bl)',
  },
};
