import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SecurityConfig } from '../security/security-config.ts';

/**
 * Security headers and per-address rate limits of the public endpoints. Registered before the routes.
 *
 * The Content-Security-Policy fits the Vite-built web app: scripts, styles, fonts and API calls from our
 * own origin only, no inline scripts, no framing (clickjacking), no plugins. Referrer-Policy no-referrer:
 * patient pages carry a tracking code in their address, which must not leak to other sites.
 */
export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
}

type RateGroup = 'feedback' | 'tracking' | 'login';

/** Which public route a request is for; staff routes are not limited here (they need a login). */
function groupOf(request: FastifyRequest): RateGroup | null {
  const url = request.routeOptions.url ?? '';
  if (url === '/api/v1/feedback' || url.startsWith('/api/v1/intake')) return 'feedback';
  if (url.startsWith('/api/v1/track/')) return 'tracking';
  if (url === '/api/v1/auth/login') return 'login';
  return null;
}

export async function installRateLimits(
  app: FastifyInstance,
  limits: SecurityConfig['rateLimits'],
): Promise<void> {
  const perGroup: Record<RateGroup, number> = {
    feedback: limits.feedbackPerMinute,
    tracking: limits.trackingPerMinute,
    login: limits.loginPerMinute,
  };
  await app.register(rateLimit, {
    global: true,
    timeWindow: 60_000,
    // One bucket per address and group: a busy tracking page does not use up the feedback allowance.
    keyGenerator: (request) => `${groupOf(request) ?? 'other'}|${request.ip}`,
    allowList: (request) => groupOf(request) === null,
    max: (request) => perGroup[groupOf(request) ?? 'feedback'],
    // The error handler turns 429 into RATE_LIMITED.
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `Too many requests; try again in ${context.after}.`,
    }),
  });
}
