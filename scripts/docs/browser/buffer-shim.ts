// The engine measures wildcard error positions with Node's Buffer.byteLength; browsers have no
// Buffer, so esbuild injects this one (UTF-8 bytes, as Node counts them).
export const Buffer = {
  byteLength: (text: string): number => new TextEncoder().encode(text).length,
};
