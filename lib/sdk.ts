/**
 * The public SDK for lock systems written outside this package:
 * `require('@lockflow/node-red-smartlock/sdk')`. Semver applies to every name exported here
 * (test/sdk.test.js keeps the list); anything reached by a deeper path is private and may change.
 * A module from outside declares this package as a peerDependency, so it and the nodes share one
 * copy; should npm still nest a second one, its errors are recognised by brand (`isLockError`).
 */

// The module a system exports, and what it is made of.
export type { VendorModule, SavedConfig, FormRow, ConfigDefinition, TransportField, VendorTexts, EventMapping, EventCodes } from './vendor';
export { defineVendor, registerVendor, vendorProblems } from './vendors';

// The operation catalog (data) and the overrides a config applies to it.
export type { Catalog, Operation, Param, ParamType, Rule, ResultSource, ResultSpec, Family, OperationOverride, VendorOptions } from './catalog';
export { withOverrides, findOperation, fromDoc } from './catalog';
export { FAMILIES } from './families';
export type { PreparedCall, WireParams, WireValue, TimeContext } from './operation';

// The vendor-neutral client a system's createClient returns, over the system's own transport.
export { LockClient, type VendorTransport, type CallContext, type CallResult } from './client';

// Errors: the contract's codes, recognised by brand across installed copies.
export { LockError, isLockError, asLockError, ERROR_CODES, type ErrorCode, type LockErrorDetails } from './errors';

// HTTP: deadline, retry policy, per-config concurrency, rate limit, queue and keep-alive.
export {
  HttpTransport,
  TRANSPORT_DEFAULTS,
  TRANSPORT_LIMITS,
  httpError,
  networkError,
  parseJsonBody,
  shouldRetry,
  type TransportOptions,
  type OutgoingRequest,
  type RawResponse,
} from './transport';
export { TokenKeeper, TOKEN_LIFETIME, lifetimeMs, type AccessToken, type TokenLifetimeLimits } from './token';
export { restRequest, encodedQuery, pathSegment, type RestRequest } from './rest';

// Reading a saved config node the way the built-in systems do.
export { text, transportOptions, overridesFrom, timeZoneOf, baseUrlOf, eventsUrlOf, regionRows, warnIfPlainHttp, textsIn } from './config';

// Events, for a system with a push stream: an event's `time` is written with formatIso in the
// config's zone (LockClient.timeZone), as every output time.
export { EVENT_KINDS, type LockEvent, type EventKind } from './events';
export { formatIso } from './time';
export type { PushTransport, PushHandlers, PushMessage, CallbackServer } from './push';
