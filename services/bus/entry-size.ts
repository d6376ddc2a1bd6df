/**
 * The size of a PutEvents entry as AWS computes it
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html): 14 bytes for `Time`
 * when given, plus the UTF-8 bytes of `Source`, `DetailType`, `Detail` and each `Resources` item. Members
 * of another type count nothing here (the entry is refused on its own for them).
 */
export function entrySize(entry: unknown): number {
  if (entry === null || typeof entry !== 'object') return 0;
  const e = entry as Record<string, unknown>;
  const bytes = (v: unknown): number => (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  const resources = Array.isArray(e.Resources) ? e.Resources : [];
  return (
    (e.Time !== undefined && e.Time !== null ? 14 : 0) +
    bytes(e.Source) +
    bytes(e.DetailType) +
    bytes(e.Detail) +
    resources.reduce((n: number, r) => n + bytes(r), 0)
  );
}
