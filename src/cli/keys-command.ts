import { asc, eq, gt } from 'drizzle-orm';
import { loadConfig } from '../config.ts';
import { createFieldCipher } from '../security/field-cipher.ts';
import { addKeyToFile, readKeyFile } from '../security/key-ring.ts';
import { keyRingOf } from '../security/security-setup.ts';
import { openDatabase } from '../store/database.ts';
import { migrate } from '../store/migrate.ts';
import { tickets } from '../store/schema.ts';
import { protectContact } from '../store/ticket.repository.ts';
import type { CliIo } from './cli-io.ts';

const USAGE = `Usage:
  careloop keys rotate     new key (key file) or the key in CARELOOP_ENCRYPTION_KEY (env), then re-encrypt
                           every contact field and phone hash under it
  careloop keys status     which key is current and which keys ciphertexts still use`;

const BATCH = 500;

/**
 * `careloop keys rotate|status`. With a key file, rotate adds a new key, makes it current and keeps the
 * old ones (backups made before the rotation still need them). With CARELOOP_ENCRYPTION_KEY, set the
 * new key there and the old one in CARELOOP_ENCRYPTION_PREVIOUS_KEYS, then run rotate.
 */
export async function runKeysCommand(args: string[], io: CliIo): Promise<number> {
  const [sub] = args;
  if (sub !== 'rotate' && sub !== 'status') {
    io.stderr(USAGE);
    return 2;
  }
  const config = loadConfig();
  let ring = keyRingOf(config);
  if (ring.source.kind === 'memory') {
    io.stderr('careloop keys: an in-memory database has no lasting keys to rotate');
    return 1;
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database);
    if (sub === 'rotate' && ring.source.kind === 'file') {
      const id = addKeyToFile(ring.source.path);
      ring = readKeyFile(ring.source.path);
      io.stdout(`new current key ${id} added to ${ring.source.kind === 'file' ? ring.source.path : ''}`);
    }
    const cipher = createFieldCipher(ring);
    const used = new Map<string, number>();
    let rewritten = 0;
    let lastId = 0;
    for (;;) {
      const rows = await database.db
        .select({
          id: tickets.id,
          contactName: tickets.contactName,
          contactPhone: tickets.contactPhone,
          contactEmail: tickets.contactEmail,
          contactIdNumber: tickets.contactIdNumber,
        })
        .from(tickets)
        .where(gt(tickets.id, lastId))
        .orderBy(asc(tickets.id))
        .limit(BATCH);
      if (rows.length === 0) break;
      for (const row of rows) {
        lastId = row.id;
        const values = [row.contactName, row.contactPhone, row.contactEmail, row.contactIdNumber];
        const stale = values.filter((v) => v !== null && cipher.keyIdOf(v) !== cipher.currentKeyId);
        for (const v of values) {
          const id = v === null ? null : (cipher.keyIdOf(v) ?? 'plaintext');
          if (id) used.set(id, (used.get(id) ?? 0) + 1);
        }
        if (sub === 'status' || stale.length === 0) continue;
        await database.db.transaction(async (tx) => {
          await tx
            .update(tickets)
            .set(
              protectContact(cipher, {
                contactName: cipher.decrypt(row.contactName),
                contactPhone: cipher.decrypt(row.contactPhone),
                contactEmail: cipher.decrypt(row.contactEmail),
                contactIdNumber: cipher.decrypt(row.contactIdNumber),
              }),
            )
            .where(eq(tickets.id, row.id));
        });
        rewritten++;
      }
    }
    io.stdout(`current key: ${cipher.currentKeyId}`);
    io.stdout(`values by key before this run: ${JSON.stringify(Object.fromEntries(used))}`);
    if (sub === 'rotate') {
      io.stdout(
        `re-encrypted ${rewritten} tickets under ${cipher.currentKeyId}. Keep the old keys while backups made before now exist.`,
      );
    }
    return 0;
  } finally {
    await database.close();
  }
}
