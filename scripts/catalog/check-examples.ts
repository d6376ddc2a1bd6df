// Every example in the catalogue is valid against its schema: AsyncAPI message examples against
// the message payload, OpenAPI examples (media types, parameters, component schemas) against the
// schema beside them. The parsers check neither.
import type { ExampleToCheck } from './example-check.ts';
import { describe } from './load-partners.ts';
import type { Problem } from './problem.ts';
import type { SchemaValidator } from './schema-validator.ts';
import { problemAt } from './source-file.ts';

export function checkExamples(examples: readonly ExampleToCheck[], validator: SchemaValidator): Problem[] {
  return examples.flatMap((example) =>
    validator.errors(example.schema, example.value).map((e) => {
      const key = e.params.additionalProperty as string | undefined;
      if (key !== undefined) {
        const pointer = `${example.pointer}${e.instancePath}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        return problemAt(example.source, pointer, `example breaks its schema: unknown property '${key}'`, {
          key: true,
        });
      }
      return problemAt(
        example.source,
        `${example.pointer}${e.instancePath}`,
        `example breaks its schema: ${describe(e)}`,
      );
    }),
  );
}
