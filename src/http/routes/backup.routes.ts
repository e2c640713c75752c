import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AuthService } from '../../services/auth.service.ts';
import { writeBackup } from '../../services/backup.service.ts';
import type { Clock } from '../../services/ticket.service.ts';
import type { Database } from '../../store/database.ts';
import { staffWith } from '../auth-guard.ts';

export interface BackupRouteDeps {
  database: Database;
  auth: AuthService;
  version: string;
  clock: Clock;
  backup?: { attachmentsDir: string | undefined };
}

/**
 * The backup of a running server, for the embedded database that no other process may open. The dump
 * goes to a temporary file first and is then sent: the snapshot (which on the embedded database holds
 * its single connection) lasts as long as the disk takes, not as long as a slow download.
 */
export function backupRoutes(app: FastifyInstance, deps: BackupRouteDeps): void {
  app.post(
    '/api/v1/admin/backup',
    {
      schema: {
        tags: ['admin'],
        summary: 'Download a backup of the database and attachments (admin.settings)',
        description: 'A gzip file for `careloop restore`. Holds personal data: store it encrypted.',
      },
      // The whole database, patients' contact details included: settings administrators only.
      preHandler: staffWith(deps.auth, 'admin.settings'),
    },
    async (request, reply) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careloop-backup-'));
      const file = path.join(dir, 'backup.gz');
      const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
      try {
        const summary = await writeBackup({
          database: deps.database,
          version: deps.version,
          attachmentsDir: deps.backup?.attachmentsDir,
          output: fs.createWriteStream(file),
          now: deps.clock,
        });
        request.log.info({ rows: summary.rows, files: summary.files }, 'backup written');
      } catch (err) {
        cleanup();
        throw err;
      }
      const stamp = deps.clock().toISOString().replace(/[:.]/g, '-');
      const stream = fs.createReadStream(file);
      stream.on('close', cleanup);
      return reply
        .header('content-type', 'application/gzip')
        .header('content-disposition', `attachment; filename="careloop-${stamp}.backup.gz"`)
        .send(stream);
    },
  );
}
