import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { PERMISSIONS } from '../../domain/security/permissions.ts';
import type { AuthService } from '../../services/auth.service.ts';
import type { TypeBoxApp } from '../app.ts';
import { staffGuard, staffWith } from '../auth-guard.ts';

/**
 * Accounts, roles, sessions and API tokens. Admins manage accounts (users.manage) but see no case
 * content through these routes; every change is in the audit log.
 */
const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) });
const SessionParams = Type.Object({
  id: Type.String({ pattern: '^[0-9]{1,15}$' }),
  sessionId: Type.String({ pattern: '^[0-9a-f]{16}$' }),
});
const PermissionList = Type.Array(Type.String({ maxLength: 60 }), { maxItems: PERMISSIONS.length });
const iso = (d: Date | null) => d?.toISOString() ?? null;

export function accessRoutes(app: FastifyInstance, deps: { auth: AuthService }): void {
  const r = app as unknown as TypeBoxApp;
  const { auth } = deps;
  const tags = ['access'];
  const anyStaff = staffGuard(auth);

  // ---- the caller themself ----
  r.get(
    '/api/v1/auth/me',
    { preHandler: anyStaff, schema: { tags, summary: 'Who I am and what I may do' } },
    async (req) => {
      const a = req.access!;
      return { user: a.user, permissions: [...a.permissions].sort(), via: a.via };
    },
  );

  r.get(
    '/api/v1/auth/sessions',
    { preHandler: anyStaff, schema: { tags, summary: 'My live sessions' } },
    async (req) => ({
      items: (await auth.listSessions(req.access!.user.id)).map((s) => ({
        ...s,
        createdAt: iso(s.createdAt),
        lastSeenAt: iso(s.lastSeenAt),
        expiresAt: iso(s.expiresAt),
      })),
    }),
  );

  r.delete(
    '/api/v1/auth/sessions/:sessionId',
    {
      preHandler: anyStaff,
      schema: {
        tags,
        summary: 'End one of my sessions',
        params: Type.Object({ sessionId: Type.String({ pattern: '^[0-9a-f]{16}$' }) }),
      },
    },
    async (req, reply) => {
      await auth.revokeSession(req.access!.user.id, req.params.sessionId, req.access!);
      return reply.status(204).send();
    },
  );

  // ---- accounts (users.manage) ----
  const manageUsers = staffWith(auth, 'users.manage');

  r.get(
    '/api/v1/admin/users',
    { preHandler: manageUsers, schema: { tags, summary: 'Staff accounts' } },
    async () => ({
      items: await auth.listUsers(),
    }),
  );

  r.post(
    '/api/v1/admin/users',
    {
      preHandler: manageUsers,
      schema: {
        tags,
        summary: 'Create a staff account',
        body: Type.Object(
          {
            username: Type.String({ pattern: '^[A-Za-z0-9._-]{2,60}$' }),
            displayName: Type.String({ minLength: 1, maxLength: 100 }),
            password: Type.String({ minLength: 1, maxLength: 200 }),
            role: Type.String({ minLength: 1, maxLength: 60 }),
            departmentId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
            grants: Type.Optional(PermissionList),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const { grants, ...input } = req.body;
      const user = await auth.createUser(input, req.access!);
      const withGrants = grants
        ? await auth.updateUser(user.id, { grants }, req.access!)
        : { ...user, grants: [] };
      return reply.status(201).send({ user: withGrants });
    },
  );

  r.patch(
    '/api/v1/admin/users/:id',
    {
      preHandler: manageUsers,
      schema: {
        tags,
        summary: 'Change role, department, grants; disable or enable (disabling ends sessions and tokens)',
        params: IdParams,
        body: Type.Object(
          {
            displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            role: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
            departmentId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
            active: Type.Optional(Type.Boolean()),
            grants: Type.Optional(PermissionList),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => ({ user: await auth.updateUser(Number(req.params.id), req.body, req.access!) }),
  );

  r.post(
    '/api/v1/admin/users/:id/password',
    {
      preHandler: manageUsers,
      schema: {
        tags,
        summary: 'Set a new password (ends all the user’s sessions)',
        params: IdParams,
        body: Type.Object(
          { password: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      await auth.resetPassword(Number(req.params.id), req.body.password, req.access!);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/admin/users/:id/sessions',
    { preHandler: manageUsers, schema: { tags, summary: 'A user’s live sessions', params: IdParams } },
    async (req) => ({
      items: (await auth.listSessions(Number(req.params.id))).map((s) => ({
        ...s,
        createdAt: iso(s.createdAt),
        lastSeenAt: iso(s.lastSeenAt),
        expiresAt: iso(s.expiresAt),
      })),
    }),
  );

  r.delete(
    '/api/v1/admin/users/:id/sessions/:sessionId',
    { preHandler: manageUsers, schema: { tags, summary: 'End a user’s session', params: SessionParams } },
    async (req, reply) => {
      await auth.revokeSession(Number(req.params.id), req.params.sessionId, req.access!);
      return reply.status(204).send();
    },
  );

  // ---- roles ----
  r.get(
    '/api/v1/admin/roles',
    { preHandler: manageUsers, schema: { tags, summary: 'Roles and their permissions' } },
    async () => ({ items: await auth.listRoles(), permissions: PERMISSIONS }),
  );

  r.put(
    '/api/v1/admin/roles/:name',
    {
      preHandler: staffWith(auth, 'roles.manage'),
      schema: {
        tags,
        summary: 'Create or change a role',
        params: Type.Object({ name: Type.String({ pattern: '^[a-z][a-z0-9_]{1,40}$' }) }),
        body: Type.Object(
          { permissions: PermissionList, description: Type.Optional(Type.String({ maxLength: 300 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      await auth.setRole({ name: req.params.name, ...req.body }, req.access!);
      return { role: (await auth.listRoles()).find((x) => x.name === req.params.name) };
    },
  );

  // ---- API tokens ----
  const manageTokens = staffWith(auth, 'tokens.manage');
  const tokenJson = (t: Awaited<ReturnType<AuthService['listTokens']>>[number]) => ({
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    userId: t.userId,
    scopes: t.scopes,
    createdAt: iso(t.createdAt),
    expiresAt: iso(t.expiresAt),
    lastUsedAt: iso(t.lastUsedAt),
    revokedAt: iso(t.revokedAt),
  });

  r.get(
    '/api/v1/admin/tokens',
    { preHandler: manageTokens, schema: { tags, summary: 'API tokens' } },
    async () => ({
      items: (await auth.listTokens()).map(tokenJson),
    }),
  );

  r.post(
    '/api/v1/admin/tokens',
    {
      preHandler: manageTokens,
      schema: {
        tags,
        summary: 'Create an API token acting as a user, limited to scopes (shown once)',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            userId: Type.Integer({ minimum: 1 }),
            scopes: PermissionList,
            expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (req, reply) => {
      const created = await auth.createToken(
        {
          name: req.body.name,
          userId: req.body.userId,
          scopes: req.body.scopes,
          expiresAt: req.body.expiresAt ? new Date(req.body.expiresAt) : null,
        },
        req.access!,
      );
      return reply.status(201).send({ token: created.token, ...tokenJson(created) });
    },
  );

  r.delete(
    '/api/v1/admin/tokens/:id',
    { preHandler: manageTokens, schema: { tags, summary: 'Revoke an API token', params: IdParams } },
    async (req, reply) => {
      await auth.revokeToken(Number(req.params.id), req.access!);
      return reply.status(204).send();
    },
  );
}
