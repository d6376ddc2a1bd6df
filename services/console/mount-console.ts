// Mounts the console, the partner's page and the inspection API's console views on the bus's port
// (`portico dev`). The views answer loopback only, like the rest of /_portico/ (loopback-guard.ts).
import type { LocalBus } from '../bus/local-bus.ts';
import { CONSOLE_API_PREFIXES, createConsoleApi } from '../bus/inspect/console-api.ts';
import type { BusServer } from '../bus/server/http-server.ts';
import { CONSOLE_ASSETS_PREFIX, createConsolePages, PARTNER_PAGE_PREFIX } from './console-pages.ts';
import { loopbackOnly } from './loopback-guard.ts';

export function mountConsole(server: BusServer, bus: LocalBus): void {
  const api = loopbackOnly(createConsoleApi(bus));
  for (const prefix of CONSOLE_API_PREFIXES) server.mount(prefix, api);
  const pages = createConsolePages();
  server.mount(CONSOLE_ASSETS_PREFIX, pages.assets);
  server.mount(PARTNER_PAGE_PREFIX, pages.partner);
  server.setBrowserRoot(pages.console);
}
