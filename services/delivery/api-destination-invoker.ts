// Sends a delivery to an EventBridge API destination: method and endpoint from the destination,
// credentials and extra parameters from its connection, Standard Webhooks headers (same webhook-id on
// every attempt, fresh timestamp each time), through an undici keep-alive Pool per origin whose socket
// lookup refuses forbidden addresses (pool-sender.ts; or in the sender thread, sender-thread.ts, which
// owns the pools and performs only the HTTP exchange). Redirects are not followed. Every outcome is a type; secrets
// never reach an error message or a snippet (they are scrubbed out, in case a partner echoes them).
import type { Logger } from 'pino';
import { errors as undiciErrors } from 'undici';
import type { DestinationDirectory } from '../bus/resources/destination-directory.ts';
import { systemClock, type Clock } from './clock.ts';
import {
  applyConnection,
  ConnectionConfigError,
  connectionSecrets,
  readAuthParameters,
} from './connection-auth.ts';
import { silentLogger } from './delivery-logger.ts';
import {
  checkEndpointUrl,
  effectivePolicy,
  EndpointRefusedError,
  type EndpointPolicy,
} from './outbound-guard.ts';
import { OAuthTokenCache, OAuthTokenError } from './oauth-token-cache.ts';
import type { HttpSender } from './http-send.ts';
import { PoolSender, refusal } from './pool-sender.ts';
import { ThreadSender } from './sender-thread.ts';
import { redactText } from './secret-redaction.ts';
import { classifyStatus, parseRetryAfter } from './retry-policy.ts';
import type { InvokeOutcome, InvokeRequest, TargetInvoker } from './target-invoker.ts';
import { webhookHeaders } from './webhook-signature.ts';

const API_DESTINATION_ARN = /^arn:aws[\w-]*:events:[^:]*:[^:]*:api-destination\//;
const SNIPPET_BYTES = 512;
const MAX_DRAINED_BYTES = 64 * 1024;
const USER_AGENT = 'Portico-Delivery/0.1 (EventBridge API destination)';
/** The response headers read below (`res.header`): all a sender thread needs to send back. */
const RESPONSE_HEADERS = Object.freeze(['retry-after']);

export interface ApiDestinationInvokerOptions {
  directory: DestinationDirectory;
  /**
   * Default: https only, no private addresses. Local development allows both; PORTICO_STRICT_ENDPOINTS=1
   * or `strictEndpoints` force the default whatever is passed here.
   */
  endpointPolicy?: EndpointPolicy;
  strictEndpoints?: boolean;
  /** DNS resolution behind the guard (default node:dns lookup); tests pass a table. */
  resolve?: typeof import('node:dns').lookup;
  /** Per attempt, from connecting to the status line (EventBridge: 5 s). */
  timeoutMs?: number;
  connectionsPerOrigin?: number;
  /**
   * Perform the HTTP exchanges in a worker thread of their own (sender-thread.ts) rather than on this
   * thread. Off by default (a thread per runtime is a cost for tests that start many); `resolve` cannot
   * cross to a thread, so the two do not go together.
   */
  senderThread?: boolean;
  tokens?: OAuthTokenCache;
  clock?: Clock;
  logger?: Logger;
}

export class ApiDestinationInvoker implements TargetInvoker {
  private readonly sender: HttpSender;
  /** Endpoints that passed checkEndpointUrl (a parsed URL each; never mutated). */
  private readonly checkedUrls = new Map<string, URL>();
  private readonly policy: EndpointPolicy;
  private readonly timeoutMs: number;
  private readonly tokens: OAuthTokenCache;
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(private readonly opts: ApiDestinationInvokerOptions) {
    this.policy = effectivePolicy(
      opts.endpointPolicy,
      opts.strictEndpoints || process.env.PORTICO_STRICT_ENDPOINTS === '1',
    );
    this.timeoutMs = opts.timeoutMs ?? 5_000;
    this.clock = opts.clock ?? systemClock;
    this.tokens =
      opts.tokens ??
      new OAuthTokenCache({
        clock: this.clock,
        timeoutMs: this.timeoutMs,
        policy: this.policy,
        ...(opts.resolve ? { resolve: opts.resolve } : {}),
      });
    this.logger = opts.logger ?? silentLogger;
    const settings = {
      policy: this.policy,
      timeoutMs: this.timeoutMs,
      connectionsPerOrigin: opts.connectionsPerOrigin ?? 64,
    };
    if (opts.senderThread && opts.resolve)
      throw new Error('ApiDestinationInvoker: a `resolve` function cannot cross to the sender thread');
    this.sender = opts.senderThread
      ? new ThreadSender(settings, this.logger)
      : new PoolSender(settings, opts.resolve);
  }

