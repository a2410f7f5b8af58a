// Errors the twin returns, shaped as AWS JSON 1.1 errors so the SDK raises its own exception classes.

export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly reason?: string,
    readonly status = 400,
    /** Extra members AWS puts in some error bodies (TooManyRequestsException's Type). */
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): Record<string, string> {
    return { __type: this.type, Message: this.message, ...(this.reason ? { Reason: this.reason } : {}), ...this.extra };
  }
}

export const invalidInput = (reason: string, message: string) => new AwsError('InvalidInputException', message, reason);
export const constraintViolation = (reason: string, message: string) =>
  new AwsError('ConstraintViolationException', message, reason);

/** AWS's 500: the SDK raises ServiceException, and clients treat it as retryable. */
export const serviceException = () =>
  new AwsError('ServiceException', "AWS Organizations can't complete your request because of an internal service error.", undefined, 500);
