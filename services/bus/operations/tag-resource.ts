import type { LocalBus } from '../local-bus.ts';
import type { Input } from './input.ts';
import { taggedResourceKey } from './resource-of-arn.ts';

// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TagResource.html and its two siblings.
// Shapes (ResourceARN, Tags 1..128/0..256 characters, TagKeys) were checked against the service model.

function TagResource(input: Input, bus: LocalBus): unknown {
  bus.tags.put(
    taggedResourceKey(bus, input.ResourceARN as string),
    input.Tags as { Key: string; Value: string }[],
  );
  return {};
}

function UntagResource(input: Input, bus: LocalBus): unknown {
  bus.tags.remove(taggedResourceKey(bus, input.ResourceARN as string), input.TagKeys as string[]);
  return {};
}

function ListTagsForResource(input: Input, bus: LocalBus): unknown {
  return { Tags: bus.tags.list(taggedResourceKey(bus, input.ResourceARN as string)) };
}

export const tagOperations = { TagResource, UntagResource, ListTagsForResource };
