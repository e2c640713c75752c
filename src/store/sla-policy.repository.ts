import { and, asc, desc, eq, lte } from 'drizzle-orm';
import type { SlaPolicy } from '../domain/sla/sla-policy.ts';
import { cachedConfig, forgetConfig } from './config-cache.ts';
import type { Db } from './database.ts';
import { slaPolicies } from './schema-sla.ts';

/** One stored version of a policy: the definition and from when it times new tickets. */
export interface StoredSlaPolicy {
  definition: SlaPolicy;
  activeFrom: Date;
  createdAt: Date;
}

const POLICIES_KEY = 'sla-policies';

export function createSlaPolicyRepository(db: Db) {
  return {
    /** Stores a policy version unless it exists (versions are immutable once stored). */
    async seed(policy: SlaPolicy, activeFrom: Date, now: Date): Promise<boolean> {
      return this.insert(policy, activeFrom, now);
    },

    /**
     * Stores a new version; false when that id and version already exist (someone else stored it
     * first: the primary key settles the race, no lock needed).
     */
    async insert(policy: SlaPolicy, activeFrom: Date, now: Date, tx: Db = db): Promise<boolean> {
      const rows = await tx
        .insert(slaPolicies)
        .values({ id: policy.id, version: policy.version, definition: policy, activeFrom, createdAt: now })
        .onConflictDoNothing()
        .returning({ id: slaPolicies.id });
      forgetConfig(db, POLICIES_KEY);
      return rows.length > 0;
    },

    /**
     * activeAt from the cached list of versions (config-cache.ts): every intake asks, a new version is
     * published a few times a year. Same answer as activeAt.
     */
    /** Forgets the cached versions (after a publish committed). */
    forgetCached(): void {
      forgetConfig(db, POLICIES_KEY);
    },

    async activeAtCached(at: Date, tx: Db = db): Promise<SlaPolicy | null> {
      const all = await cachedConfig(db, POLICIES_KEY, () => this.list(tx));
      // `all` is newest first (active_from, then version), as activeAt orders.
      const current = all.find((p) => p.activeFrom.getTime() <= at.getTime());
      return (current ?? all.at(-1))?.definition ?? null;
    },

    /** The policy in force at `at` (the latest active_from ≤ at), else the earliest one. */
    async activeAt(at: Date, tx: Db = db): Promise<SlaPolicy | null> {
      const [current] = await tx
        .select({ definition: slaPolicies.definition })
        .from(slaPolicies)
        .where(lte(slaPolicies.activeFrom, at))
        .orderBy(desc(slaPolicies.activeFrom), desc(slaPolicies.version))
        .limit(1);
      if (current) return current.definition;
      const [earliest] = await tx
        .select({ definition: slaPolicies.definition })
        .from(slaPolicies)
        .orderBy(asc(slaPolicies.activeFrom))
        .limit(1);
      return earliest?.definition ?? null;
    },

    async find(id: string, version: number, tx: Db = db): Promise<SlaPolicy | null> {
      const [row] = await tx
        .select({ definition: slaPolicies.definition })
        .from(slaPolicies)
        .where(and(eq(slaPolicies.id, id), eq(slaPolicies.version, version)));
      return row?.definition ?? null;
    },

    /** Every stored version, newest first (an institution has a handful, not thousands). */
    async list(tx: Db = db): Promise<StoredSlaPolicy[]> {
      return tx
        .select({
          definition: slaPolicies.definition,
          activeFrom: slaPolicies.activeFrom,
          createdAt: slaPolicies.createdAt,
        })
        .from(slaPolicies)
        .orderBy(desc(slaPolicies.activeFrom), desc(slaPolicies.version));
    },
  };
}

export type SlaPolicyRepository = ReturnType<typeof createSlaPolicyRepository>;
