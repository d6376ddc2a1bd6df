// `portico dev`'s log: one readable line per record on a terminal (pino-pretty, as a synchronous
// stream so that a line is out before the process exits), pino's JSON lines otherwise, which log
// collectors read. `--log-format` overrides the guess.
import type { Logger } from 'pino';
import pino from 'pino';
import pretty from 'pino-pretty';

export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export function defaultLogFormat(stream: { isTTY?: boolean } = process.stdout): LogFormat {
  return stream.isTTY ? 'pretty' : 'json';
}

export function createDevLogger(format: LogFormat, level = process.env.PORTICO_LOG_LEVEL ?? 'info'): Logger {
  if (format === 'json') return pino({ level });
  return pino(
    { level },
    pretty({
      sync: true,
      colorize: Boolean(process.stdout.isTTY),
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname',
      singleLine: true,
    }),
  );
}
