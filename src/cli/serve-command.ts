import { loadConfig } from '../config.ts';
import { createRuntime } from '../server.ts';
import type { CliIo } from './cli-io.ts';

/** `careloop serve`: runs the server until SIGINT/SIGTERM, then closes the database cleanly. */
export async function runServe(io: CliIo): Promise<number> {
  const config = loadConfig();
  const runtime = await createRuntime({
    config,
    onAdminPassword: (password) => {
      // Printed once, on the terminal only — never into the log.
      io.stderr(
        `\nCareLoop created the first admin account.\n  username: admin\n  password: ${password}\nSave it now: it is not shown again. Change it after logging in.\n\n`,
      );
    },
  });
  const address = await runtime.app.listen({ port: config.port, host: config.host });
  runtime.logger.info(
    { address, backend: runtime.database.backend, dataDir: config.databaseUrl ? undefined : config.dataDir },
    'CareLoop is serving',
  );
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      runtime.logger.info({ signal }, 'shutting down');
      runtime.close().then(resolve, (err) => {
        runtime.logger.error({ err }, 'error while shutting down');
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
