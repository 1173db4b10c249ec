/**
 * The few Microsoft.Compute calls the provider needs (deploying the process server VM), sent
 * through an Azure core pipeline with the same retry and auth policies as the SDK clients, and
 * polled by `@azure/core-lro`'s HTTP poller — the SDK's own LRO machinery — since
 * `@azure/arm-compute` is not a dependency.
 */
import type { TokenCredential } from "@azure/core-auth";
import { createHttpPoller } from "@azure/core-lro";
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type HttpMethods,
  type Pipeline,
  RestError,
} from "@azure/core-rest-pipeline";
import type { AzureClientConfig } from "./config";
import { isInsecureEndpoint, retryOptions, staticTokenPolicy, usePacing } from "./pipeline";
import { serviceClockPolicy } from "./serviceClock";

/** Compute api-version used for virtual machines. */
export const COMPUTE_API_VERSION = "2024-07-01";
/** Network api-version used for network interfaces. */
export const NETWORK_INTERFACE_API_VERSION = "2024-05-01";

/** A JSON answer. */
export interface RestAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly request: { url: string; method: string };
}

/** Minimal ARM REST client over an Azure core pipeline. */
export class ArmRestClient {
  private readonly pipeline: Pipeline;
  private readonly httpClient: HttpClient;

  constructor(
    private readonly config: AzureClientConfig,
    credential: TokenCredential | undefined,
  ) {
    this.pipeline = createPipelineFromOptions({
      retryOptions: retryOptions(config),
      userAgentOptions: { userAgentPrefix: "pulumi-asr-failback" },
    });
    if (config.token) this.pipeline.addPolicy(staticTokenPolicy(config.token), { phase: "Sign" });
    else if (credential) {
      this.pipeline.addPolicy(
        bearerTokenAuthenticationPolicy({ credential, scopes: "https://management.azure.com/.default" }),
        {
          phase: "Sign",
        },
      );
    }
    this.pipeline.addPolicy(serviceClockPolicy());
    usePacing(this.pipeline, config);
    this.httpClient = createDefaultHttpClient();
  }

  /** Sends one request; answers >= 400 throw a RestError with the ARM error code. */
  async send(
    method: HttpMethods,
    pathOrUrl: string,
    apiVersion: string,
    body: unknown,
    abortSignal: AbortSignal,
  ): Promise<RestAnswer> {
    const url = new URL(pathOrUrl, this.config.endpoint);
    if (!url.searchParams.has("api-version")) url.searchParams.set("api-version", apiVersion);
    const request = createPipelineRequest({
      url: url.toString(),
      method,
      abortSignal,
      allowInsecureConnection: isInsecureEndpoint(this.config),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    request.headers.set("Accept", "application/json");
    if (body !== undefined) request.headers.set("Content-Type", "application/json");
    const response = await this.pipeline.sendRequest(this.httpClient, request);
    let parsed: unknown;
    if (response.bodyAsText) {
      try {
        parsed = JSON.parse(response.bodyAsText);
      } catch {
        parsed = response.bodyAsText;
      }
    }
    if (response.status >= 400) {
      const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new RestError(error?.message ?? `HTTP ${response.status}`, {
        code: error?.code,
        statusCode: response.status,
        request,
        response,
      });
    }
    return {
      status: response.status,
      headers: response.headers.toJSON(),
      body: parsed,
      request: { url: request.url, method },
    };
  }

  /** Sends a long-running request and polls it to completion with core-lro. */
  async longRunning(
    method: HttpMethods,
    path: string,
    apiVersion: string,
    body: unknown,
    abortSignal: AbortSignal,
    onPoll?: () => void,
  ): Promise<unknown> {
    const toLro = (answer: RestAnswer) => ({
      flatResponse: answer.body,
      rawResponse: {
        statusCode: answer.status,
        headers: answer.headers,
        body: answer.body,
        request: answer.request,
      },
    });
    const poller = createHttpPoller<unknown, never>(
      {
        sendInitialRequest: async () => toLro(await this.send(method, path, apiVersion, body, abortSignal)),
        sendPollRequest: async (pollPath, options) =>
          toLro(
            await this.send(
              "GET",
              pollPath,
              apiVersion,
              undefined,
              (options?.abortSignal as AbortSignal | undefined) ?? abortSignal,
            ),
          ),
      },
      { intervalInMs: this.config.pollIntervalInMs },
    );
    if (onPoll) poller.onProgress(onPoll);
    return poller.pollUntilDone({ abortSignal });
  }
}
