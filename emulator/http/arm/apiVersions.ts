/**
 * The api-versions each resource provider namespace accepts. ARM refuses a request without
 * `api-version` (`MissingApiVersionParameter`) or with one the namespace does not publish
 * (`InvalidApiVersionParameter`, listing the supported ones), before the provider sees it.
 *
 * Each list holds the versions the SDKs and REST calls in this workspace send plus the stable
 * versions published in Azure/azure-rest-api-specs for the namespace. ARM judges per resource
 * type; per namespace is close enough for the types the emulator serves (inferred: the published
 * specs of these types share their namespace's versions).
 */

/** Site Recovery's stable versions (`specification/recoveryservicessiterecovery`); the SDK sends 2023-06-01. */
const RECOVERY_SERVICES = [
  "2016-08-10",
  "2018-01-10",
  "2018-07-10",
  "2021-02-10",
  "2021-03-01",
  "2021-04-01",
  "2021-06-01",
  "2021-07-01",
  "2021-08-01",
  "2021-10-01",
  "2021-11-01",
  "2021-12-01",
  "2022-01-01",
  "2022-02-01",
  "2022-03-01",
  "2022-04-01",
  "2022-05-01",
  "2022-08-01",
  "2022-09-10",
  "2022-10-01",
  "2023-01-01",
  "2023-02-01",
  "2023-04-01",
  "2023-06-01",
  "2023-08-01",
  "2024-01-01",
  "2024-02-01",
  "2024-04-01",
  "2024-10-01",
  "2025-01-01",
  "2025-02-01",
  "2025-08-01",
];

/**
 * Microsoft.Network's stable versions from 2018 on (`specification/network`); `@azure/arm-network`
 * 39 sends 2026-01-01 (and 2018-10-01 for one older operation), the provider's REST calls 2024-05-01.
 */
const NETWORK = [
  "2018-01-01",
  "2018-02-01",
  "2018-04-01",
  "2018-06-01",
  "2018-07-01",
  "2018-08-01",
  "2018-10-01",
  "2018-11-01",
  "2018-12-01",
  "2019-02-01",
  "2019-04-01",
  "2019-06-01",
  "2019-07-01",
  "2019-08-01",
  "2019-09-01",
  "2019-11-01",
  "2019-12-01",
  "2020-03-01",
  "2020-04-01",
  "2020-05-01",
  "2020-06-01",
  "2020-07-01",
  "2020-08-01",
  "2020-11-01",
  "2021-02-01",
  "2021-03-01",
  "2021-05-01",
  "2021-08-01",
  "2022-01-01",
  "2022-05-01",
  "2022-07-01",
  "2022-09-01",
  "2022-11-01",
  "2023-02-01",
  "2023-04-01",
  "2023-05-01",
  "2023-06-01",
  "2023-09-01",
  "2023-11-01",
  "2024-01-01",
  "2024-03-01",
  "2024-05-01",
  "2024-07-01",
  "2024-10-01",
  "2025-01-01",
  "2025-03-01",
  "2025-05-01",
  "2025-07-01",
  "2025-09-01",
  "2026-01-01",
];

/** Microsoft.Compute's virtual machine versions from 2018 on (`specification/compute`); the provider sends 2024-07-01. */
const COMPUTE = [
  "2018-04-01",
  "2018-06-01",
  "2018-10-01",
  "2019-03-01",
  "2019-07-01",
  "2019-12-01",
  "2020-06-01",
  "2020-12-01",
  "2021-03-01",
  "2021-04-01",
  "2021-07-01",
  "2021-11-01",
  "2022-03-01",
  "2022-08-01",
  "2022-11-01",
  "2023-03-01",
  "2023-07-01",
  "2023-09-01",
  "2024-03-01",
  "2024-07-01",
  "2024-11-01",
  "2025-04-01",
];

const byNamespace: ReadonlyMap<string, readonly string[]> = new Map([
  ["microsoft.recoveryservices", RECOVERY_SERVICES],
  ["microsoft.network", NETWORK],
  ["microsoft.compute", COMPUTE],
]);

/** The versions a namespace accepts (case-insensitive name); `undefined` for a namespace the emulator does not serve. */
export function supportedApiVersions(namespace: string): readonly string[] | undefined {
  return byNamespace.get(namespace.toLowerCase());
}
