// Which targets the worker claims for, and how many each, in one pass. Pure, so the fairness rules are
// tested without a database:
// - refill by batches, not one slot at a time (each claim pass is a write transaction): nothing while
//   fewer than an eighth of the worker's slots are free, and a busy lane only once half of it is free;
// - round robin from a rotating start with a fair share each, so that when the worker is saturated no
//   target waits behind the others.

export interface ClaimPlanInput {
  /** Targets with open deliveries and when their first is due. */
  due: ReadonlyMap<string, number>;
  now: number;
  /** Worker slots free, and how many there are in all. */
  free: number;
  concurrency: number;
  /** Deliveries each target's lane holds now. */
  held: ReadonlyMap<string, number>;
  capacityOf: (targetArn: string) => number;
  /** Increases every pass: where the round robin starts. */
  turn: number;
}

export function planClaims(input: ClaimPlanInput): [targetArn: string, room: number][] {
  const { free, held } = input;
  const inFlight = input.concurrency - free;
  if (free < Math.max(1, Math.floor(input.concurrency / 8)) && inFlight > 0) return [];
  const due = [...input.due].filter(([, at]) => at <= input.now);
  if (due.length === 0) return [];
  const start = input.turn % due.length;
  const share = Math.max(1, Math.ceil(free / due.length));
  const plan: [string, number][] = [];
  let planned = 0;
  for (let i = 0; i < due.length && planned < free; i++) {
    const [arn] = due[(start + i) % due.length]!;
    const capacity = input.capacityOf(arn);
    const laneRoom = capacity - (held.get(arn) ?? 0);
    if (laneRoom < Math.max(1, Math.floor(capacity / 2)) && held.has(arn)) continue;
    const room = Math.min(share, free - planned, laneRoom);
    if (room <= 0) continue;
    plan.push([arn, room]);
    planned += room;
  }
  return plan;
}
