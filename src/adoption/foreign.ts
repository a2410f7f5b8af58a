// Policies that look owned by another tool. Import still writes them (the file must be exact), but says whose
// they look like, so the team decides before reconcile starts changing them.

export function foreignOwner(policy: { name: string; description: string }): string | undefined {
  if (/^aws-guardrails-/i.test(policy.name)) return 'AWS Control Tower (aws-guardrails-*)';
  if (/^(AWSAccelerator|Accelerator)/.test(policy.name) || /landing zone accelerator/i.test(policy.description)) {
    return 'Landing Zone Accelerator';
  }
  return undefined;
}
