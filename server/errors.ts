/**
 * Domain errors with stable codes. Services throw these; one handler (http/error-handler.ts) maps them to
 * the SPEC §5.2 shape. Anything that is not a DomainError becomes a 500 that hides its internals.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidError extends DomainError {
  constructor(message: string, details?: unknown, code = 'INVALID') {
    super(400, code, message, details);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Sign in first', code = 'UNAUTHENTICATED') {
    super(401, code, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You do not have permission to do this', details?: unknown, code = 'FORBIDDEN') {
    super(403, code, message, details);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id?: string) {
    super(404, 'NOT_FOUND', id === undefined ? `${what} not found` : `${what} ${id} not found`, { what, id });
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, code = 'CONFLICT', details?: unknown) {
    super(409, code, message, details);
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(message: string, retryAfterSeconds: number, code = 'RATE_LIMITED') {
    super(429, code, message, { retryAfterSeconds }, { 'retry-after': String(retryAfterSeconds) });
  }
}

/** The node is saturated: the caller should retry after the given seconds (SPEC C2.4 back-pressure). */
export class ServiceUnavailableError extends DomainError {
  constructor(message: string, retryAfterSeconds: number, code = 'UNAVAILABLE') {
    super(503, code, message, { retryAfterSeconds }, { 'retry-after': String(retryAfterSeconds) });
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor(message: string, code = 'PAYLOAD_TOO_LARGE') {
    super(413, code, message);
  }
}
