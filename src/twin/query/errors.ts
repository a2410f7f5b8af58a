// Errors as the query-protocol services (IAM, STS, SNS) send them: a code, a message and an HTTP status, in an
// <ErrorResponse> whose <Type> is Sender for the caller's faults and Receiver for the service's. The SDK maps the
// code to its own exception class (NoSuchEntity → NoSuchEntityException); a code it does not model (AccessDenied,
// ValidationError) becomes the service's base exception with that name.
// https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html

export class QueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }

  get type(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

/** A request that breaks the API model's constraints (IAM's and STS's wording). */
export const validationError = (message: string) => new QueryError('ValidationError', message);

/** The signing key belongs to no account the twin knows (IAM and STS answer 403). */
export const invalidClientTokenId = () => new QueryError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
