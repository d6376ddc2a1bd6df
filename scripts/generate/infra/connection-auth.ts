// A partner's auth declaration as the `AuthorizationType` and `AuthParameters` of an
// `AWS::Events::Connection`. Every credential is a Secrets Manager dynamic reference, never a value:
// the partner file names an environment variable, and on AWS that name is a key of the partner's
// secret `portico/partners/<partner id>` (docs/aws.md).
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-connection.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html
import type { CfnObject } from './cfn.ts';
import type { ConnectionAuth, SecretRef } from './infra-model.ts';

export const SECRET_PREFIX = 'portico/partners/';

export function secretReference(partner: string, secret: SecretRef): string {
  return `{{resolve:secretsmanager:${SECRET_PREFIX}${partner}:SecretString:${secret.env}}}`;
}

export interface ConnectionAuthProperties {
  AuthorizationType: string;
  AuthParameters: CfnObject;
}

export function connectionAuth(partner: string, auth: ConnectionAuth): ConnectionAuthProperties {
  const secret = (ref: SecretRef) => secretReference(partner, ref);
  switch (auth.type) {
    case 'api_key':
      return {
        AuthorizationType: 'API_KEY',
        AuthParameters: {
          ApiKeyAuthParameters: { ApiKeyName: auth.header, ApiKeyValue: secret(auth.value) },
        },
      };
    case 'basic':
      return {
        AuthorizationType: 'BASIC',
        AuthParameters: {
          BasicAuthParameters: { Username: secret(auth.username), Password: secret(auth.password) },
        },
      };
    case 'oauth_client_credentials': {
      // RFC 6749 §4.4.2: the token request carries grant_type=client_credentials (and the scope).
      const body: CfnObject[] = [{ Key: 'grant_type', Value: 'client_credentials', IsValueSecret: false }];
      if (auth.scope !== undefined) body.push({ Key: 'scope', Value: auth.scope, IsValueSecret: false });
      return {
        AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS',
        AuthParameters: {
          OAuthParameters: {
            AuthorizationEndpoint: auth.tokenUrl,
            HttpMethod: 'POST',
            ClientParameters: { ClientID: secret(auth.clientId), ClientSecret: secret(auth.clientSecret) },
            OAuthHttpParameters: { BodyParameters: body },
          },
        },
      };
    }
  }
}
