/**
 * An error answered in AWS's JSON 1.1 shape, `{ "__type": code, "message": ... }`, with the HTTP status
 * AWS uses for it. The SDK maps `__type` to its typed exception classes (ResourceNotFoundException, ...).
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

export const validationError = (message: string): AwsError => new AwsError('ValidationException', message);
export const notFound = (message: string): AwsError => new AwsError('ResourceNotFoundException', message);
export const alreadyExists = (message: string): AwsError =>
  new AwsError('ResourceAlreadyExistsException', message);
export const limitExceeded = (message: string): AwsError => new AwsError('LimitExceededException', message);
export const invalidPattern = (message: string): AwsError =>
  new AwsError('InvalidEventPatternException', message);
export const managedRule = (name: string): AwsError =>
  new AwsError(
    'ManagedRuleException',
    `Rule ${name} is managed by the Portico catalogue (ManagedBy portico.catalog): change catalog/ instead, or pass Force; the catalogue puts it back at the next start.`,
  );
/** Changing or deleting what the catalogue installed, refused as AWS refuses a managed rule (ManagedRuleException). */
export const managedResource = (kind: string, name: string): AwsError =>
  new AwsError(
    'ManagedRuleException',
    `${kind} ${name} is managed by the Portico catalogue (ManagedBy portico.catalog): change catalog/ instead, or pass Force; the catalogue puts it back at the next start.`,
  );
export const illegalStatus = (message: string): AwsError => new AwsError('IllegalStatusException', message);
