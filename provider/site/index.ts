/**
 * Live reads of the site, cached per provider process, and their conversion to rule facts.
 */

export {
  type ApplianceComponentReport,
  type ApplianceSite,
  readApplianceSite,
  worstHealth,
} from "./applianceSite";
export * from "./facts";
export * from "./failbackFabric";
export * from "./freshReads";
export { hyperVSiteFacts } from "./hyperVSite";
export { getLiveSite, LiveSite } from "./liveSite";
export { type ModernizedSiteFacts, readModernizedSite } from "./modernizedSite";
export * from "./planItems";
export * from "./processServerSite";
export { CHECK_LIST_SHARING_MS, vaultItemsChanged, vaultItemsForCheck } from "./sharedVaultItems";
