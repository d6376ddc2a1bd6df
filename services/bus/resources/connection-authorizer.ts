import type { Logger } from 'pino';
import type { ConnectionAuthParameters } from '../../delivery/connection-auth.ts';
import type { OAuthTokenCache } from '../../delivery/oauth-token-cache.ts';
import type { ConnectionRecord, ConnectionStore } from './connection-store.ts';

const STATE_REASON_MAX = 512; // Connection.StateReason: "Maximum length of 512" (API reference)

/**
 * Authorizes connections as EventBridge does (User Guide, "Connection states in EventBridge"): an
 * OAUTH_CLIENT_CREDENTIALS connection is AUTHORIZING from CreateConnection or UpdateConnection until its
 * first token comes back from the AuthorizationEndpoint (then AUTHORIZED), and DEAUTHORIZED, with the reason as
 * StateReason, when EventBridge cannot obtain one ("Authorization failures result in a status of
 * DEAUTHORIZED"). API key and basic connections are AUTHORIZED at once. The token goes into the same cache
 * the delivery worker uses, so the first delivery carries it.
 */
export class ConnectionAuthorizer {
  private readonly running = new Set<Promise<void>>();
  /** The latest authorization of each connection: an older one that settles late changes nothing. */
  private readonly latest = new Map<string, object>();
  private stopped = false;

  constructor(
    private readonly connections: ConnectionStore,
    readonly tokens: OAuthTokenCache,
    private readonly logger: Logger,
  ) {}

  /** The record as CreateConnection / UpdateConnection store it, in its first state. */
  initial(c: ConnectionRecord): ConnectionRecord {
    const { stateReason: _reason, authorizedAt, ...rest } = c;
    return c.authorizationType === 'OAUTH_CLIENT_CREDENTIALS'
      ? { ...rest, state: 'AUTHORIZING', ...(authorizedAt !== undefined ? { authorizedAt } : {}) }
      : { ...rest, state: 'AUTHORIZED', authorizedAt: c.modifiedAt };
  }

  /** Starts fetching the first token of a stored AUTHORIZING connection; answers at once. */
  authorize(c: ConnectionRecord): void {
    if (c.state !== 'AUTHORIZING' || this.stopped) return;
    const ticket = {};
    this.latest.set(c.name, ticket);
    this.tokens.invalidate(c.arn);
    const run = this.settle(c, ticket).finally(() => this.running.delete(run));
    this.running.add(run);
  }

  forget(c: ConnectionRecord): void {
    this.latest.delete(c.name);
    this.tokens.invalidate(c.arn);
  }

  /** Resolves when every authorization started so far has settled (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.running]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.latest.clear();
    await this.tokens.close();
  }

  private async settle(c: ConnectionRecord, ticket: object): Promise<void> {
    const params = (c.authParameters as ConnectionAuthParameters).OAuthParameters!;
    let outcome: Pick<ConnectionRecord, 'state' | 'stateReason' | 'authorizedAt'>;
    try {
      await this.tokens.token(c.arn, params);
      outcome = { state: 'AUTHORIZED', authorizedAt: Date.now() };
    } catch (error) {
      const reason = `Failed to obtain an OAuth token: ${(error as Error).message}`;
      outcome = { state: 'DEAUTHORIZED', stateReason: reason.slice(0, STATE_REASON_MAX) };
    }
    if (this.stopped || this.latest.get(c.name) !== ticket) return;
    this.latest.delete(c.name);
    const current = this.connections.get(c.name);
    if (!current || current.arn !== c.arn) return;
    const { stateReason: _old, ...rest } = current;
    try {
      this.connections.put({ ...rest, ...outcome });
    } catch (error) {
      this.logger.warn({ err: error, connection: c.name }, 'connection state not saved');
      return;
    }
    const level = outcome.state === 'AUTHORIZED' ? 'info' : 'warn';
    this.logger[level](
      { connection: c.name, state: outcome.state, reason: outcome.stateReason },
      `connection ${c.name} is ${outcome.state}`,
    );
  }
}
