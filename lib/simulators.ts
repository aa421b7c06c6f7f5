/**
 * The vendor simulators, for demos, tests and benchmarks:
 * `require('@lockflow/node-red-smartlock/simulators')`. The main entry and the nodes never load
 * them, so a deployed Node-RED carries none of this code.
 */
export { HotelSimulator } from './vendors/hotel/simulator';
export { TuyaSimulator } from './vendors/tuya/simulator';
export { TuyaPushSimulator } from './vendors/tuya/push-simulator';
export { AliyunSimulator } from './vendors/aliyun/simulator';
export { AliyunPushSimulator } from './vendors/aliyun/push-simulator';
export { TtlockSimulator } from './vendors/ttlock/simulator';
export { BookingCalendarSimulator, type CalendarBooking } from './sim/calendar';
export type { Fault, FaultRule } from './sim/server';
