import { AppError } from '../domain/app-error.ts';
import { CATEGORIES, CHANNELS, KINDS } from '../domain/ticket/ticket.ts';
import type { Database } from '../store/database.ts';
import { createIntakeRepository } from '../store/intake.repository.ts';
import {
  createRoutingRepository,
  type RoutingRuleInput,
  type StaffProfile,
} from '../store/routing.repository.ts';

export const KEYWORDS_PER_RULE_MAX = 50;

/** Admin editing of the data routing runs on: departments, routing rules, handler profiles, on-call. */
export function createWorkflowAdminService(deps: { database: Database }) {
  const routing = createRoutingRepository(deps.database.db);
  const intake = createIntakeRepository(deps.database.db);

  async function checkRule(input: RoutingRuleInput): Promise<RoutingRuleInput> {
    const oneOf = (value: string | null, allowed: readonly string[], field: string) => {
      if (value !== null && !allowed.includes(value)) {
        throw new AppError('VALIDATION_FAILED', `${field} must be one of: ${allowed.join(', ')}.`, { field });
      }
    };
    oneOf(input.category, CATEGORIES, 'category');
    oneOf(input.kind, KINDS, 'kind');
    oneOf(input.channel, CHANNELS, 'channel');
    const keywords = [...new Set(input.keywords.map((k) => k.trim()).filter((k) => k !== ''))];
    if (keywords.length > KEYWORDS_PER_RULE_MAX) {
      throw new AppError('VALIDATION_FAILED', `At most ${KEYWORDS_PER_RULE_MAX} keywords per rule.`, {
        field: 'keywords',
      });
    }
    const departmentState = await routing.departmentState(input.departmentId);
    if (departmentState === null) {
      throw new AppError('DEPARTMENT_NOT_FOUND', `No department ${input.departmentId}.`, {
        field: 'departmentId',
      });
    }
    if (departmentState === 'inactive') {
      throw new AppError(
        'DEPARTMENT_INACTIVE',
        `Department ${input.departmentId} was deactivated and takes no new work; choose another.`,
        { field: 'departmentId' },
      );
    }
    return { ...input, keywords };
  }

  return {
    listDepartments: () => routing.listDepartments(),
    createDepartment: (input: { code: string; name: string; nameEn: string | null }) =>
      routing.createDepartment(input),
    listRules: () => routing.listRules(),
    createRule: async (input: RoutingRuleInput) => routing.createRule(await checkRule(input)),
    updateRule: async (id: number, input: RoutingRuleInput) => routing.updateRule(id, await checkRule(input)),
    deleteRule: (id: number) => routing.deleteRule(id),
    listProfiles: () => routing.listProfiles(),
    async saveProfile(profile: StaffProfile) {
      if (!(await routing.staffExists(profile.userId))) {
        throw new AppError('STAFF_NOT_FOUND', `No active staff member ${profile.userId}.`, {
          field: 'userId',
        });
      }
      return routing.upsertProfile(profile);
    },
    listOnCall: () => routing.listOnCall(),
    async addOnCall(input: { departmentId: number | null; userId: number }) {
      if (!(await routing.staffExists(input.userId))) {
        throw new AppError('STAFF_NOT_FOUND', `No active staff member ${input.userId}.`, { field: 'userId' });
      }
      if (input.departmentId !== null && !(await routing.departmentExists(input.departmentId))) {
        throw new AppError('DEPARTMENT_NOT_FOUND', `No department ${input.departmentId}.`, {
          field: 'departmentId',
        });
      }
      return routing.addOnCall(input);
    },
    removeOnCall: (id: number) => routing.removeOnCall(id),
    /** Praise per department in [since, until]: the seed of the staff recognition report. */
    praiseByDepartment: (since: Date, until: Date) => intake.praiseByDepartment(since, until),
  };
}

export type WorkflowAdminService = ReturnType<typeof createWorkflowAdminService>;
