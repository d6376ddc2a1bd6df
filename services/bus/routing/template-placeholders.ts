/**
 * The `<name>` placeholders of an InputTemplate, each with whether it stands inside a JSON string literal
 * of the template. Names are InputPathsMap keys (the model's pattern `[A-Za-z0-9\_\-]+`) or the reserved
 * `aws.events.*` variables.
 */
export interface Placeholder {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  /** Inside `"…"` of a JSON template; every placeholder of a string template counts as quoted. */
  readonly quoted: boolean;
}

const PLACEHOLDER = /<([A-Za-z0-9_.-]+)>/g;

/** A template is JSON when it is an object or an array; anything else is a string template. */
export const isJsonTemplate = (template: string): boolean => /^\s*[{[]/.test(template);

export function placeholdersOf(template: string): Placeholder[] {
  const json = isJsonTemplate(template);
  const inString = json ? stringRegions(template) : undefined;
  const out: Placeholder[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) {
    out.push({
      name: m[1]!,
      start: m.index,
      end: m.index + m[0].length,
      quoted: inString ? inString(m.index) : true,
    });
  }
  return out;
}

/** Which offsets of a JSON template lie inside a string literal (a backslash escapes the next character). */
function stringRegions(template: string): (offset: number) => boolean {
  const inside = new Uint8Array(template.length);
  let open = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (open && c === '\\') {
      inside[i] = 1;
      inside[i + 1] = 1;
      i++;
    } else if (c === '"') {
      open = !open;
    } else if (open) inside[i] = 1;
  }
  return (offset) => inside[offset] === 1;
}

/** Removes the whitespace between the tokens of valid JSON text, leaving strings and numbers as written. */
export function minifyJson(text: string): string {
  let out = '';
  let open = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (open) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') open = false;
    } else if (c === '"') {
      open = true;
      out += c;
    } else if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') out += c;
  }
  return out;
}
