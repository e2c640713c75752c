import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AuthService } from '../../services/auth.service.ts';
import type { TypeBoxApp } from '../app.ts';
import { SESSION_COOKIE } from '../auth-guard.ts';

export function authRoutes(app: FastifyInstance, deps: { auth: AuthService; secureCookies: boolean }): void {
  const r = app as unknown as TypeBoxApp;
  const tags = ['auth'];

  r.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags,
        summary: 'Staff login; sets the session cookie',
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 100 }),
            password: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const result = await deps.auth.login(request.body.username, request.body.password, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
      });
      void reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.secureCookies || request.protocol === 'https',
        expires: result.expiresAt,
      });
      return { user: result.user, expiresAt: result.expiresAt.toISOString() };
    },
  );

  r.post('/api/v1/auth/logout', { schema: { tags, summary: 'End the session' } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await deps.auth.logout(token);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
}
