/**
 * The client layer: configuration, the typed client over the Azure SDKs, and error guidance.
 */

export {
  type ActionResult,
  type AsrClient,
  AzureAsrClient,
  type ConnectivityCheckSpec,
  createAsrClient,
  jobNameFromOperationUrl,
  type ProcessServerVm,
  type ProcessServerVmSpec,
  type ProtectedItemLocator,
  type ProtectedItemRef,
} from "./asrClient";
export type { ActionOptions, CallOptions, JobAwaiter, StartedJob } from "./callOptions";
export {
  AzureClientConfig,
  type AzureClientConfigInput,
  ClientEnvironment,
  resolveClientConfig,
} from "./config";
export { guidanceMessage, isNotFound, toAzureCallError } from "./errors";
export { type Guidance, guidanceByCode } from "./guidance";
export { type JobListFilter, type JobStateName, jobListFilterText } from "./jobListFilter";
export { resetServiceClockForTesting, serviceNow } from "./serviceClock";
