// org.yaml's iamRoles: the selection, the roles and their policy ARNs, checked offline with file:line.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadConfig } from '../src/desired/load.js';
import { ConfigError } from '../src/desired/problems.js';
import { formatDiagnostic } from '../src/diagnostics/diagnostic.js';
import { runCli, writeRepo } from './helpers.js';

function load(yaml: string) {
  return loadConfig(join(writeRepo({ 'org.yaml': yaml }), 'org.yaml'));
}

/** The problems of `yaml` as "line: message". */
function problemsOf(yaml: string): string[] {
  try {
    load(yaml);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.problems.map((p) => formatDiagnostic({ ...p, location: { ...p.location, file: 'org.yaml' } }));
  }
  assert.fail('expected problems');
}

describe('org.yaml iamRoles', () => {
  it('is empty when absent, with AWS default quota of 10 managed policies per role', () => {
    const config = load('version: 1\n');
    assert.deepEqual(config.iamRoles, []);
    assert.deepEqual(config.iamRoleLimits, { maxAttachments: 10 });
  });

  it('loads selections by all, ids, names and OUs, with defaults and the IAM_ROLE limit', () => {
    const config = load(`version: 1
limits:
  IAM_ROLE: { maxAttachments: 20 }
iamRoles:
  - accounts: all
    exceptAccounts: [sandbox-1]
    roles:
      ReadOnlyAudit:
        - arn:aws:iam::aws:policy/ReadOnlyAccess
        - arn:\${Partition}:iam::\${AccountId}:policy/AuditExtras
      BreakGlassAdmin: [arn:aws:iam::aws:policy/AdministratorAccess]
  - accounts: ["222222222222", prod-1]
    ous: [/Workloads, ou-ab12-cdef3456]
    memberRole: CrossAccountAdmin
    ifRoleMissing: skip
    roles:
      Deployer: [arn:aws:iam::aws:policy/PowerUserAccess]
`);
    assert.deepEqual(config.iamRoleLimits, { maxAttachments: 20 });
    assert.deepEqual(config.limits, {}, 'IAM_ROLE is not an Organizations policy type');
    const [first, second] = config.iamRoles;
    assert.equal(first.accounts, 'all');
    assert.deepEqual(first.exceptAccounts.map((a) => a.selector), [{ kind: 'accountName', name: 'sandbox-1' }]);
    assert.equal(first.memberRole, 'OrganizationAccountAccessRole');
    assert.equal(first.ifRoleMissing, 'error');
    assert.deepEqual(first.roles.map((r) => [r.name, r.policyArns.length, r.source.line]), [['ReadOnlyAudit', 2, 8], ['BreakGlassAdmin', 1, 11]]);
    assert.equal(first.source.line, 5);
    assert.notEqual(second.accounts, 'all');
    assert.deepEqual(second.accounts !== 'all' && second.accounts.map((a) => a.selector), [{ kind: 'accountId', id: '222222222222' }, { kind: 'accountName', name: 'prod-1' }]);
    assert.deepEqual(second.ous.map((o) => o.selector), [{ kind: 'ouPath', path: ['Workloads'] }, { kind: 'ouId', id: 'ou-ab12-cdef3456' }]);
    assert.equal(second.memberRole, 'CrossAccountAdmin');
    assert.equal(second.ifRoleMissing, 'skip');
  });

  it('reports malformed ARNs, unknown variables and service-role policies at their line', () => {
    const problems = problemsOf(`version: 1
iamRoles:
  - accounts: all
    roles:
      Audit:
        - arn:aws:iam::aws:ReadOnlyAccess
        - arn:\${Partition}:iam::\${AccountID}:policy/Extras
        - arn:aws:iam::aws:policy/aws-service-role/AccessAnalyzerServiceRolePolicy
        - arn:aws:s3:::bucket
        - arn:\${Partition}:iam::\${AccountId}:policy/team/Extras
`);
    assert.deepEqual(problems, [
      'org.yaml:6:11: "arn:aws:iam::aws:ReadOnlyAccess" is not a managed policy ARN (like arn:aws:iam::aws:policy/ReadOnlyAccess or arn:${Partition}:iam::${AccountId}:policy/Name)',
      'org.yaml:7:11: ${AccountID} is not a variable reconcile knows in a policy ARN; use ${Partition} or ${AccountId}',
      'org.yaml:8:11: arn:aws:iam::aws:policy/aws-service-role/AccessAnalyzerServiceRolePolicy is for service-linked roles only: IAM refuses to attach it to any other role (PolicyNotAttachable)',
      'org.yaml:9:11: "arn:aws:s3:::bucket" is not a managed policy ARN (like arn:aws:iam::aws:policy/ReadOnlyAccess or arn:${Partition}:iam::${AccountId}:policy/Name)',
    ]);
  });

  it('reports an account selected twice for one role at its line, when the ids show it offline', () => {
    const problems = problemsOf(`version: 1
iamRoles:
  - accounts: ["222222222222"]
    roles: { Audit: [arn:aws:iam::aws:policy/ReadOnlyAccess] }
  - accounts: ["333333333333", "222222222222"]
    roles: { Audit: [arn:aws:iam::aws:policy/ReadOnlyAccess], Other: [] }
  - accounts: all
    exceptAccounts: ["333333333333"]
    roles: { Other: [] }
  - accounts: ["333333333333"]
    roles: { Deployer: [] }
`);
    assert.deepEqual(problems, [
      "org.yaml:5:32: 222222222222 is already selected for Audit at line 3; an account's role has one list of policies",
      "org.yaml:5:32: 222222222222 is already selected for Other by accounts: all at line 7; add it to that entry's exceptAccounts or remove it here",
    ]);
  });

  it('explains wrong shapes, names and limits in its own words', () => {
    const problems = problemsOf(`version: 1
limits:
  IAM_ROLE: { maxAttachments: 30 }
iamRoles:
  - accounts: some
    roles: { "bad name": [] }
  - ifRoleMissing: ignore
    roles: { Audit: [arn:aws:iam::aws:policy/A, arn:aws:iam::aws:policy/B] }
  - accounts: ["12345"]
    ous: [/Workloads//Prod]
    roles: {}
`);
    assert.deepEqual(problems, [
      "org.yaml:3:31: limits.IAM_ROLE.maxAttachments 30 is not a whole number from 1 to 20 (AWS's highest quota of managed policies per role)",
      'org.yaml:5:15: iamRoles[0].accounts must be all, or a list of accounts (12-digit ids, quoted, or names), like [sandbox-1, "222222222222"]',
      'org.yaml:6:14: "bad name" is not a valid key in iamRoles[0].roles',
      'org.yaml:7:20: iamRoles[1].ifRoleMissing must be one of: error, skip',
      'org.yaml:11:12: iamRoles[2].roles is empty; it must be a map of role name to a list of managed policy ARNs',
    ]);
  });

  it('reports an entry without a selection, short account ids, empty OU segments and too many policies', () => {
    const problems = problemsOf(`version: 1
limits:
  IAM_ROLE: { maxAttachments: 1 }
iamRoles:
  - roles: { Audit: [arn:aws:iam::aws:policy/A, arn:aws:iam::aws:policy/B] }
  - accounts: ["12345"]
    ous: [/Workloads//Prod]
    roles: { Audit: [] }
`);
    assert.deepEqual(problems, [
      'org.yaml:5:5: this iamRoles entry selects no account: give accounts (all, or a list) or ous',
      'org.yaml:5:14: Audit lists 2 managed policies; at most 1 may be attached to one role (raise limits.IAM_ROLE.maxAttachments once AWS has raised the quota)',
      'org.yaml:6:16: account id 12345 is not 12 digits',
      'org.yaml:7:11: OU path /Workloads//Prod has an empty segment (write /Parent/Child)',
    ]);
  });
});

describe('reconcile validate with iamRoles', () => {
  it('counts the roles and entries', async () => {
    const dir = writeRepo({ 'org.yaml': 'version: 1\niamRoles:\n  - accounts: all\n    roles: { Audit: [arn:aws:iam::aws:policy/ReadOnlyAccess], Admin: [] }\n' });
    const r = await runCli(['validate', '-c', join(dir, 'org.yaml')]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /is valid: 0 policies, 0 listed targets, managing no policy types, and 2 IAM roles in 1 iamRoles entry\./);
  });
});
