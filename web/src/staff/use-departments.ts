import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import type { Lang } from '../i18n/i18n.ts';

interface Department {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  /** False once deactivated: still named on old tickets, no longer offered for transfers and tasks. */
  active?: boolean;
}

let cache: Promise<Department[]> | null = null;

/**
 * Department names for the ids tickets carry, loaded once per console. Without them (the list failed)
 * the id is shown, so nothing is hidden.
 */
export function useDepartmentName(lang: Lang): (id: number | null) => string | null {
  return useDepartments(lang).name;
}

export function useDepartments(lang: Lang): {
  list: { id: number; label: string }[];
  name: (id: number | null) => string | null;
} {
  const [departments, setDepartments] = useState<Department[]>([]);
  useEffect(() => {
    cache ??= api.get<{ items: Department[] }>('/api/v1/workflow/departments').then(
      (r) => r.items,
      () => {
        cache = null;
        return [];
      },
    );
    void cache.then(setDepartments);
  }, []);
  const label = (d: Department) => (lang === 'en' && d.nameEn ? d.nameEn : d.name);
  return {
    list: departments.filter((d) => d.active !== false).map((d) => ({ id: d.id, label: label(d) })),
    name: (id) => {
      if (id === null) return null;
      const d = departments.find((x) => x.id === id);
      return d ? label(d) : `#${id}`;
    },
  };
}
