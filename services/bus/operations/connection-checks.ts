// What CreateConnection and UpdateConnection refuse beyond the service model's shapes: header names
// that frame or route the request or forge what Portico signs, CR/LF in a header (both from
// ../../delivery/header-names.ts), and an OAuth AuthorizationEndpoint the outbound guard would
// refuse to connect to (../../delivery/outbound-guard.ts, with the rules deliveries use).
import type { ConnectionAuthParameters, HttpParameter } from '../../delivery/connection-auth.ts';
import { headerNameProblem, headerValueProblem } from '../../delivery/header-names.ts';
import { checkEndpointUrl, effectivePolicy, EndpointRefusedError } from '../../delivery/outbound-guard.ts';
import { validationError } from '../server/aws-error.ts';

/** Local development's outbound rules unless PORTICO_STRICT_ENDPOINTS=1 (as the delivery invoker). */
const policy = () => effectivePolicy({ allowHttp: true, allowPrivateNetworks: true });

/** Throws AWS's ValidationException naming the member at fault. */
export function checkConnectionAuth(auth: ConnectionAuthParameters): void {
  const header = (name: unknown, value: unknown, where: string) => {
    const problem =
      (typeof name === 'string' ? headerNameProblem(name) : undefined) ??
      (typeof value === 'string' ? headerValueProblem(value) : undefined);
    if (problem)
      throw validationError(
        `Value '${String(name)}' at '${where}' failed to satisfy constraint: ${problem}.`,
      );
  };
  const key = auth.ApiKeyAuthParameters;
  if (key) header(key.ApiKeyName, key.ApiKeyValue, 'authParameters.apiKeyAuthParameters.apiKeyName');
  const params = (list: HttpParameter[] | undefined, where: string) =>
    (Array.isArray(list) ? list : []).forEach((p, i) =>
      header(p?.Key, p?.Value, `${where}.headerParameters.${i + 1}.key`),
    );
  params(auth.InvocationHttpParameters?.HeaderParameters, 'authParameters.invocationHttpParameters');
  const oauth = auth.OAuthParameters;
  params(oauth?.OAuthHttpParameters?.HeaderParameters, 'authParameters.oAuthParameters.oAuthHttpParameters');
  if (typeof oauth?.AuthorizationEndpoint === 'string') {
    try {
      checkEndpointUrl(oauth.AuthorizationEndpoint, policy(), 'AuthorizationEndpoint');
    } catch (error) {
      if (!(error instanceof EndpointRefusedError)) throw error;
      throw validationError(
        `Value '${oauth.AuthorizationEndpoint}' at 'authParameters.oAuthParameters.authorizationEndpoint' failed to satisfy constraint: ${error.message}.`,
      );
    }
  }
}
