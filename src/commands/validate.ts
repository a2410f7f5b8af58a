// `reconcile validate`: every check that needs no AWS call, on org.yaml and the policy files it names.

import type { DesiredConfig } from '../desired/config.js';
import { loadConfig } from '../desired/load.js';
import { reportWarnings } from './errors.js';
import type { Io } from './io.js';

export function validateCommand(options: { config: string }, io: Io): number {
  const config = loadConfig(options.config);
  reportWarnings(config.warnings, io, true);
  io.out.write(
    io.colors.green(`${options.config} is valid: `) +
      `${config.policies.size} polic${config.policies.size === 1 ? 'y' : 'ies'}, ${config.targets.length} listed target${config.targets.length === 1 ? '' : 's'}, ` +
      `managing ${config.managedTypes.join(', ') || 'no policy types'}` +
      iamRolesText(config) +
      (config.warnings.length ? `, with ${config.warnings.length} warning${config.warnings.length === 1 ? '' : 's'} above.\n` : '.\n'),
  );
  return 0;
}

/** ", and 2 IAM roles in 3 entries": said only when org.yaml has iamRoles. */
function iamRolesText(config: DesiredConfig): string {
  const entries = config.iamRoles.length;
  if (entries === 0) return '';
  const roles = new Set(config.iamRoles.flatMap((e) => e.roles.map((r) => r.name))).size;
  return `, and ${roles} IAM role${roles === 1 ? '' : 's'} in ${entries} iamRoles entr${entries === 1 ? 'y' : 'ies'}`;
}
