// Errors as RFC 9457 problem details, with `errors[].pointer` (RFC 6901) naming each member at
// fault. Handlers throw HttpProblem; anything else is logged and answered with a bare 500.
import type { ApiGatewayProxyResult } from './proxy-event.ts';

export interface ProblemError {
  pointer: string;
  message: string;
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Invalid request',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    /** Last segment of the problem type URI, e.g. `not-found`. */
    readonly slug: string,
    detail: string,
    readonly extra: { title?: string; errors?: ProblemError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
  }
}

export function problemResult(problem: HttpProblem, instance: string): ApiGatewayProxyResult {
  const body = {
    type: `https://portico.example/problems/${problem.slug}`,
    title: problem.extra.title ?? titles[problem.status] ?? 'Error',
    status: problem.status,
    detail: problem.message,
    instance,
    ...(problem.extra.errors ? { errors: problem.extra.errors } : {}),
  };
  return {
    statusCode: problem.status,
    headers: { 'content-type': 'application/problem+json', ...problem.extra.headers },
    body: JSON.stringify(body),
  };
}

export function internalErrorResult(instance: string): ApiGatewayProxyResult {
  return problemResult(
    new HttpProblem(500, 'internal', 'Something went wrong on our side; it has been logged.'),
    instance,
  );
}

export function jsonResult(
  statusCode: number,
  value: unknown,
  headers: Record<string, string> = {},
): ApiGatewayProxyResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(value),
  };
}
