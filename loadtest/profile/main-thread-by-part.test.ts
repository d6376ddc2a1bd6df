// The attribution on a profile written by hand: a sample goes to the first part (in PARTS' order) that
// any frame of its stack belongs to, GC and idle by their own leaf, start-up left out by --skip-ms.
import { expect, it } from 'vitest';
import { partsOf } from './main-thread-by-part.ts';

const frame = (id: number, functionName: string, file: string, children: number[] = []) => ({
  id,
  callFrame: { functionName, url: `file:///work/${file}` },
  children,
});

const profile = {
  nodes: [
    frame(1, '(root)', '', [2, 3, 4, 8, 9]),
    frame(2, '(idle)', ''),
    frame(3, '(garbage collector)', ''),
    frame(4, 'loop', 'delivery/delivery-worker.ts', [5, 6]),
    frame(5, 'bookkeeping', 'delivery/delivery-queue.ts', [7]),
    frame(6, 'invoke', 'delivery/api-destination-invoker.ts'),
    // A commit run from inside the worker's bookkeeping still counts as the worker's SQL (first part wins).
    frame(7, 'commit', 'store/commit-queue.ts'),
    frame(8, 'commit', 'store/commit-queue.ts'),
    frame(9, 'handleAws', 'bus/server/http-server.ts'),
  ],
  samples: [2, 3, 5, 7, 6, 8, 8, 9, 2],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
};

it('attributes each sample to its part', () => {
  expect(Object.fromEntries(partsOf(profile))).toEqual({
    idle: 2000,
    GC: 1000,
    'delivery worker: claims and settlements (SQL)': 2000,
    'delivery worker: HTTP to partners (undici, signing)': 1000,
    "commit queue (event log, delivery rows, services' writes)": 2000,
    'bus HTTP (PutEvents: parse, validate, route)': 1000,
  });
});

it('leaves out the samples taken before --skip-ms', () => {
  // Samples are 1 ms apart, the first at 1 ms: the last three are at 7, 8 and 9 ms.
  expect(Object.fromEntries(partsOf(profile, 7))).toEqual({
    "commit queue (event log, delivery rows, services' writes)": 1000,
    'bus HTTP (PutEvents: parse, validate, route)': 1000,
    idle: 1000,
  });
});
