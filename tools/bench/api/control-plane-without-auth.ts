// The control plane as main.ts starts it, except that its guard admits every request as the
// principal of BENCH_TOKEN without reading any credential: the same routes, handlers and tenant
// scoping with no authentication, so the bench can tell what authentication costs. Bench only.
import 'reflect-metadata';
import { Authenticator } from '@alloy/identity';
import type { ExecutionContext } from '@nestjs/common';
import { createControlPlane } from '../../../apps/control-plane/src/app.factory';
import { admit, AuthGuard } from '../../../apps/control-plane/src/auth/auth.guard';
import { loadConfig } from '../../../apps/control-plane/src/config/app-config';

async function main(): Promise<void> {
  const config = loadConfig();
  const { app } = await createControlPlane(config);
  const principal = await app.get(Authenticator).authenticate(process.env.BENCH_TOKEN ?? '');
  if (!principal) throw new Error('BENCH_TOKEN is not a key of this installation');
  const guard = app.get(AuthGuard);
  guard.canActivate = (context: ExecutionContext) => {
    admit(context, { principal, organizationId: principal.organizationId, requestId: null });
    return Promise.resolve(true);
  };
  await app.listen(config.http.port, config.http.host);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
