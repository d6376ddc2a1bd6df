// The delivery logger: pino, with the places a secret could hide redacted by path as a second line of
// defence. The first line is that the worker and invokers never put headers, auth parameters or
// secrets in a log record, and scrub secret values out of error messages (see api-destination-invoker).
import { pino, type DestinationStream, type Logger } from 'pino';

export const REDACTED_PATHS = [
  'headers',
  '*.headers',
  'authorization',
  '*.authorization',
  'authParameters',
  '*.authParameters',
  'secret',
  '*.secret',
  'secrets',
  '*.secrets',
  'password',
  '*.password',
  'token',
  '*.token',
];

export function createDeliveryLogger(opts: { level?: string; destination?: DestinationStream } = {}): Logger {
  const options = {
    name: 'delivery',
    level: opts.level ?? process.env.PORTICO_LOG_LEVEL ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

/** A logger that drops everything: the default in tests and libraries. */
export const silentLogger: Logger = pino({ level: 'silent' });
