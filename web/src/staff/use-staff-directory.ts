import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { directoryOf, type StaffEntry } from './staff-names.ts';

let cache: Promise<StaffEntry[]> | null = null;

/**
 * The staff directory (names for owner, assignee and actor ids), loaded once per console like the
 * departments. A failed load is retried on the next page; meanwhile ids show as `#id`.
 */
export function useStaffDirectory(): ReadonlyMap<number, StaffEntry> {
  const [directory, setDirectory] = useState<ReadonlyMap<number, StaffEntry>>(() => new Map());
  useEffect(() => {
    cache ??= api.get<{ items: StaffEntry[] }>('/api/v1/staff-directory').then(
      (r) => r.items,
      () => {
        cache = null;
        return [];
      },
    );
    let live = true;
    void cache.then((items) => {
      if (live) setDirectory(directoryOf(items));
    });
    return () => {
      live = false;
    };
  }, []);
  return directory;
}