  /** The sender thread, when the exchanges run in one (its utilisation is reported beside the others'). */
  get senderThread(): ThreadSender | undefined {
    return this.sender instanceof ThreadSender ? this.sender : undefined;
  }

  canInvoke(targetArn: string): boolean {
    return API_DESTINATION_ARN.test(targetArn);
  }

  limits(targetArn: string) {
    return { ratePerSecond: this.opts.directory.apiDestination(targetArn)?.invocationRateLimitPerSecond };
  }

  async invoke(req: InvokeRequest): Promise<InvokeOutcome> {
    const started = performance.now();
    const fail = (kind: 'failed' | 'retryable', errorCode: string, errorMessage: string): InvokeOutcome => ({
      kind,
      errorCode,
      errorMessage,
      latencyMs: Math.round(performance.now() - started),
    });

    const dest = this.opts.directory.apiDestination(req.targetArn);
    if (!dest) return fail('failed', 'RESOURCE_NOT_FOUND', `API destination ${req.targetArn} does not exist`);
    const connection = this.opts.directory.connection(dest.connectionArn);
    if (!connection)
      return fail(
        'failed',
        'RESOURCE_NOT_FOUND',
        `Connection ${dest.connectionArn} of API destination ${dest.name} does not exist`,
      );
    const webhookSecrets = this.opts.directory.webhookSecrets(dest.arn);
    // Every secret value, and what the credentials became on the wire (a partner may echo it back):
    // listed only when there is text to scrub (most answers have no body).
    let params: ReturnType<typeof readAuthParameters> | undefined;
    let authorization: string | undefined;
    let token: string | undefined;
    let secrets: string[] | undefined;
    const scrub = (text: string) => {
      if (text === '') return text;
      if (!secrets) {
        secrets = params ? connectionSecrets(params) : [];
        for (const secret of webhookSecrets) secrets.push(secret);
        if (authorization) secrets.push(authorization, authorization.replace(/^\S+\s+/, ''));
        if (token) secrets.push(token);
      }
      return redactText(text, secrets);
    };
    const usesOAuth = connection.authorizationType === 'OAUTH_CLIENT_CREDENTIALS';
    let url: URL;
    let request;
    try {
      params = readAuthParameters(connection);
      url = this.checkedUrls.get(dest.endpoint) ?? checkEndpointUrl(dest.endpoint, this.policy);
      this.checkedUrls.set(dest.endpoint, url);
      token = usesOAuth ? await this.tokens.token(connection.arn, params.OAuthParameters!) : undefined;
      const headers = webhookHeaders({
        webhookId: req.webhookId,
        timestamp: Math.floor(this.clock.now() / 1000),
        body: req.body,
        secrets: webhookSecrets,
      });
      headers['content-type'] = looksLikeJson(req.body)
        ? 'application/json; charset=utf-8'
        : 'text/plain; charset=utf-8';
      headers['user-agent'] = USER_AGENT;
      request = applyConnection({ url, headers, body: req.body }, connection, token);
      authorization = request.headers.authorization;
    } catch (error) {
      if (error instanceof EndpointRefusedError) return fail('failed', 'ENDPOINT_REFUSED', error.message);
      if (error instanceof OAuthTokenError)
        return fail(error.retryable ? 'retryable' : 'failed', error.code, scrub(error.message));
      if (error instanceof ConnectionConfigError) return fail('failed', 'CONNECTION_INVALID', error.message);
      return fail('failed', 'SIGNING_ERROR', scrub((error as Error).message));
    }

    // The attempt's deadline: undici's own connect and headers timeouts (cheaper than an AbortSignal
    // per request), then whatever is left of it for reading the body (see http-send.ts), as a time
    // every thread reads alike.
    const deadline = performance.timeOrigin + started + this.timeoutMs;
    try {
      const res = await this.sender.send(request.url.origin, {
        path: request.url.pathname + request.url.search,
        method: dest.httpMethod as 'POST',
        headers: request.headers,
        body: request.body,
        timeoutMs: this.timeoutMs,
        deadline,
        snippetBytes: SNIPPET_BYTES,
        maxDrainedBytes: MAX_DRAINED_BYTES,
        responseHeaders: RESPONSE_HEADERS,
      });
      const responseSnippet = scrub(res.snippet);
      const status = res.status;
      const kind = classifyStatus(status);
      const latencyMs = Math.round(performance.now() - started);
      if (kind === 'succeeded') return { kind, status, latencyMs, responseSnippet };
      if ((status === 401 || status === 407) && usesOAuth) this.tokens.invalidate(connection.arn);
      const errorMessage =
        status >= 300 && status < 400
          ? `Endpoint ${url.origin} answered ${status}; redirects are not followed (nor are they by EventBridge)`
          : `Endpoint ${url.origin} answered ${status}`;
      const retryAfterMs = parseRetryAfter(res.header('retry-after'), this.clock.now());
      return {
        kind,
        errorCode: `HTTP_${status}`,
        errorMessage,
        status,
        latencyMs,
        responseSnippet,
        ...(kind === 'retryable' && retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };
    } catch (error) {
      const outcome = this.classifyError(error, url, scrub);
      this.logger.debug(
        {
          deliveryId: req.id,
          targetArn: req.targetArn,
          errorCode: outcome.errorCode,
          errorMessage: outcome.errorMessage,
        },
        'api destination attempt failed',
      );
      return { ...outcome, latencyMs: Math.round(performance.now() - started) };
    }
  }

  private classifyError(error: unknown, url: URL, scrub: (t: string) => string) {
    const cause = refusal(error);
    if (cause) return { kind: 'failed' as const, errorCode: 'ENDPOINT_REFUSED', errorMessage: cause.message };
    const timedOut =
      error instanceof undiciErrors.HeadersTimeoutError ||
      error instanceof undiciErrors.BodyTimeoutError ||
      error instanceof undiciErrors.ConnectTimeoutError;
    if (timedOut) {
      return {
        kind: 'retryable' as const,
        errorCode: 'TIMEOUT',
        errorMessage: `Endpoint ${url.origin} did not answer within ${this.timeoutMs} ms`,
      };
    }
    const e = error as NodeJS.ErrnoException;
    const code = e.code ?? 'UNKNOWN';
    return {
      kind: 'retryable' as const,
      errorCode: 'NETWORK_ERROR',
      errorMessage: scrub(`Endpoint ${url.origin} unreachable: ${code} ${e.message}`),
    };
  }

  async close(): Promise<void> {
    await this.sender.close();
    if (!this.opts.tokens) await this.tokens.close();
  }
}

/**
 * The invoker as `portico dev` wires it. Local development: http and private addresses are allowed,
 * unless PORTICO_STRICT_ENDPOINTS=1 or `strictEndpoints` ask for the production rules (https only,
 * public addresses only), which then win over any policy passed.
 * PORTICO_DELIVERY_TIMEOUT_MS sets the per-attempt timeout (default 5000).
 */
export function createApiDestinationInvoker(opts: ApiDestinationInvokerOptions): ApiDestinationInvoker {
  const timeout = Number(process.env.PORTICO_DELIVERY_TIMEOUT_MS);
  return new ApiDestinationInvoker({
    endpointPolicy: { allowHttp: true, allowPrivateNetworks: true },
    ...(timeout > 0 ? { timeoutMs: timeout } : {}),
    ...opts,
  });
}

/** The body is JSON text unless an InputTransformer made it plain text; a cheap look, not a parse. */
function looksLikeJson(body: string): boolean {
  const first = body.trimStart()[0];
  return first === '{' || first === '[' || first === '"';
}
