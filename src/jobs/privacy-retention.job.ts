import { defaultSecurityConfig } from '../security/security-config.ts';
import { createAuditTrail } from '../services/access.ts';
import { createPrivacyService } from '../services/privacy.service.ts';
import { createAuditRepository } from '../store/audit.repository.ts';
import { defineJob } from './job.ts';

const RETENTION_INTERVAL_MS = 6 * 3600_000;
const DAY_MS = 86_400_000;

/**
 * Retention: closed tickets lose the patient's identity after the configured period, and audit rows
 * older than the audit retention are deleted from the oldest end (the chain stays verifiable).
 */
export const privacyRetentionJob = defineJob({
  id: 'privacy-retention',
  intervalMs: RETENTION_INTERVAL_MS,
  description: 'Anonymise closed tickets past their retention period; trim the audit log past its retention',
  handler: async (ctx) => {
    const sec = ctx.config.security ?? defaultSecurityConfig();
    const auditLog = createAuditRepository(ctx.database.db);
    const privacy = createPrivacyService({
      database: ctx.database,
      clock: () => ctx.now,
      audit: createAuditTrail(auditLog, () => ctx.now),
    });
    let anonymised = 0;
    if (sec.anonymiseClosedAfterDays > 0) {
      const cutoff = new Date(ctx.now.getTime() - sec.anonymiseClosedAfterDays * DAY_MS);
      for (;;) {
        const n = await privacy.anonymiseClosedBefore(cutoff);
        anonymised += n;
        if (n === 0) break;
      }
    }
    const auditDeleted = await auditLog.deleteOlderThan(
      new Date(ctx.now.getTime() - sec.auditRetentionDays * DAY_MS),
      ctx.now,
    );
    return { anonymised, auditDeleted };
  },
});
