import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/app-error.ts';
import type { AuthService } from '../services/auth.service.ts';
import type { StaffUser } from '../store/staff.repository.ts';

export const SESSION_COOKIE = 'careloop_session';
/**
 * Cookie-authenticated writes must carry this header. A cross-site form or image cannot set custom
 * headers, and a cross-site script cannot either without a CORS preflight we never allow — so a request
 * with it came from our own pages.
 */
export const CSRF_HEADER = 'x-careloop-csrf';

declare module 'fastify' {
  interface FastifyRequest {
    staff?: StaffUser;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function staffGuard(auth: AuthService) {
  return async function requireStaff(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const token = request.cookies[SESSION_COOKIE];
    const user = token ? await auth.authenticate(token) : null;
    if (!user) throw new AppError('AUTH_REQUIRED', 'Please log in.');
    if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] === undefined) {
      throw new AppError(
        'CSRF_REJECTED',
        `Write requests from the console must carry the ${CSRF_HEADER} header.`,
      );
    }
    request.staff = user;
    // Every line logged while handling this request names the staff user (an id, never a name).
    request.log = request.log.child({ userId: user.id });
  };
}
