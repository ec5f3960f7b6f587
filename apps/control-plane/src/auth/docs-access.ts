import { Authenticator, bearerToken } from '@alloy/identity';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { unauthenticated } from './auth-errors';

/**
 * Swagger UI and the OpenAPI document are served by Express middleware, outside Nest's guards:
 * when `PUBLIC_ENDPOINTS` does not list `docs`, any valid credential is asked for here instead.
 */
export function guardDocs(app: INestApplication): void {
  const authenticator = app.get(Authenticator);
  app.use('/docs', (req: Request, res: Response, next: NextFunction) => {
    authenticator.authenticate(bearerToken(req.headers.authorization)).then(
      (principal) => {
        if (principal?.role) return next();
        const error = unauthenticated();
        res.status(error.status).json({
          error: { code: error.code, message: error.message, details: null },
        });
      },
      (error: unknown) => next(error),
    );
  });
}
