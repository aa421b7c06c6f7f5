/**
 * Where each Tuya operation's REST method and path come from. The two docs give the OSaaS paths
 * and the smart-lock actions' names and parameters, but no action's REST path: for those, the
 * public Tuya page (its title and id on developer.tuya.com) or public code that shows it, or why none
 * backs it and what was searched. Facts only; checked 2026-11-23 against stored copies.
 */
export const TUYA_PATH_EVIDENCE: Record<string, { path?: string; unverified?: string }> = {
  'doorLock.passwordTicket': {
    path: 'Tuya "Get Temporary Key" (developer.tuya.com id=Kat26yeejknqo); Tuya "Get Temporary Key" (developer.tuya.com id=Kayexb4jp4g9g); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.createTemporaryPassword': {
    path: 'Tuya "Create Temporary Password" (developer.tuya.com id=Kat26xwaal5be); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.createTemporaryPasswordWithoutName': {
    path: 'Tuya "Create Unnamed Temporary Password" (developer.tuya.com id=Katueyzmeu2wm); Tuya "Smart Lock Open APIs" (developer.tuya.com id=K9jgsgd4cgysr)',
  },
  'doorLock.modifyTemporaryPassword': { path: 'Tuya "Modify Temporary Password" (developer.tuya.com id=Kats0a3z9cysu)' },
  'doorLock.renameTemporaryPassword': {
    path: 'Tuya "Modify Temporary Password" (developer.tuya.com id=Kats0a3z9cysu); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.deleteTemporaryPassword': { path: 'Tuya "Delete Temporary Password" (developer.tuya.com id=Kats0d1pin57l)' },
  'doorLock.getTemporaryPassword': { path: 'Tuya "Get Temporary Password" (developer.tuya.com id=Katuf3lapw1ez)' },
  'doorLock.getTemporaryPasswordList': {
    path: 'Tuya "Get Temporary Passwords" (developer.tuya.com id=Katuf6m81zmz2); Tuya "Get Periodic Temporary Passwords of Keepalive Locks" (developer.tuya.com id=Kau1o0v7098oz)',
  },
  'doorLock.removalInvalidTempPasswords': {
    unverified:
      'no public REST endpoint found (searched: removalInvalidTempPasswords, clear invalid temporary passwords, invalid-temp-passwords); Tuya "Clear Temporary Passwords" (developer.tuya.com id=Katuf19h0k9b0) clears every one, valid ones too, and is never used; only Tuya\'s mini-app SDK has clearTempInvalidList',
  },
  'doorLock.getDynamicPassword': {
    path: 'Tuya "Get Dynamic Password" (developer.tuya.com id=Kats0bm52lts9); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.deleteOfflinePassword': {
    path: 'Tuya "生成离线临时密码" (developer.tuya.com id=Kaospm7walgd5); Tuya "智能门锁开放能力" (developer.tuya.com id=K9jgsgd4cgysr)',
  },
  'doorLock.passwordFreeOpen': {
    path: 'Tuya "Hotel Door Lock" (developer.tuya.com id=Kaggqxyfanhwi); jasonacox/tinytuya:examples/cloudrequest.py@c51b4c3f; alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.openDoor': { path: 'Tuya "Remote Unlocking with Password" (developer.tuya.com id=Kat272xo05pfz)' },
  'doorLock.cancelPasswordFreeOpen': { path: 'alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5' },
  'doorLock.remoteUnlocks': { path: 'Tuya "Remote Unlocking APIs" (developer.tuya.com id=Kbe2nm6j9hcsj)' },
  'doorLock.remoteUnlockConfig': { path: 'Tuya "Remote Unlocking APIs" (developer.tuya.com id=Kbe2nm6j9hcsj)' },
  'doorLock.openingLogs': {
    path: 'Tuya "Get Unlocking Records" (developer.tuya.com id=Katuf23ipl5ii); Tuya "Unlocking & Alert History APIs" (developer.tuya.com id=Kbe2o4dci8roa)',
  },
  'doorLock.alarmLogs': {
    path: 'Tuya "Get Alert Records" (developer.tuya.com id=Katuevseqfpdg); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.listRecords': { path: 'Tuya page developer.tuya.com id=Kb07l11i6yfcs (untitled in the stored copy)' },
  'doorLock.operateRecords': {
    unverified:
      "no public REST endpoint found (nearest: Tuya \"ms log sdk\" (developer.tuya.com id=Kdwa5iqjs4chn), which does something else); searched Tuya docs and pages for 'operation records logCategories lastRowKey onlyShowMediaRecord', 'smart-lock logs last_ro",
  },
  'doorLock.loglatest': {
    unverified: "no public REST endpoint found; searched Tuya docs and pages for 'smart-lock latest log unread count'; pages: 'Door lock API latest log entry'",
  },
  'doorLock.getMediaUrl': {
    path: 'Tuya "Get the latest remote door opening or alarm cover image" (developer.tuya.com id=Kadb4uxkvqvbv); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.listUsers': {
    path: 'Tuya "Get User Information" (developer.tuya.com id=Kau1o372dire1); Tuya "doorlock api member" (developer.tuya.com id=Kbe2o84on6zgh); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.getUser': {
    path: 'Tuya "Query Device Members" (developer.tuya.com id=Katuew1w5k2ua); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.listUserOpmodes': {
    path: 'Tuya "Get List of Unlocking Methods" (developer.tuya.com id=Kbaif4lf8a2oo); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.listUnallocatedOpmodes': {
    unverified:
      'no public REST endpoint for this action; Tuya "Get Unbound Unlocking Methods" (developer.tuya.com id=Kats0bdtjryts) is GET …/door-lock/unassigned-keys with another request and result shape',
  },
  'doorLock.allocateOpmode': {
    path: 'Tuya "Assign Unlocking Method" (developer.tuya.com id=Kb07l1tsrjoyj); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.deallocateOpmode': {
    path: 'Tuya "Unbind Assigned Unlocking Method" (developer.tuya.com id=Kbgmp90vhoc3j); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.setHijack': {
    path: 'Tuya "Set Duress Alarm" (developer.tuya.com id=Kats0gfzp7318); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.removeHijack': {
    path: 'Tuya "Cancel Duress Alert" (developer.tuya.com id=Kayexbdie08b8); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5',
  },
  'doorLock.createPermissionSharing': {
    unverified:
      "no public REST endpoint found; searched Tuya's docs, pages and public code for the permission-sharing actions (sharing_ticket, app_schema, sharer, receiver)",
  },
  'doorLock.verifyPermissionSharing': {
    unverified:
      "no public REST endpoint found; searched Tuya's docs, pages and public code for the permission-sharing actions (sharing_ticket, app_schema, sharer, receiver)",
  },
  'doorLock.confirmPermissionSharing': {
    unverified:
      "no public REST endpoint found; searched Tuya's docs, pages and public code for the permission-sharing actions (sharing_ticket, app_schema, sharer, receiver)",
  },
  'doorLock.cancelPermissionSharing': {
    unverified:
      "no public REST endpoint found; searched Tuya's docs, pages and public code for the permission-sharing actions (sharing_ticket, app_schema, sharer, receiver)",
  },
  'device.status': { path: 'Tuya "Get Device Status" (developer.tuya.com id=Kd9d5gflfoav8); tuya/tuya-iot-python-sdk:tuya_iot/device.py@f97d9ea7' },
  'device.control': {
    path: 'Tuya "Send commands" (developer.tuya.com id=Kdf0wncthfy95); 0x5e/homebridge-tuya-platform:src/device/TuyaDeviceManager.ts@0a510777; tuya/tuya-iot-python-sdk:tuya_iot/device.py@f97d9ea7',
  },
  'device.getListByIds': {
    path: 'Tuya "Get Device List" (developer.tuya.com id=Ka7kjxgxohky4); 0x5e/homebridge-tuya-platform:src/device/TuyaDeviceManager.ts@0a510777',
  },
  'doorLock.getAvailableInstructions': {
    unverified:
      'no public REST endpoint found (nearest: Tuya "Query Properties" (developer.tuya.com id=Kcp2kwfrpe719), which does something else); searched Tuya docs and pages for \'mapping between standard dp_code and dp_id lock\'; none lock-specific',
  },
  'doorLock.unlockInstruction': {
    unverified:
      "no public REST endpoint found; searched Tuya docs and pages for 'Bluetooth lock unlock instruction bluetooth_sn device_random'; pages: 'Door Lock API Blue",
  },
  'doorLock.bleOpenInstruction': {
    unverified:
      "no public REST endpoint found; searched Tuya docs and pages for 'smart-lock ble open instruction bluetooth_major_version'; pages corpus likewise",
  },
  'doorLock.getIssuedConfig': {
    unverified: "no public REST endpoint found; searched Tuya's docs and pages for lock_random, issued-config and the Bluetooth lock APIs",
  },
  'doorLock.getSyncableOpmodeTypes': {
    unverified:
      "no public REST endpoint found (nearest: Tuya \"Synchronize Unlocking Methods\" (developer.tuya.com id=Kau1o148h0ykl); alex-swiftcodesolution/adminpanel-3:lib/tuya/tuya-api-wrapper.ts@611d2ba5, which does something else); searched Tuya docs and pages for 'Synchronize unlocking methods distributed ins', 'syncable opmode'",
  },
  'device.pairingAuthKey': {
    unverified:
      'no public REST endpoint found (nearest: Tuya "Generate an authKey for Bluetooth Device Pairing" (developer.tuya.com id=Kb03ni6j1k7ix), which does something else); searched Tuya docs and pages for \'encrypted_auth_key random home_id uuid uid pairing authKey\'',
  },
  'timer.currentTime': { path: 'Tuya "Get System Time from the Cloud" (developer.tuya.com id=Kb03nic9h64bl)' },
};
