/** Where the bus pretends to be: every ARN it mints carries these. */
export interface BusIdentity {
  readonly region: string;
  readonly accountId: string;
}

export const DEFAULT_IDENTITY: BusIdentity = Object.freeze({
  region: process.env.PORTICO_REGION ?? 'eu-west-1',
  accountId: process.env.PORTICO_ACCOUNT_ID ?? '000000000000',
});

const prefix = (id: BusIdentity): string => `arn:aws:events:${id.region}:${id.accountId}`;

export const busArn = (id: BusIdentity, bus: string): string => `${prefix(id)}:event-bus/${bus}`;
/** Rules on the default bus have no bus segment: arn:...:rule/<name> (AWS's own form). */
export const ruleArn = (id: BusIdentity, bus: string, rule: string): string =>
  bus === 'default' ? `${prefix(id)}:rule/${rule}` : `${prefix(id)}:rule/${bus}/${rule}`;
export const archiveArn = (id: BusIdentity, name: string): string => `${prefix(id)}:archive/${name}`;
export const replayArn = (id: BusIdentity, name: string): string => `${prefix(id)}:replay/${name}`;
export const connectionArn = (id: BusIdentity, name: string, uuid: string): string =>
  `${prefix(id)}:connection/${name}/${uuid}`;
export const apiDestinationArn = (id: BusIdentity, name: string, uuid: string): string =>
  `${prefix(id)}:api-destination/${name}/${uuid}`;
export const queueArn = (id: BusIdentity, name: string): string =>
  `arn:aws:sqs:${id.region}:${id.accountId}:${name}`;
export const functionArn = (id: BusIdentity, name: string): string =>
  `arn:aws:lambda:${id.region}:${id.accountId}:function:${name}`;

/** `EventBusName` may be a name or an ARN (AWS accepts both); answers the name. */
export function busNameOf(nameOrArn: string | undefined): string {
  if (!nameOrArn) return 'default';
  if (!nameOrArn.startsWith('arn:')) return nameOrArn;
  const match = /^arn:aws[\w-]*:events:[^:]*:[^:]*:event-bus\/(.+)$/.exec(nameOrArn);
  return match ? match[1]! : nameOrArn;
}

/** The bus name of a bus ARN, or undefined when it is not one. */
export function busNameFromArn(arn: string): string | undefined {
  return /^arn:aws[\w-]*:events:[^:]*:[^:]*:event-bus\/(.+)$/.exec(arn)?.[1];
}

export const archiveNameFromArn = (arn: string): string | undefined =>
  /^arn:aws[\w-]*:events:[^:]*:[^:]*:archive\/(.+)$/.exec(arn)?.[1];

/** Bus and rule of a rule ARN (both forms). */
export function ruleFromArn(arn: string): { bus: string; rule: string } | undefined {
  const m = /^arn:aws[\w-]*:events:[^:]*:[^:]*:rule\/(?:([^/]+)\/)?([^/]+)$/.exec(arn);
  return m ? { bus: m[1] ?? 'default', rule: m[2]! } : undefined;
}

const EVENTS_ARN = /^(arn:aws[\w-]*:events:)([^:]*)(:.*)$/;

/**
 * An events ARN as seen from `id`'s region. The bus keeps one set of resources for every region (see
 * docs/local-bus.md, "Differences from AWS"), so an ARN stored when a resource was made in one region is
 * answered in the region of whoever asks. ARNs of other services (SQS, Lambda targets) are the caller's own
 * and pass through.
 */
export function inRegion(id: BusIdentity, arn: string): string {
  const m = EVENTS_ARN.exec(arn);
  return m && m[2] !== id.region ? `${m[1]}${id.region}${m[3]}` : arn;
}

/** Whether two events ARNs name the same resource, whatever region each was written in. */
export function sameResource(a: string, b: string): boolean {
  if (a === b) return true;
  const ma = EVENTS_ARN.exec(a);
  const mb = EVENTS_ARN.exec(b);
  return !!ma && !!mb && ma[1] === mb[1] && ma[3] === mb[3];
}

/** The key under which the bus keeps what belongs to an events ARN (tags): the ARN with its region left out. */
export const regionlessArn = (arn: string): string => arn.replace(EVENTS_ARN, '$1$3');
