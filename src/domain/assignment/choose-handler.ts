/**
 * Automatic assignment inside a department: the least-loaded available handler who speaks the
 * ticket's language (and has the skill, when one is needed); ties go round-robin after the last
 * person picked, so equal loads spread evenly. Level 1 goes to the department head.
 */

export interface Candidate {
  userId: number;
  /** Open tickets currently assigned to them. */
  load: number;
  available: boolean;
  departmentHead: boolean;
  languages: readonly string[];
  skills: readonly string[];
}

export interface HandlerRequest {
  lang: string;
  skill?: string | undefined;
  level: number | null;
  /** Who the department's automatic assignment picked last time (round-robin memory). */
  lastAssignedId: number | null;
}

export type HandlerChoice = {
  userId: number;
  reason: 'department_head' | 'least_loaded';
  languageMatched: boolean;
} | null;

/** Round-robin among equals: the first id after `last`, wrapping around to the smallest. */
function nextAfter(ids: number[], last: number | null): number {
  const sorted = [...ids].sort((a, b) => a - b);
  if (last === null) return sorted[0]!;
  return sorted.find((id) => id > last) ?? sorted[0]!;
}

export function chooseHandler(candidates: readonly Candidate[], request: HandlerRequest): HandlerChoice {
  const available = candidates.filter((c) => c.available);
  if (request.level === 1) {
    // A level-1 case needs someone with authority at once, even if they are busy or off the rota.
    const head = candidates.find((c) => c.departmentHead);
    if (head) {
      return {
        userId: head.userId,
        reason: 'department_head',
        languageMatched: head.languages.includes(request.lang),
      };
    }
  }
  if (available.length === 0) return null;
  const withSkill = request.skill ? available.filter((c) => c.skills.includes(request.skill!)) : available;
  const skilled = withSkill.length > 0 ? withSkill : available;
  const speaking = skilled.filter((c) => c.languages.includes(request.lang));
  // Nobody speaks the language: still assign (an interpreter can be arranged), and say so.
  const pool = speaking.length > 0 ? speaking : skilled;
  const minLoad = Math.min(...pool.map((c) => c.load));
  const tied = pool.filter((c) => c.load === minLoad).map((c) => c.userId);
  return {
    userId: nextAfter(tied, request.lastAssignedId),
    reason: 'least_loaded',
    languageMatched: speaking.length > 0,
  };
}
