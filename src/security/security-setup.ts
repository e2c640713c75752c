import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { ROLE_PRESETS } from '../domain/security/permissions.ts';
import { type AuditTrail, createAuditTrail } from '../services/access.ts';
import { createPrivacyService, type PrivacyService } from '../services/privacy.service.ts';
import { createAccessRepository } from '../store/access.repository.ts';
import {
  type AuditRepository,
  createAuditRepository,
  installAuditGuards,
} from '../store/audit.repository.ts';
import type { Database } from '../store/database.ts';
import { createFieldCipher, type FieldCipher, registerFieldCipher } from './field-cipher.ts';
import { type KeyRing, loadKeyRing } from './key-ring.ts';
import { defaultSecurityConfig, type SecurityConfig } from './security-config.ts';

export interface SecurityRuntime {
  config: SecurityConfig;
  ring: KeyRing;
  cipher: FieldCipher;
  auditLog: AuditRepository;
  audit: AuditTrail;
  privacy: PrivacyService;
}

/** The key ring of a configuration (server, CLI). */
export function keyRingOf(config: Config): KeyRing {
  const sec = config.security ?? defaultSecurityConfig();
  return loadKeyRing({
    encryptionKey: sec.encryptionKey,
    previousKeys: sec.previousKeys,
    keyFile: sec.keyFile,
    dataDir: config.dataDir,
  });
}

/**
 * Call after migrating: loads (or creates) the encryption keys and registers the field cipher for this
 * database, makes the audit table append-only, seeds the preset roles.
 */
export async function startSecurity(
  database: Database,
  config: Config,
  logger: Pick<Logger, 'info' | 'warn'>,
  clock: () => Date,
): Promise<SecurityRuntime> {
  const sec = config.security ?? defaultSecurityConfig();
  const ring = keyRingOf(config);
  if (ring.source.kind === 'file' && ring.source.generated) {
    logger.warn(
      { keyFile: ring.source.path, keyId: ring.currentId },
      'generated a new encryption key file for patient contact details: back it up apart from the database — without it the contact details cannot be read',
    );
  } else if (ring.source.kind === 'memory') {
    logger.info(
      { keyId: ring.currentId },
      'in-memory database: encryption key lives only as long as this process',
    );
  }
  const cipher = createFieldCipher(ring);
  registerFieldCipher(database.db, cipher);
  await installAuditGuards(database);
  await createAccessRepository(database.db).seedRoles(ROLE_PRESETS);
  const auditLog = createAuditRepository(database.db);
  const audit = createAuditTrail(auditLog, clock);
  return {
    config: sec,
    ring,
    cipher,
    auditLog,
    audit,
    privacy: createPrivacyService({ database, clock, audit }),
  };
}
