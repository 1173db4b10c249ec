/**
 * The emulator's one error factory. Every refusal the emulator gives — HTTP errors and failed
 * jobs alike — is built here, with the status and code real ARM / Site Recovery use, so the
 * client layer is tested against the same codes it meets in Azure.
 */
import { type ApplianceErrorCode, type AsrErrorCode, AsrErrorCodes } from "asr-contract";

/** One entry of `error.details[]` (and the service error of a failed job). */
export interface ArmErrorDetail {
  /** Error code. */
  readonly code: string;
  /** Human-readable message. */
  readonly message: string;
  /** Why it happens (Site Recovery fills this in for its numeric codes). */
  readonly possibleCauses?: string;
  /** What the user should do. */
  readonly recommendedAction?: string;
}

/** An error the emulator answers with: HTTP status plus the ARM error body. */
export class ArmError extends Error {
  override readonly name = "ArmError";
  constructor(
    /** HTTP status code to answer with. */
    readonly statusCode: number,
    /** ARM error code (`error.code`). */
    readonly code: string,
    message: string,
    /** `error.details[]`. */
    readonly details: readonly ArmErrorDetail[] = [],
    /** Extra headers (e.g. `Retry-After` on 429). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  /** The JSON body ARM sends: `{error: {code, message, details}}`; `ids` name the request. */
  toBody(_ids?: AnsweredRequestIds): { error: { code: string; message: string; details: object[] } } {
    return { error: { code: this.code, message: this.message, details: [...this.details] } };
  }
}

/** The IDs of the request an error answers (Site Recovery names them in its error details). */
export interface AnsweredRequestIds {
  readonly correlationId: string;
  readonly clientRequestId?: string;
}

/**
 * A refusal by Site Recovery itself. The service answers ARM's generic `BadRequest` in
 * `error.code` and puts its own code (`78093`, `OperationNotAllowed`, …) with the message,
 * possible causes, recommended action, activity ID and the client's request ID in
 * `error.details[0]`, so clients must look there for the code.
 */
export class AsrServiceError extends ArmError {
  constructor(
    statusCode: number,
    /** Site Recovery's own error: `error.details[0]`. */
    readonly failure: ArmErrorDetail,
  ) {
    // `code` stays the service's code (what the model refused with); only the body wraps it.
    super(statusCode, failure.code, failure.message, [failure]);
  }

