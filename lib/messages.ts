/**
 * Every error text the package reports, in English, by key. Errors carry the key and its values
 * so the nodes can say them in the runtime's language (locales/<lang>/smartlock.json › errors;
 * the build writes the en-US ones from this table). `__name__` marks a value, as in Node-RED's
 * own message catalogs.
 */
export const MESSAGES = {
  // input checks
  notString: '__name__ must be a string, not __given__',
  tooLong: '__name__ is longer than __max__ characters',
  tooShort: '__name__ is shorter than __min__ characters',
  controlChars: '__name__ contains control characters',
  notImage: '__name__ must be a base64 string or a Buffer, not __given__',
  tooLarge: '__name__ is larger than __max__ bytes',
  notBase64: '__name__ is not valid base64',
  notJpegPng: '__name__ must be a JPEG or PNG image',
  notId: '__name__ must be a non-negative integer or a string',
  notInteger: '__name__ must be an integer, not __given__',
  outOfRange: '__name__ must be between __min__ and __max__',
  notDigits: '__name__ must be a string of digits, not __given__',
  digitsLength: '__name__ must be __length__ digits',
  notHex: '__name__ must be hex (dashes allowed between bytes)',
  notBoolean: '__name__ must be true or false, not __given__',
  notJsonValue: '__name__ must be an object or an array',
  tooDeep: '__name__ nests deeper than __max__ levels (or contains itself)',
  notJsonData: '__name__ holds __given__, which JSON cannot carry',
  emptyList: '__name__ must be a non-empty list',
  tooManyItems: '__name__ holds __count__ entries; at most __max__ are allowed',
  itemNotObject: '__name__[__index__] must be an object',
  notOneOf: '__name__ must be one of __values__',
  notJson: '__name__ is not valid JSON',
  required: '__name__ is required',
  requiredFor: '__name__ is required for __operation__',
  needsOneOf: '__operation__ needs __names__',
  notLater: '__later__ must be later than __earlier__',
  needsBoth: '__missing__ is missing: __operation__ takes __given__ and __missing__ together',
  requiredUnlessPermanent: '__name__ is required for __operation__, unless __flag__ is true',
  permanentWithValidity: '__name__ cannot be given with __flag__: true (a permanent one has no validity)',
  tooFarApart: '__later__ must be at most __hours__ hours after __earlier__',
  badTime: '__name__ must be an ISO 8601 time, epoch seconds or milliseconds, or a Date',
  timeOutOfRange: '__name__ is not a valid time between 2000 and 2100',
  stayShape: 'a stay must be an object: {id, guest, from, until, doors?, status?}',
  stayField: "the stay's __name__ is missing or not valid",
  stayUnknownDoor: 'no door "__name__" in this node (its doors: __doors__)',
  stayEmpty: 'the stay ends (__until__) before it starts (__from__)',
  stayDoor: "a door's __name__ is not valid: __value__",
  stayDoorConfig: 'door "__name__": choose a deployed lock configuration for it',
  stayDoorCannot: 'door "__name__": __vendor__ cannot keep a guest\'s __grant__ with its own validity here',
  stayWeekly: "a stay's weekly is a list of {days: ['tue', …], from: 'HH:mm', until: 'HH:mm'} (until after from, the same day)",
  stayWeeklyCannot: 'door "__name__": __vendor__ cannot repeat a credential weekly; give this stay other doors, or no weekly',
  stayNoAccount: "a stay's guest needs an email or a phone for an app key: __vendor__ sends eKeys to the guest's account",
  feedTooMany: 'the booking feed lists __count__ events, more than a listing has (at most __max__): nothing changed',
  feedUrl: 'the booking feed address must be an http:// or https:// URL',
  staySlotsFull: 'door "__name__": every slot the stays may use (__from__-__to__) holds a stay\'s code',
  calendarEmpty: 'the calendar feed is empty',
  calendarNotIcal: 'the calendar feed is not iCalendar: it starts with "__value__", not BEGIN:VCALENDAR',
  calendarCut: 'the calendar feed stops before END:VCALENDAR: it was cut short',
  calendarUnreadable: 'the calendar feed cannot be read as iCalendar: __reason__',
  calendarTooLarge: 'the calendar feed is __size__ MB; at most __max__ MB are read',
  unknownTimeZone: 'unknown time zone "__zone__"',
  dotSegment: '__name__ cannot be "__value__"',
  neededFor: '__name__ is needed for __operation__',
  pinLength: 'password must be __length__ digits for a __lockType__ lock',
  fieldUnreadable: 'cannot read a field: __reason__',
  noOperation: 'msg.operation must name the vendor operation to call',
  // what a vendor or configuration offers
  noSuchOperation: '__vendor__ has no operation "__operation__"',
  notSupported: '__vendor__ does not support "__operation__"',
  noConfig: 'no lock configuration selected',
  choicesNotDeployed: 'deploy this lock configuration first: its list comes from the running system',
  noChoices: 'no list of values for __name__: type it',
  configUnusable: 'the lock configuration is not usable',
  badConfig: 'invalid lock configuration: __reason__',
  urlCredentials: 'credentials do not belong in the URL (__name__): use the fields for them',
  badVendor: 'cannot add this lock system: __reason__',
  overridesNotJson: 'overrides must be JSON: {"operation": {"path": "/…"}}',
  overridesNotObject: 'overrides must be a JSON object',
  badOverride: '__reason__',
  noTuyaHost: 'choose a data center or give a custom URL',
  noAliyunHost: 'choose a host or give a custom URL',
  noDevices: 'no device to watch: list device IDs, comma separated',
  noPush: '__vendor__ has no push events: choose polling',
  noCallbackKey: '__vendor__ pushes to a callback URL: set its callback key in the configuration, or poll (list the locks)',
  badCallbackKey: 'the callback key must be 16 to 128 letters, digits, - or _ (it is part of the callback URL)',
  noCallbackServer: "push by callback needs Node-RED's HTTP server (httpNodeRoot is off)",
  badKind: 'unknown event kind "__kind__" (kinds: __kinds__)',
  noEventsUrl: 'give the push events URL (wss://…): this data center has no default',
  noAmqpUrl:
    "give the push events URL (amqps://…): the aksign login has no default; IoT Platform's console shows it on the instance's Endpoint (终端节点) page, or it is amqps://<account uid>.iot-amqp.<region>.aliyuncs.com:5671",
  configFromFuture:
    'this node was saved by a newer release (configuration version __version__; this one knows up to __current__): update @lockflow/node-red-smartlock',
  badConfigVersion: 'configVersion "__version__" is not a version number',
  needsIotToken: "__operation__ needs the signed-in user's iotToken: set it in the configuration or in msg.iotToken",
  needsProject: '__operation__ needs the project id in the configuration (for the cloud token)',
  // the service's answers
  refused: '__vendor__ refused: __reason__',
  // … by the systems' code tables (lib/vendors/<id>/errors.ts)
  serviceError: '__vendor__ had an internal error (__reason__): try again later',
  signatureRefused: '__vendor__ refused the signature: check the Access ID and Access Secret',
  idRefused: '__vendor__ does not know these credentials: check the ID and secret in the configuration',
  tokenRefused: '__vendor__ refused the access token (__reason__)',
  clockRefused: "__vendor__ refused the request time: check this computer's clock",
  paramRefused: '__vendor__ refused a parameter: __reason__',
  pathRefused: '__vendor__ does not know this request (__reason__): check the operation overrides',
  deviceNotInProject: 'device __value__ is not in this project, or the id is wrong',
  deviceNotBound: 'device __value__ is not bound to this account, or the id is wrong',
  deviceNotFound: 'device __value__ not found: check the id (list devices gives them)',
  userNotFound: 'user __value__ not found: check the id (list users gives them)',
  idNotFound: '__subject__ __value__ not found (__reason__): check the id (the list operation gives them)',
  accountRefused: '__vendor__ refused the user name or password (__reason__): check the account in the configuration',
  recordNotFound: '__vendor__ found nothing for this request (__reason__)',
  noDevicesInAccount: 'this account has no devices',
  deviceOffline: 'device __value__ is offline: try again when it is back online',
  deviceSlow: 'device __value__ did not answer in time',
  deviceCannot: 'device __value__ cannot do this (__reason__)',
  commandFailed: 'the command did not reach device __value__ (__reason__)',
  keyBoundElsewhere: 'this key is already bound to another virtual user',
  keyNotBound: 'this key is not bound to a virtual user',
  identityMissing: "the app user's identityId is missing: set it in the configuration",
  requestRefused: '__vendor__ refused the request: __reason__',
  unauthorized: '__vendor__ refused the credentials (__reason__): check the AppKey, AppSecret and tokens',
  gatewayRefused: 'Alibaba Cloud API gateway refused the request: __reason__',
  noToken: '__vendor__ sent no usable __token__',
  iotTokenNotRenewable: 'the iotToken was refused and there is no refreshToken + identityId to renew it',
  noTicket: 'Tuya sent no password ticket',
  secretLength: 'the Access Secret must be 32 characters to encrypt passwords',
  ticketUndecryptable: 'cannot decrypt the password ticket with this Access Secret',
  rateLimited: 'the lock service is rate limiting requests',
  monthlyQuota: "the account's monthly API quota is used up (__reason__): it renews on the first of the month, or upgrade the developer account",
  wifiNotConfigured: 'Wi-Fi lock __value__ has no network configured: set up its Wi-Fi in the TTLock app (__reason__)',
  wifiPowerSaving: 'Wi-Fi lock __value__ is in power-saving mode: turn power saving off in the TTLock app (__reason__)',
  otherPlatform:
    "this account is on TTLock's other platform (__reason__): mainland-China accounts need the China region (cnapi.ttlock.com), others the eu region (euapi.ttlock.com)",
  credentialsRefused: 'the lock service refused the credentials (HTTP __status__)',
  httpStatus: 'the lock service answered HTTP __status__',
  malformed: 'the lock service sent a malformed response',
  // the network and the node's own lifecycle
  timeout: 'the lock service did not answer in time',
  unreachable: 'cannot reach the lock service (__reason__)',
  connectionFailed: 'connection to the lock service failed (__reason__)',
  timeoutAt: '__url__ did not answer in time',
  unreachableAt: 'cannot reach __url__ (__reason__)',
  connectionFailedAt: 'the connection to __url__ failed (__reason__)',
  cancelled: 'request cancelled: the node or its configuration was closed',
  configClosed: 'the lock configuration was closed',
  closedDuringRetry: 'the lock configuration was closed during a retry',
  queueFull: 'more than __max__ requests are waiting for this lock configuration',
  unexpected: 'unexpected failure: __reason__',
  pushRefused: 'the push service refused the credentials (HTTP __status__)',
  pushUnreadable: 'push message __id__ could not be read (__reason__): acknowledged and dropped',
  pushIgnored: 'a push frame could not be read (__reason__) and was ignored: it has no message id to acknowledge',
  pushClosed: 'the push connection closed (__reason__)',
  pushTooLarge:
    "a push message larger than __max__ MiB is at the head of the subscription, so the stream reconnects to it: the broker's maxMessageSize is above Pulsar's 5 MiB default; lower it or remove the message",
  callbackUnreadable: 'a callback for lock __lockId__ could not be read (__reason__): refused, nothing emitted',
  callbackTooMany: 'a callback for lock __lockId__ carries __count__ records, more than the __max__ read at once: refused, nothing emitted',
  callbackForeignLock: 'a callback for lock __lockId__, which this account does not list: not emitted (said once per lock)',
  callbackIgnored: 'callbacks of notifyType __type__ are not lock records: answered and not emitted (said once)',
  pollingInstead: '__reason__ — polling the listed locks instead',
  pushUnknownShape: 'push message __id__ has a __what__: sent as a state event with its raw body; said once, later ones are not',
  partial: '__operation__ succeeded, then __step__ failed (__reason__): msg.payload holds what was created',
} as const;

