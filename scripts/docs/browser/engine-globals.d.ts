// What the bundled engine uses of Node's globals, provided in the browser by buffer-shim.ts.
declare const Buffer: { byteLength(text: string, encoding?: string): number };
