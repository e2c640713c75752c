/**
 * The one place the web app talks to the server. Errors come back as ApiError with the server's stable
 * code, so pages choose their own words instead of showing server messages.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Dispatched on window when a staff request finds the session gone. */
export const AUTH_LOST_EVENT = 'careloop:auth-lost';

/** Network failure: the request never got an answer. */
export const NETWORK_ERROR = 'NETWORK';

async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const form = body instanceof FormData;
  // FormData sets its own multipart content type (with the boundary).
  if (body !== undefined && !form) headers['content-type'] = 'application/json';
  // Staff writes must carry this header (the server's CSRF defence); public routes ignore it.
  if (method !== 'GET') headers['x-careloop-csrf'] = '1';
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: form ? body : JSON.stringify(body) } : {}),
    });
  } catch (err) {
    throw new ApiError(0, NETWORK_ERROR, (err as Error).message);
  }
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => null)) as
    | (T & { error?: { code: string; message: string; field?: string } })
    | null;
  if (!res.ok) {
    const e = json?.error;
    if (res.status === 401 && !url.startsWith('/api/v1/auth/'))
      window.dispatchEvent(new Event(AUTH_LOST_EVENT));
    throw new ApiError(res.status, e?.code ?? 'HTTP_ERROR', e?.message ?? res.statusText, e?.field);
  }
  return json as T;
}

export const api = {
  get: <T>(url: string) => request<T>('GET', url),
  post: <T>(url: string, body?: unknown) => request<T>('POST', url, body ?? {}),
  put: <T>(url: string, body: unknown) => request<T>('PUT', url, body),
  patch: <T>(url: string, body: unknown) => request<T>('PATCH', url, body),
  del: <T = void>(url: string) => request<T>('DELETE', url),
  upload: <T>(url: string, files: File[]) => {
    const form = new FormData();
    for (const file of files) form.append('file', file, file.name);
    return request<T>('POST', url, form);
  },
};

export const enc = encodeURIComponent;

/** Builds a query string from the defined values only. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface SiteInfo {
  timeZone: string;
  version: string;
}

// —— Public (patient) ——

export interface TimelineEntry {
  type: string;
  at: string;
  by: string;
  payload: Record<string, unknown>;
}
export interface PatientView {
  ticketNo: string;
  status: string;
  receivedAt: string;
  timeline: TimelineEntry[];
}
export interface SubmitResult {
  ticketNo: string;
  trackingCode: string;
  status: string;
  receivedAt: string;
}

// —— Staff ——

export interface StaffUser {
  id: number;
  username: string;
  displayName: string;
  role: string;
  departmentId: number | null;
}

export interface TicketSummary {
  ticketNo: string;
  receivedAt: string;
  channel: string;
  status: string;
  kind: string | null;
  category: string | null;
  level: number | null;
  departmentId: number | null;
  ownerId: number | null;
  assigneeId: number | null;
  contactName: string | null;
  contactPhone: string | null;
  excerpt: string;
  reopenCount: number;
  version: number;
  [extra: string]: unknown;
}

export interface TicketDetail extends TicketSummary {
  text: string;
  contactEmail: string | null;
  anonymous: boolean;
  firstResponseAt: string | null;
  closedAt: string | null;
}

export interface StaffEvent {
  seq?: number;
  type: string;
  at: string;
  actorType: string;
  actorId: number | null;
  visibility: 'internal' | 'patient';
  payload: Record<string, unknown>;
}
