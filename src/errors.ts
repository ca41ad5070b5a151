// The one error class of the service, its closed set of codes, and the two renderers (ours and OpenAI's).

/** Every code the service may answer with, and the HTTP status it maps to. */
export const ERROR_CODES = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  not_found: 404,
  unknown_model: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  no_eligible_expert: 422,
  /** An expert refused a request it cannot answer exactly (a builtin expert outside its competence). */
  expert_declined: 422,
  budget_exceeded: 422,
  rate_limited: 429,
  internal: 500,
  upstream_failed: 502,
  /** An LLM judge gave no usable verdict (judging failed; not a verdict that the answer fails). */
  judge_failed: 502,
  upstream_timeout: 504,
  config_invalid: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The service's only error class: a code from the closed set, a message for people, details for programs. */
export class EoError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  /** For OpenAI's error shape: the request field at fault, when there is one. */
  readonly param?: string;

  constructor(code: ErrorCode, message: string, opts: { details?: unknown; param?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "EoError";
    this.code = code;
    this.details = opts.details;
    this.param = opts.param;
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }
}

/** Any thrown value as an EoError; unknown errors become `internal` (their message is not leaked). */
export function toEoError(err: unknown): EoError {
  if (err instanceof EoError) return err;
  return new EoError("internal", "internal error", { cause: err });
}

/** Our shape: `{ error: { code, message, details? } }`. */
export function renderError(err: EoError): { error: { code: string; message: string; details?: unknown } } {
  return {
    error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) },
  };
}

const OPENAI_TYPES: Partial<Record<ErrorCode, string>> = {
  unauthorized: "authentication_error",
  rate_limited: "rate_limit_error",
  not_found: "not_found_error",
  unknown_model: "invalid_request_error",
  internal: "server_error",
  upstream_failed: "server_error",
  upstream_timeout: "server_error",
  config_invalid: "server_error",
};

/** OpenAI's shape, for `/v1/chat/completions`: `{ error: { message, type, code, param } }`. */
export function renderOpenAIError(err: EoError): {
  error: { message: string; type: string; code: string; param: string | null; details?: unknown };
} {
  return {
    error: {
      message: err.message,
      type: OPENAI_TYPES[err.code] ?? "invalid_request_error",
      code: err.code,
      param: err.param ?? null,
      ...(err.details === undefined ? {} : { details: err.details }),
    },
  };
}
