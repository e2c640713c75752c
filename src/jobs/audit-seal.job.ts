import { createAuditRepository } from '../store/audit.repository.ts';
import { defineJob } from './job.ts';

/** Short: until a row is sealed it is stored but not yet vouched for by the chain. */
const SEAL_INTERVAL_MS = 5_000;

/**
 * Chains the audit rows committed since the last run (audit.repository.ts): appends never wait for each
 * other, the chain is added here, serialised across servers by an advisory lock. Idempotent: a row is
 * sealed once; a run that finds nothing costs one indexed look.
 */
export const auditSealJob = defineJob({
  id: 'audit-seal',
  intervalMs: SEAL_INTERVAL_MS,
  description: 'Add newly committed audit rows to the hash chain',
  handler: async (ctx) => ({ sealed: await createAuditRepository(ctx.database.db).seal() }),
});
