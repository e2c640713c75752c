/** One colleague as GET /api/v1/staff-directory lists them: a name, never contact details. */
export interface StaffEntry {
  id: number;
  displayName: string;
  departmentId: number | null;
  active: boolean;
}

/** What a name cell holds: the name (or `#id` while the directory is missing), and whether it is the viewer. */
export interface StaffLabel {
  name: string;
  isMe: boolean;
}

/**
 * The name for a staff id a ticket carries; null for nobody. An id the directory does not know (it
 * failed to load, or the account is newer than the page) shows as `#id`, so nothing is hidden.
 */
export function staffLabel(
  directory: ReadonlyMap<number, StaffEntry>,
  id: number | null | undefined,
  meId: number,
): StaffLabel | null {
  if (id === null || id === undefined) return null;
  const entry = directory.get(id);
  return { name: entry ? entry.displayName : `#${id}`, isMe: id === meId };
}

export function directoryOf(entries: readonly StaffEntry[]): Map<number, StaffEntry> {
  return new Map(entries.map((e) => [e.id, e]));
}
