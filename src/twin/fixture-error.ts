// The error of a seed that describes no organization AWS would hold; shared by the seeding of the organization
// (seed.ts) and of its accounts' IAM (iam/seed.ts).

import { ReconcileError } from '../diagnostics/diagnostic.js';

export class FixtureError extends ReconcileError {
  constructor(readonly reason: string) {
    super(`twin seed: ${reason}`);
  }
}
