// Expected failures carry a message that is safe to show to the user. Anything else is an
// unexpected error: logged with a request id, shown only as a generic message.

export class AppError extends Error {
  constructor(
    message: string,
    public readonly status: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "Please sign in again.") {
    super(message, 401);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "You do not have permission to do that.") {
    super(message, 403);
  }
}

/** Also used for records of another workspace, so their existence is never revealed. */
export class NotFoundError extends AppError {
  constructor(what = "Record") {
    super(`${what} not found.`, 404);
  }
}

export class ValidationError extends AppError {
  constructor(
    message: string,
    public readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message, 400);
  }
}

/** A record changed or exists in a way that refuses the request (an active lockout, a stale link). */
export class ConflictError extends AppError {
  constructor(message: string) {
    super(message, 409);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message = "The request is too large.") {
    super(message, 413);
  }
}

/** A limit was reached; `retryAfterSeconds` becomes the Retry-After header. */
export class RateLimitedError extends AppError {
  constructor(
    public readonly retryAfterSeconds: number,
    message = `Too many requests. Please try again in ${describeWait(retryAfterSeconds)}.`,
  ) {
    super(message, 429);
  }
}

export function describeWait(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.ceil(seconds))} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
