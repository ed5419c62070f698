/**
 * Print a TCP port on 127.0.0.1 that is free right now (the OS picks it: listen on port 0).
 * playwright.config.ts runs this synchronously when PLAYWRIGHT_PORT is unset, so the e2e tests
 * never depend on a fixed port (4173 may be taken by another preview server).
 */
import { createServer } from 'node:net';

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  server.close(() => process.stdout.write(String(typeof address === 'object' && address ? address.port : '')));
});
