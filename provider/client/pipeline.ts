/**
 * Pipeline pieces shared by the clients: the static-token policy that stands in for the bearer
 * token policy when talking to the emulator (which refuses non-https URLs), the retry options,
 * the pacing within ARM's request buckets, and the credential.
 */
import type { TokenCredential } from "@azure/core-auth";
import {
  bearerTokenAuthenticationPolicyName,
  type Pipeline,
  type PipelinePolicy,
} from "@azure/core-rest-pipeline";
import type { AzureClientConfig } from "./config";
import { pacerFor, pacingPolicy, pacingPolicyName } from "./pacing";

/** Name of {@link staticTokenPolicy}. */
export const staticTokenPolicyName = "asrFailbackStaticTokenPolicy";

/** Sets `Authorization: Bearer <token>` on every request. */
export function staticTokenPolicy(token: string): PipelinePolicy {
  return {
    name: staticTokenPolicyName,
    sendRequest(request, next) {
      request.headers.set("Authorization", `Bearer ${token}`);
      return next(request);
    },
  };
}

/** True when the endpoint is plain http (the local emulator). */
export function isInsecureEndpoint(config: AzureClientConfig): boolean {
  return config.endpoint.startsWith("http://");
}

/** Replaces the bearer token policy of a client pipeline with the static token one. */
export function useStaticToken(pipeline: Pipeline, token: string): void {
  pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
  pipeline.removePolicy({ name: staticTokenPolicyName });
  pipeline.addPolicy(staticTokenPolicy(token), { phase: "Sign" });
}

/** A credential that never gets a token: the static token policy replaces its use. */
export const unusedCredential: TokenCredential = {
  getToken: async () => {
    throw new Error("internal error: the credential is not used when a static token is configured");
  },
};

/** The credential for real Azure (loaded lazily: @azure/identity is large). */
export async function defaultCredential(): Promise<TokenCredential> {
  const identity = await import("@azure/identity");
  return new identity.DefaultAzureCredential();
}

/** The pipeline retry options from the configuration. */
export function retryOptions(config: AzureClientConfig) {
  return {
    maxRetries: config.retry.maxRetries,
    retryDelayInMs: config.retry.retryDelayInMs,
    maxRetryDelayInMs: config.retry.maxRetryDelayInMs,
  };
}

/**
 * Paces a client's requests within the buckets of its endpoint and subscription, shared with
 * every other client of the process. Placed after the retry phase: each attempt is paced, and a
 * 429 is seen before the retry policy retries it.
 */
export function usePacing(pipeline: Pipeline, config: AzureClientConfig): void {
  pipeline.removePolicy({ name: pacingPolicyName });
  pipeline.addPolicy(pacingPolicy(pacerFor(config.endpoint, config.subscriptionId)), { afterPhase: "Retry" });
}
