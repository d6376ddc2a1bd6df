// The Marketplace API as an `AWS::Serverless::Api` whose inline `DefinitionBody` is built from the
// catalogue's OpenAPI document: every operation (path, method, operationId) becomes an OpenAPI 3.0
// operation proxied to the Marketplace API function. Inline, not `AWS::Include`: API Gateway imports
// OpenAPI 3.0, not the catalogue's 3.1, and the body needs the `x-amazon-apigateway-*` extensions;
// request validation stays in the function, which checks requests against the OpenAPI itself.
// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html
import { getAtt, sub, type CfnObject, type Resource } from './cfn.ts';
import type { InfraContext } from './infra-context.ts';
import type { ApiOperation } from './infra-model.ts';

export function marketplaceApiResources(
  operations: readonly ApiOperation[],
  ctx: InfraContext,
): Record<string, Resource> {
  if (operations.length === 0) {
    throw new Error('catalog/openapi/marketplace-api.yaml: #/paths has no operation to deploy');
  }
  const integration = {
    type: 'aws_proxy',
    httpMethod: 'POST',
    uri: sub(
      'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${MarketplaceApiFunction.Arn}/invocations',
    ),
  };
  const paths: Record<string, CfnObject> = {};
  for (const op of operations) {
    const params = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => ({
      name: m[1]!,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    (paths[op.path] ??= {})[op.method.toLowerCase()] = {
      operationId: op.operationId,
      ...(params.length > 0 ? { parameters: params } : {}),
      responses: { default: { description: 'See catalog/openapi/marketplace-api.yaml' } },
      'x-amazon-apigateway-integration': integration,
    };
  }
  return {
    MarketplaceApi: {
      Type: 'AWS::Serverless::Api',
      Properties: {
        Name: sub('portico-marketplace-api-${Environment}'),
        StageName: ctx.apiStageName,
        EndpointConfiguration: { Type: 'REGIONAL' },
        DefinitionBody: {
          openapi: '3.0.1',
          info: { title: 'Marketplace API', version: '1.0.0' },
          'x-amazon-apigateway-api-key-source': 'HEADER',
          // API Gateway reads the key from `x-api-key`; header names are case-insensitive
          // (RFC 9110 §5.1), so partners keep sending the catalogue's `X-Api-Key`.
          security: [{ apiKey: [] }],
          components: { securitySchemes: { apiKey: { type: 'apiKey', name: 'x-api-key', in: 'header' } } },
          paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
        },
      },
    },
    MarketplaceApiInvokePermission: {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: getAtt('MarketplaceApiFunction', 'Arn'),
        Principal: 'apigateway.amazonaws.com',
        SourceArn: sub(
          'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${MarketplaceApi}/*',
        ),
      },
    },
  };
}

export const apiUrl = (ctx: InfraContext) =>
  sub(`https://\${MarketplaceApi}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/${ctx.apiStageName}`);
