/**
 * Index of the quote closing the JSON string whose opening quote is at `start` (the text's length if
 * none does): a quote counts unless an odd run of backslashes precedes it. Used by the one-pass scans
 * that look at JSON text before JSON.parse (request bounds, Detail depth and numbers).
 */
export function jsonStringEnd(t: string, start: number): number {
  let j = start + 1;
  for (;;) {
    const q = t.indexOf('"', j);
    if (q < 0) return t.length;
    let k = q - 1;
    while (t.charCodeAt(k) === 92) k--;
    if ((q - 1 - k) % 2 === 0) return q;
    j = q + 1;
  }
}