  override toBody(ids?: AnsweredRequestIds) {
    const { code, message, possibleCauses, recommendedAction } = this.failure;
    return {
      error: {
        code: "BadRequest",
        message,
        details: [
          {
            code,
            message,
            possibleCauses: possibleCauses ?? "",
            recommendedAction: recommendedAction ?? "",
            // The service's activity ID is the ARM correlation ID of the call (inferred from
            // published error answers, where the two are equal).
            activityId: ids?.correlationId ?? "",
            clientRequestId: ids?.clientRequestId ?? "",
          },
        ],
      },
    };
  }
}

/** A rule of the world the emulator enforces broke: the code, message and guidance of the failure. */
export interface WorldFailure extends ArmErrorDetail {
  readonly code: AsrErrorCode | ApplianceErrorCode;
}

/** Builds a {@link WorldFailure}; used by the model's rule checks. */
export function worldFailure(
  code: AsrErrorCode | ApplianceErrorCode,
  message: string,
  possibleCauses?: string,
  recommendedAction?: string,
): WorldFailure {
  return { code, message, possibleCauses, recommendedAction };
}

const WWW_AUTHENTICATE =
  'Bearer authorization_uri="https://login.microsoftonline.com/common", error_uri="https://login.microsoftonline.com/error"';

/** A name as quoted in a message: a very long one is cut, so the answer stays small. */
function shown(name: string): string {
  return name.length > 100 ? `${name.slice(0, 100)}…` : name;
}

/** The factory: one function per kind of refusal. */
export const Errors = {
  /** 401: no bearer token at all (ARM's code and wording for a missing `Authorization` header). */
  missingToken(): ArmError {
    return new ArmError(
      401,
      "AuthenticationFailed",
      "Authentication failed. The 'Authorization' header is missing.",
      [],
      { "WWW-Authenticate": WWW_AUTHENTICATE },
    );
  },
  /** 401: a bearer token ARM does not accept (here: not the one this emulator issued). */
  invalidToken(): ArmError {
    return new ArmError(401, "InvalidAuthenticationToken", "The access token is invalid.", [], {
      "WWW-Authenticate": `${WWW_AUTHENTICATE}, error="invalid_token", error_description="The access token is invalid."`,
    });
  },
  /** 400: no `api-version` query parameter. */
  missingApiVersion(): ArmError {
    return new ArmError(
      400,
      "MissingApiVersionParameter",
      "The api-version query parameter (?api-version=) is required for all requests.",
    );
  },
  /** 400: an `api-version` the namespace does not publish; the message lists the ones it does. */
  invalidApiVersion(apiVersion: string, supported: readonly string[]): ArmError {
    return new ArmError(
      400,
      "InvalidApiVersionParameter",
      `The api-version '${apiVersion}' is invalid. The supported versions are '${supported.join(",")}'.`,
    );
  },
  /** 400: a resource provider namespace the emulator does not serve. */
  invalidResourceNamespace(namespace: string): ArmError {
    return new ArmError(400, "InvalidResourceNamespace", `The resource namespace '${namespace}' is invalid.`);
  },
  /**
   * 404: a resource type (e.g. a child collection) the namespace does not have. ARM answers 404
   * with this code (inferred from the answers clients report; the published specs are silent).
   */
  invalidResourceType(namespace: string, type: string, apiVersion: string): ArmError {
    return new ArmError(
      404,
      "InvalidResourceType",
      `The resource type '${type}' could not be found in the namespace '${namespace}' for api version '${apiVersion}'.`,
    );
  },
  /** 404: a path of a known resource type that no operation answers. */
  noRoute(method: string, path: string): ArmError {
    return new ArmError(404, "NotFound", `No operation answers ${method} ${path}.`);
  },
  /** 403: the token is valid but the subscription is not one the emulator holds (ARM answers 403 here). */
  subscriptionNotFound(subscriptionId: string): ArmError {
    return new ArmError(
      403,
      "AuthorizationFailed",
      `The client does not have authorization to perform action over scope '/subscriptions/${subscriptionId}' or the scope is invalid.`,
    );
  },
  /** 404: resource group not held. */
  resourceGroupNotFound(resourceGroup: string): ArmError {
    return new ArmError(
      404,
      "ResourceGroupNotFound",
      `Resource group '${resourceGroup}' could not be found.`,
    );
  },
  /** 404: a resource that does not exist (`ResourceNotFound`, as ARM says for a vault or VM). */
  resourceNotFound(type: string, name: string): ArmError {
    return new ArmError(404, "ResourceNotFound", `The Resource '${type}/${name}' was not found.`);
  },
  /** 404: a Site Recovery child object that does not exist (ASR answers with its own code). */
  asrObjectNotFound(what: string, name: string): ArmError {
    return new ArmError(404, "NotFound", `The ${what} '${name}' was not found in the vault.`);
  },
  /** 405: path known, method not. */
  methodNotAllowed(method: string, path: string): ArmError {
    return new ArmError(
      405,
      "MethodNotAllowed",
      `The HTTP method '${method}' is not supported at '${path}'.`,
    );
  },
  /**
   * 400: a `$filter` the list cannot read or does not support. ARM's own lists answer
   * `InvalidFilterInQueryString` with this wording (as SDK users report it); what Site Recovery
   * answers is unpublished, so the emulator answers as ARM does (inferred). `reason` follows the
   * message so a test or a user sees which term is refused.
   */
  invalidFilter(filter: string, reason: string): ArmError {
    return new ArmError(
      400,
      "InvalidFilterInQueryString",
      `Invalid $filter '${filter}' specified in the query string: ${reason}`,
    );
  },
  /** 400: body is not JSON or fails validation. */
  invalidRequestBody(reason: string): ArmError {
    return new ArmError(400, "InvalidRequestContent", `The request content was invalid: ${reason}`);
  },
  /**
   * 400: a body that does not deserialize into the operation's model, in ARM's wording (`The
   * request content was invalid and could not be deserialized: 'Could not find member 'x' on
   * object of type 'T'. Path 'x', line 1, position 7.'.`). `problem` is the deserializer's
   * sentence; the path is the property's own, so a missing property is named in full (ARM's
   * deserializer names its parent object), and no line or position is given (the emulator parses
   * the JSON as a whole).
   */
  undeserializableRequestContent(problem: string, propertyPath: string): ArmError {
    return new ArmError(
      400,
      "InvalidRequestContent",
      `The request content was invalid and could not be deserialized: '${problem}. Path '${propertyPath}'.'.`,
    );
  },
  /**
   * 400: a name in the path that is not percent-encoded correctly. ARM refuses such a URL as a bad
   * request before any provider sees it; the code is inferred from its answer to invalid names.
   */
  malformedName(segment: string): ArmError {
    return new ArmError(
      400,
      "InvalidResourceName",
      `The resource name '${shown(segment)}' is invalid: it is not a valid percent-encoded string.`,
    );
  },
  /** 400: a resource name that breaks the naming rules of its kind (checked when it is created). */
  invalidResourceName(name: string, problem: string): ArmError {
    return new ArmError(400, "InvalidResourceName", `The resource name '${shown(name)}' ${problem}.`);
  },
  /**
   * 413: a request body above ARM's 4 MB limit (code and message as ARM answers them; the 413
   * status is inferred from the ARM RPC's documented limit).
   */
  requestContentTooLarge(): ArmError {
    return new ArmError(
      413,
      "RequestContentTooLarge",
      "The request content size exceeds the maximum size of 4 MB.",
    );
  },
  /** 400: a field names something that does not exist or is not valid here. */
  invalidParameter(message: string): ArmError {
    return new AsrServiceError(400, {
      code: AsrErrorCodes.invalidInput,
      message,
      possibleCauses: "A value in the request names an object that does not exist or cannot be used here.",
      recommendedAction: "Correct the value and retry the operation.",
    });
  },
  /** 400: the action is not in allowedOperations of the item or plan. */
  operationNotAllowed(
    operation: string,
    target: string,
    state: string,
    allowed: readonly string[],
  ): ArmError {
    return new AsrServiceError(400, {
      code: AsrErrorCodes.operationNotAllowed,
      message: `The operation '${operation}' is not allowed on '${target}' in state '${state}'. Allowed operations: ${allowed.length > 0 ? allowed.join(", ") : "none"}.`,
      possibleCauses: `'${operation}' is not allowed in state '${state}'.`,
      recommendedAction:
        "Wait for the current job to finish or bring the item into a state that allows the operation.",
    });
  },
  /** 409: another job holds the object. */
  conflictingJob(target: string, jobName: string): ArmError {
    return new ArmError(
      409,
      "Conflict",
      `Another operation (job '${jobName}') is in progress on '${target}'. Retry after it completes.`,
    );
  },
  /** 400: the world breaks a rule checked when the request arrives. */
  fromWorldFailure(failure: WorldFailure): ArmError {
    return new AsrServiceError(400, failure);
  },
  /** 400: plan-level reprotect on VMware items. */
  recoveryPlanReprotectNotSupported(planName: string): ArmError {
    return new AsrServiceError(400, {
      code: AsrErrorCodes.recoveryPlanReprotectNotSupported,
      message: `Reprotect of recovery plan '${planName}' is not supported for VMware virtual machines and physical servers. Reprotect the items individually.`,
      recommendedAction: "Reprotect the items individually.",
    });
  },
  /** 429 injected by a fault. */
  throttled(retryAfterSeconds: number): ArmError {
    return new ArmError(429, "TooManyRequests", "The request is being throttled.", [], {
      "Retry-After": String(retryAfterSeconds),
    });
  },
  /**
   * 429: ARM's token bucket for the request's kind is empty. ARM names the principal (the
   * "actor") whose bucket ran dry; when the subscription-wide bucket is the empty one, the wording
   * without an actor is inferred (Microsoft's documents quote only the principal's message).
   */
  subscriptionRequestsThrottled(refusal: {
    kind: "reads" | "writes" | "deletes";
    subscriptionId: string;
    principalId?: string;
    retryAfterSeconds: number;
    headers: Readonly<Record<string, string>>;
  }): ArmError {
    const verb = { reads: "read", writes: "write", deletes: "delete" }[refusal.kind];
    const actor = refusal.principalId === undefined ? "" : ` actor '${refusal.principalId}'`;
    return new ArmError(
      429,
      "SubscriptionRequestsThrottled",
      `Number of '${verb}' requests for subscription '${refusal.subscriptionId}'${actor} exceeded. Please try again after '${refusal.retryAfterSeconds}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`,
      [],
      { ...refusal.headers, "Retry-After": String(refusal.retryAfterSeconds) },
    );
  },
  /** 500 / 503 injected by a fault. */
  serverError(statusCode: 500 | 503): ArmError {
    return statusCode === 503
      ? new ArmError(503, "ServiceUnavailable", "The service is temporarily unavailable.", [], {
          "Retry-After": "0",
        })
      : new ArmError(500, "InternalServerError", "An internal server error occurred.");
  },
  /** 500: a bug in the emulator (kept distinct from injected faults). */
  internal(reason: string): ArmError {
    return new ArmError(500, "InternalServerError", `internal error: ${reason}`);
  },
};
