import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/app-error.ts';
import type { Permission } from '../domain/security/permissions.ts';
import type { AccessContext } from '../services/access.ts';
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
    /** The caller's rights (role + grants, limited by a token's scopes) and origin; set by staffGuard. */
    access?: AccessContext;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function staffGuard(auth: AuthService) {
  return async function requireStaff(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    // Integrations send an API token; the console sends its session cookie.
    const authorization = request.headers.authorization;
    const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
    const access = await auth.authenticateRequest({
      sessionToken: bearer === undefined ? request.cookies[SESSION_COOKIE] : undefined,
      bearer,
      ip: request.ip,
    });
    const user = access?.user;
    if (!access || !user) throw new AppError('AUTH_REQUIRED', 'Please log in.');
    // A bearer token is not sent by browsers on their own, so token requests need no CSRF header.
    if (
      access.via === 'session' &&
      !SAFE_METHODS.has(request.method) &&
      request.headers[CSRF_HEADER] === undefined
    ) {
      throw new AppError(
        'CSRF_REJECTED',
        `Write requests from the console must carry the ${CSRF_HEADER} header.`,
      );
    }
    request.staff = user;
    request.access = access;
    // Every line logged while handling this request names the staff user (an id, never a name).
    request.log = request.log.child({ userId: user.id });
  };
}

/**
 * Runs after staffGuard: refuses (403) a caller without every one of the permissions. Compose on each
 * route: `preHandler: [staffGuard(auth), requirePermission('ticket.read')]`, or `staffWith(auth, …)`.
 */
export function requirePermission(...needed: Permission[]) {
  return async function checkPermission(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const access = request.access;
    if (!access) throw new AppError('AUTH_REQUIRED', 'Please log in.');
    const missing = needed.filter((p) => !access.permissions.has(p));
    if (missing.length > 0) {
      throw new AppError('FORBIDDEN', 'Your role does not allow this.', { details: { missing } });
    }
  };
}

/** staffGuard followed by requirePermission: the preHandler list of a staff route. */
export function staffWith(auth: AuthService, ...needed: Permission[]) {
  return [staffGuard(auth), requirePermission(...needed)];
}
