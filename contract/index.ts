/**
 * The wire vocabulary that the provider and the emulator share, and nothing else: typed ARM
 * resource IDs and naming rules, Site Recovery's error codes, the health codes under which it
 * reports site facts, and the `$filter` dialect of its lists. Both sides import these tables so
 * that what one sends the other reads the same way.
 */
export * from "./applianceErrorCodes";
export * from "./armIds";
export * from "./armNames";
export * from "./asrErrorCodes";
export * from "./odataFilter";
export * from "./siteHealthCodes";
