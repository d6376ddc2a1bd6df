import type { IncomingHttpHeaders } from 'node:http';

/**
 * The region a SigV4-signed request was signed for: the third part of the credential scope,
 * `Authorization: AWS4-HMAC-SHA256 Credential=AKID/20261204/eu-west-1/events/aws4_request, …`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html, "credential
 * scope"). Undefined for unsigned requests or a scope that is not `<date>/<region>/<service>/aws4_request`;
 * the signature itself is not checked (the local bus accepts any credentials).
 */
export function signedRegion(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  const text = Array.isArray(auth) ? auth[0] : auth;
  const m = text ? /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]{1,64})\/[\w-]+\/aws4_request/.exec(text) : null;
  return m?.[1];
}
