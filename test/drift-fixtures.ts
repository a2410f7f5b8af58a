// The organization the drift tests drift: an org.yaml and a twin fixture that match it exactly, the identities
// of the people and roles that change it (the handler's role, a person's role session, a session that spoofs the
// handler's session name), and the calls they make by hand.

import { join } from 'node:path';
import { AttachPolicyCommand, DetachPolicyCommand, OrganizationsClient, UpdatePolicyCommand } from '@aws-sdk/client-organizations';
import { loadConfig } from '../src/desired/load.js';
import { OrganizationsApi } from '../src/live/api.js';
import type { Fixture } from '../src/twin/seed.js';
import type { OrganizationsTwin } from '../src/twin/server.js';
import { ALLOW_LIST, DENY_LEAVE, awsClientConfig, denyPolicy, smallOrg, writeRepo, type Credentials } from './helpers.js';

export const MANAGEMENT = '111111111111';
export const ROOT = 'r-test';
export const WORKLOADS = 'ou-test-workload';
export const PROD = 'ou-test-prod0001';
export const SANDBOX = 'ou-test-sandbox1';
export const SECURITY = '222222222222';
export const SANDBOX_ACCOUNT = '555555555555';

export const DENY_LEAVE_ID = 'p-denyleave1';
export const ALLOW_ID = 'p-allowlst1';
export const GUARD_ID = 'p-guard0001';
/** Not declared in org.yaml. */
export const REPLACEMENT_ID = 'p-replace01';
/** A tag policy: org.yaml does not manage tag policies. */
export const TAGS_ID = 'p-tags00001';
export const FULL_ACCESS_ID = 'p-FullAWSAccess';

export const GUARD = denyPolicy('s3:DeleteBucket');
const TAGS = { tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' } } } };

export const HANDLER_ROLE = `arn:aws:iam::${MANAGEMENT}:role/reconcile-remediation`;
export const APPLY_ROLE = `arn:aws:iam::${MANAGEMENT}:role/reconcile-apply`;
/** The session name Lambda gives the function's role: its name. */
export const HANDLER_SESSION = 'reconcile-remediation';
export const HANDLER_KEYS: Credentials = { accessKeyId: 'ASIAHANDLER000001', secretAccessKey: 'handler' };
export const ALICE_KEYS: Credentials = { accessKeyId: 'ASIAALICE00000001', secretAccessKey: 'alice' };
export const ALICE_SESSION = `arn:aws:sts::${MANAGEMENT}:assumed-role/Admin/alice`;
/** Someone who named their session as the handler's, in a role that is not the handler's. */
export const SPOOF_KEYS: Credentials = { accessKeyId: 'ASIASPOOF00000001', secretAccessKey: 'spoof' };
export const SPOOF_SESSION = `arn:aws:sts::${MANAGEMENT}:assumed-role/Admin/${HANDLER_SESSION}`;

export const IDENTITIES = {
  [HANDLER_KEYS.accessKeyId]: { arn: `arn:aws:sts::${MANAGEMENT}:assumed-role/reconcile-remediation/${HANDLER_SESSION}`, accountId: MANAGEMENT },
  [ALICE_KEYS.accessKeyId]: { arn: ALICE_SESSION, accountId: MANAGEMENT },
  [SPOOF_KEYS.accessKeyId]: { arn: SPOOF_SESSION, accountId: MANAGEMENT },
};

export const ORG_YAML = `version: 1
policies:
  DenyLeave: { type: SERVICE_CONTROL_POLICY, file: policies/deny-leave.json }
  Allow: { type: SERVICE_CONTROL_POLICY, file: policies/allow.json }
  Guard: { type: SERVICE_CONTROL_POLICY, file: policies/guard.json }
attachments:
  root: [FullAWSAccess, DenyLeave]
  ous:
    /Workloads: [Allow, DenyLeave]
    ${SANDBOX}: [FullAWSAccess, Guard]
  accounts:
    security: [FullAWSAccess, DenyLeave]
`;

/** org.yaml and its policy files in a new directory; `yaml` replaces org.yaml. */
export function driftRepo(yaml = ORG_YAML): string {
  return writeRepo({ 'org.yaml': yaml, 'policies/deny-leave.json': DENY_LEAVE, 'policies/allow.json': ALLOW_LIST, 'policies/guard.json': GUARD });
}

export function driftConfig(yaml = ORG_YAML) {
  return loadConfig(join(driftRepo(yaml), 'org.yaml'));
}

/** The live organization, exactly as org.yaml has it (SCPs and tag policies enabled). */
export function driftFixture(): Fixture {
  const fixture = smallOrg({
    enabledPolicyTypes: ['SERVICE_CONTROL_POLICY', 'TAG_POLICY'],
    policies: [
      { name: 'DenyLeave', id: DENY_LEAVE_ID, type: 'SERVICE_CONTROL_POLICY', content: DENY_LEAVE },
      { name: 'Allow', id: ALLOW_ID, type: 'SERVICE_CONTROL_POLICY', content: ALLOW_LIST },
      { name: 'Guard', id: GUARD_ID, type: 'SERVICE_CONTROL_POLICY', content: GUARD },
      { name: 'Replacement', id: REPLACEMENT_ID, type: 'SERVICE_CONTROL_POLICY', content: ALLOW_LIST },
      { name: 'CostCenter', id: TAGS_ID, type: 'TAG_POLICY', content: TAGS },
    ],
  });
  const root = fixture.root!;
  root.policies = ['FullAWSAccess', 'DenyLeave'];
  root.accounts![0].policies = ['FullAWSAccess', 'DenyLeave'];
  root.ous![0].policies = ['Allow', 'DenyLeave'];
  root.ous![1].policies = ['FullAWSAccess', 'Guard', 'CostCenter'];
  return fixture;
}

/** A person's (or the handler's) Organizations client, signing with their keys. */
export function organizationsAs(endpoint: string, credentials: Credentials): OrganizationsClient {
  return new OrganizationsClient(awsClientConfig(endpoint, credentials));
}

/** The handler's API, for a twin that does not throttle: no pacing, fast retries, so that tests are quick. */
export function handlerApi(endpoint: string, credentials = HANDLER_KEYS): OrganizationsApi {
  return new OrganizationsApi(organizationsAs(endpoint, credentials), { rateLimited: false, baseBackoffMs: 5, maxBackoffMs: 50 });
}

/** Hand changes, as made in the console. */
export const byHand = (client: OrganizationsClient) => ({
  detach: (policyId: string, targetId: string) => client.send(new DetachPolicyCommand({ PolicyId: policyId, TargetId: targetId })),
  attach: (policyId: string, targetId: string) => client.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: targetId })),
  update: (policyId: string, change: { Name?: string; Content?: string }) => client.send(new UpdatePolicyCommand({ PolicyId: policyId, ...change })),
});

/** Waits until every event the twin recorded, and every event those caused, was delivered. */
export async function settle(twin: OrganizationsTwin): Promise<void> {
  for (let count = -1; count !== twin.cloudTrail.length; ) {
    count = twin.cloudTrail.length;
    await twin.eventsDelivered();
  }
}

/** The SCPs attached to a target in the twin, by id, sorted. */
export function scpsOf(twin: OrganizationsTwin, targetId: string): string[] {
  const org = twin.organization!;
  return [...(org.attachments.get(targetId) ?? [])].filter((id) => org.policies.get(id)?.type === 'SERVICE_CONTROL_POLICY').sort();
}
