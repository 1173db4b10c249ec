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
export type { ActionOptions, CallOptions } from "./callOptions";
export {
  AzureClientConfig,
  type AzureClientConfigInput,
  ClientConfigError,
  ClientEnvironment,
  resolveClientConfig,
} from "./config";
export {
  AzureCallError,
  type Guidance,
  guidanceByCode,
  guidanceMessage,
  isNotFound,
  toAzureCallError,
} from "./errors";
