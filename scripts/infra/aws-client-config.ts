// Client configuration for `deploy-rules` and `registry`: a real account through the SDK's default
// chain (profile, environment, SSO), or the local bus with `--endpoint-url`, where any signature
// is accepted and placeholder credentials spare the user a profile.
export interface ClientOptions {
  endpointUrl?: string;
  region?: string;
}

export interface ClientConfig {
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function clientConfig(options: ClientOptions, env: NodeJS.ProcessEnv = process.env): ClientConfig {
  const region = options.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  if (options.endpointUrl === undefined) return region === undefined ? {} : { region };
  const hasCredentials = env['AWS_ACCESS_KEY_ID'] !== undefined || env['AWS_PROFILE'] !== undefined;
  return {
    endpoint: options.endpointUrl,
    region: region ?? 'eu-west-1',
    ...(hasCredentials ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  };
}