export type MessageKey = keyof typeof MESSAGES;
export type MessageParams = Record<string, string | number>;

/** What a value from outside (a msg, a flow, a service) may take of a line: a 100 000-character operation name is not echoed whole. */
export const SHOWN_MAX = 60;
/** The values that come from outside, by name, and how much of each a text shows; a reason (a vendor's text, kept whole in vendorMessage) more. */
const SHOWN: Readonly<Record<string, number>> = {
  operation: SHOWN_MAX,
  value: SHOWN_MAX,
  zone: SHOWN_MAX,
  kind: SHOWN_MAX,
  version: SHOWN_MAX,
  id: SHOWN_MAX,
  lockId: SHOWN_MAX,
  type: SHOWN_MAX,
  reason: 300,
};

/** Text cut to `max` characters with an ellipsis where it was cut (a surrogate pair is kept whole). */
export function cut(text: string, max = SHOWN_MAX): string {
  if (text.length <= max) return text;
  const end = /[\ud800-\udbff]/.test(text[max - 2] ?? '') ? max - 2 : max - 1;
  return `${text.slice(0, end)}…`;
}

/** A message's values as a text shows them: those from outside cut to their length (the values themselves stay whole in the error). */
export function shown<T extends Record<string, unknown>>(params: T): T {
  let out: T | undefined;
  for (const [name, max] of Object.entries(SHOWN)) {
    const v = Object.prototype.hasOwnProperty.call(params, name) ? params[name] : undefined;
    if (typeof v === 'string' && v.length > max) (out ??= { ...params })[name as keyof T] = cut(v, max) as T[keyof T];
  }
  return out ?? params;
}

/** The English text of a message. */
export function format(key: MessageKey, params: MessageParams = {}): string {
  return fill(MESSAGES[key], shown(params));
}

/** C0, DEL, C1 and the Unicode line breaks: in a value a vendor sent, each could start a forged line of Node-RED's log. */
// eslint-disable-next-line no-control-regex -- these are the characters looked for
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** A text as one line of a log: its control characters as spaces. */
export function oneLine(text: string): string {
  return text.replace(CONTROL, ' ');
}

/** A text with its `__name__` values put in, each on the text's one line; an empty value leaves no double space behind. */
export function fill(text: string, params: MessageParams): string {
  return text
    .replace(/__(\w+)__/g, (whole, name: string) => (Object.prototype.hasOwnProperty.call(params, name) ? oneLine(String(params[name])) : whole))
    .replace(/ {2,}/g, ' ')
    .replace(/ ([:,)])/g, '$1');
}
