// Reading the IAM roles org.yaml names, through the real IAM and STS clients against the twin: the accounts each
// entry selects, one AssumeRole per member account, pages followed to the end, the path and customer policies
// read only where a role differs, missing roles, unreachable accounts, accounts selected twice.

import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../src/desired/load.js';
import { ConfigError } from '../src/desired/problems.js';
import { ApiSource } from '../src/live/api-source.js';
import { AwsIamSource } from '../src/live/iam-source.js';
import { readIam } from '../src/read/read-iam.js';
import { readOrg } from '../src/read/read-org.js';
import { requestFor } from '../src/read/request.js';
import { LazyTree } from '../src/read/tree.js';
import type { Fixture } from '../src/twin/seed.js';
import type { TwinOptions } from '../src/twin/server.js';
import { MANAGEMENT_KEYS, smallOrg, startTwin, type TwinHarness } from './helpers.js';
import { MANAGEMENT, PROD, READ_ONLY, SECURITY, SECURITY_AUDIT, auditYaml } from './iam-fixtures.js';


/** Audit in every account: in line in the management account, with a hand-made extra in security, missing in prod. */
function auditOrg(): Fixture {
  const fixture = smallOrg({
    iamPolicies: [
      { account: MANAGEMENT, name: 'AuditExtras' },
      { account: SECURITY, name: 'AuditExtras' },
    ],
  });
  fixture.root!.ous = fixture.root!.ous!.filter((ou) => ou.name !== 'Sandbox');
  fixture.root!.accounts = [
    { name: 'management', id: MANAGEMENT, roles: [{ name: 'Audit', policies: [READ_ONLY, `arn:aws:iam::${MANAGEMENT}:policy/AuditExtras`] }] },
    { name: 'security', id: SECURITY, roles: [{ name: 'Audit', policies: [READ_ONLY, SECURITY_AUDIT] }] },
  ];
  return fixture;
}

const AUDIT_ALL = auditYaml();

let h: TwinHarness | undefined;
let iam: AwsIamSource | undefined;
afterEach(async () => {
  iam?.close();
  await h?.close();
  h = iam = undefined;
});

async function read(yaml: string, options: TwinOptions = {}, fixture = auditOrg()) {
  h = await startTwin({ fixture, ...options });
  iam = new AwsIamSource({ region: 'us-east-1', endpoint: h.endpoint, credentials: MANAGEMENT_KEYS, api: { baseBackoffMs: 5, maxBackoffMs: 50 } });
  const config = parseConfig('org.yaml', yaml);
  const source = new ApiSource(h.api);
  const state = await readOrg(source, requestFor(config, { prune: false }));
  const result = await readIam(iam, new LazyTree(source, state.root.id, state), state, config.iamRoles, { parallelAccounts: 4 });
  return { result, calls: iam.calls };
}

describe('reading IAM roles', () => {
  it('reads each selected account once, and the path and customer policies only where the role differs', async () => {
    const { result, calls } = await read(AUDIT_ALL);
    assert.deepEqual([...result.selected.keys()].sort(), [MANAGEMENT, SECURITY, PROD]);
    const management = result.accounts.get(MANAGEMENT)!.roles.get('Audit');
    assert.deepEqual(management, { exists: true, attachedPolicyArns: [READ_ONLY, `arn:aws:iam::${MANAGEMENT}:policy/AuditExtras`] }, 'in line: no GetRole');
    assert.deepEqual(result.accounts.get(SECURITY)!.roles.get('Audit'), { exists: true, path: '/', attachedPolicyArns: [READ_ONLY, SECURITY_AUDIT] });
    assert.deepEqual([...result.accounts.get(SECURITY)!.policies], [[`arn:aws:iam::${SECURITY}:policy/AuditExtras`, true]]);
    assert.deepEqual(result.accounts.get(PROD)!.roles.get('Audit'), { exists: false });
    assert.deepEqual(calls, { 'sts:AssumeRole': 2, 'iam:ListAttachedRolePolicies': 3, 'iam:GetRole': 1, 'iam:GetPolicy': 1 });
  });

  it('follows short pages to the end', async () => {
    const { result } = await read(AUDIT_ALL, { iam: { maxItemsPerPage: 1 } });
    const security = result.accounts.get(SECURITY)!.roles.get('Audit');
    assert.deepEqual(security?.exists && security.attachedPolicyArns, [READ_ONLY, SECURITY_AUDIT]);
  });

  it('reports an account whose member role cannot be assumed, with the role ARN', async () => {
    const { result } = await read(AUDIT_ALL, { iam: { unassumableAccounts: [PROD] } });
    assert.equal(result.accounts.has(PROD), false);
    const why = result.unreachable.get(PROD)!;
    assert.equal(why.roleArn, `arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole`);
    assert.match(why.error, /^AccessDenied/);
  });

  it('selects by OU recursively and by name, without the excepted accounts', async () => {
    const { result } = await read(`version: 1
iamRoles:
  - ous: [/Workloads]
    accounts: [security]
    roles: { Audit: [${READ_ONLY}] }
  - accounts: all
    exceptAccounts: [prod-1, security]
    roles: { Audit: [${READ_ONLY}] }
`);
    assert.deepEqual(new Map([...result.selected].map(([id, roles]) => [id, [...roles]])), new Map([
      [SECURITY, [['Audit', 0]]],
      [PROD, [['Audit', 0]]],
      [MANAGEMENT, [['Audit', 1]]],
    ]));
  });

  it('refuses an account selected twice for a role, at the line of the second selection', async () => {
    await assert.rejects(
      read(`version: 1
iamRoles:
  - ous: [/Workloads]
    roles: { Audit: [${READ_ONLY}] }
  - accounts: [prod-1]
    roles: { Audit: [${READ_ONLY}] }
`),
      (err) => err instanceof ConfigError && err.problems.map((p) => `${p.location.line}: ${p.message}`).join('\n') ===
        `5: account ${PROD} is selected for Audit here and at line 3; an account's role has one list of policies`,
    );
  });
});
