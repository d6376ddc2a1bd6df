/** A pattern EventBridge would refuse. The message is AWS's own: `Event pattern is not valid. Reason: …`. */
export class PatternError extends Error {
  override readonly name = 'PatternError';
  /** The reason alone, without AWS's prefix (e.g. `Empty arrays are not allowed`). */
  readonly reason: string;
  constructor(reason: string) {
    super(`Event pattern is not valid. Reason: ${reason}`);
    this.reason = reason;
  }
}

export function invalid(reason: string): never {
  throw new PatternError(reason);
}

/** An event that is not a JSON object (AWS: `Parameter Event is not valid.`). */
export class EventError extends Error {
  override readonly name = 'EventError';
}
