import { AppError } from '../domain/app-error.ts';
import type { Database } from '../store/database.ts';
import {
  createRoutingRepository,
  type Department,
  type DepartmentPatch,
} from '../store/routing.repository.ts';
import { type AccessContext, type AuditTrail, actorOf } from './access.ts';
import type { Clock } from './ticket.service.ts';

/**
 * An administrator's changes to a department: its names and whether it still takes new tickets. Its code
 * stays (rules, reports and imports refer to it); a deactivated department keeps the tickets it holds.
 */
export function createDepartmentAdminService(deps: { database: Database; clock: Clock; audit?: AuditTrail }) {
  const routing = createRoutingRepository(deps.database.db);

  function checked(input: DepartmentPatch): DepartmentPatch {
    const patch: DepartmentPatch = {};
    if (input.name !== undefined) {
      const name = input.name.trim();
      // The schema refuses "", but "   " would pass it and leave a department with no visible name.
      if (name === '')
        throw new AppError('VALIDATION_FAILED', 'A department needs a name.', { field: 'name' });
      patch.name = name;
    }
    if (input.nameEn !== undefined) {
      // A blank English name means "none": the pages then show the Chinese one.
      patch.nameEn = input.nameEn?.trim() ? input.nameEn.trim() : null;
    }
    if (input.active !== undefined) patch.active = input.active;
    if (Object.keys(patch).length === 0) {
      throw new AppError('VALIDATION_FAILED', 'Nothing to change: send name, nameEn or active.');
    }
    return patch;
  }

  return {
    /** Applies the change and records who made it (with the values before and after) in one transaction. */
    async update(id: number, input: DepartmentPatch, by: AccessContext): Promise<Department> {
      const patch = checked(input);
      const updated = await deps.database.db.transaction(async (tx) => {
        const before = await routing.findDepartment(id, tx);
        if (!before) throw new AppError('DEPARTMENT_NOT_FOUND', `No department ${id}.`);
        const after = (await routing.updateDepartment(id, patch, tx))!;
        const changed = (Object.keys(patch) as (keyof DepartmentPatch)[]).filter(
          (k) => before[k] !== after[k],
        );
        await deps.audit?.record(
          {
            at: deps.clock(),
            ...actorOf(by),
            action: 'department.update',
            target: `department:${id}`,
            details: {
              code: after.code,
              before: Object.fromEntries(changed.map((k) => [k, before[k]])),
              after: Object.fromEntries(changed.map((k) => [k, after[k]])),
            },
          },
          tx,
        );
        return after;
      });
      // After the commit: forgotten earlier, an intake could cache the rules as they were before it.
      if (patch.active !== undefined) routing.forgetRoutingRules();
      return updated;
    },
  };
}

export type DepartmentAdminService = ReturnType<typeof createDepartmentAdminService>;
