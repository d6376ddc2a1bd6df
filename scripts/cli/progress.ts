// A line on stderr before long work (validating and generating take seconds on a busy machine), so a
// person at a terminal sees it has started. Only on a terminal: stdout stays the command's result,
// and logs of CI runs stay as they were.
export function progress(line: string, stream: NodeJS.WriteStream = process.stderr): void {
  if (stream.isTTY) stream.write(`${line}\n`);
}
