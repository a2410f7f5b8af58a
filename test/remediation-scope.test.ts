// scopeConfig, a pure function: what org.yaml narrows to for each kind of event, and what it leaves alone.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CloudTrailRecord } from '../src/drift/cloudtrail-record.js';
import type { EventFacts } from '../src/remediation/facts.js';
import { scopeConfig, type Scope } from '../src/remediation/scope.js';
import { ALLOW_ID, DENY_LEAVE_ID, FULL_ACCESS_ID, GUARD, GUARD_ID, ROOT, SANDBOX, SECURITY, WORKLOADS, driftConfig } from './drift-fixtures.js';

const SCP = 'SERVICE_CONTROL_POLICY';
const config = driftConfig();

function record(eventName: string, requestParameters: Record<string, unknown>): CloudTrailRecord {
  return { eventID: 'e-1', eventTime: '2026-05-01T03:00:00Z', eventSource: 'organizations.amazonaws.com', eventName, requestParameters, responseElements: null, userIdentity: {} };
}

const live = (id: string, name: string, content?: unknown) => ({ id, name, type: SCP, description: '', awsManaged: id === FULL_ACCESS_ID, ...(content ? { content: JSON.stringify(content) } : {}) });
const everyPolicy = [live(FULL_ACCESS_ID, 'FullAWSAccess'), live(DENY_LEAVE_ID, 'DenyLeave'), live(ALLOW_ID, 'Allow'), live(GUARD_ID, 'Guard')];
const facts = (extra: Partial<EventFacts> = {}): EventFacts => ({ rootId: ROOT, policies: everyPolicy, ...extra });

/** The narrowed org.yaml as keys and selectors, or why nothing is owned. */
function described(scope: Scope) {
  if (scope.kind === 'not-owned') return scope.why;
  return {
    targets: scope.config.targets.map((e) => [e.key, e.selector.kind]),
    policies: [...scope.config.policies.keys()],
    unlisted: scope.config.unlistedTargets,
  };
}

describe('scopeConfig', () => {
  it('narrows an attachment event to the entry that names its target, by the path or name the facts found, turned into its id', () => {
    const byPath = scopeConfig(config, record('DetachPolicy', { policyId: DENY_LEAVE_ID, targetId: WORKLOADS }), facts({ target: { id: WORKLOADS, type: 'ORGANIZATIONAL_UNIT', name: 'Workloads', path: ['Workloads'] } }));
    assert.deepEqual(described(byPath), { targets: [['/Workloads', 'ouId']], policies: ['Allow', 'DenyLeave'], unlisted: 'ignore' });
    const byName = scopeConfig(config, record('AttachPolicy', { policyId: GUARD_ID, targetId: SECURITY }), facts({ target: { id: SECURITY, type: 'ACCOUNT', name: 'security' } }));
    assert.deepEqual(described(byName), { targets: [['security', 'accountId']], policies: ['DenyLeave'], unlisted: 'ignore' });
    const root = scopeConfig(config, record('DetachPolicy', { policyId: DENY_LEAVE_ID, targetId: ROOT }), facts({ target: { id: ROOT, type: 'ROOT' } }));
    assert.deepEqual(described(root), { targets: [['root', 'root']], policies: ['DenyLeave'], unlisted: 'ignore' });
  });

  it('leaves alone an OU whose path is not the one org.yaml lists, and a policy of a type it does not manage', () => {
    const other = scopeConfig(config, record('DetachPolicy', { policyId: DENY_LEAVE_ID, targetId: 'ou-test-other001' }), facts({ target: { id: 'ou-test-other001', type: 'ORGANIZATIONAL_UNIT', name: 'Workloads', path: ['Sandbox', 'Workloads'] } }));
    assert.equal(described(other), 'ou-test-other001 is not listed in org.yaml');
    const tags = scopeConfig(config, record('DetachPolicy', { policyId: 'p-tags00001', targetId: SANDBOX }), facts({ target: { id: SANDBOX, type: 'ORGANIZATIONAL_UNIT' } }));
    assert.equal(described(tags), 'p-tags00001 is not a policy of a type org.yaml manages (SERVICE_CONTROL_POLICY)');
  });

  it('narrows a content edit to the policy alone, and a rename to the policy and the targets that list it', () => {
    assert.deepEqual(described(scopeConfig(config, record('UpdatePolicy', { policyId: GUARD_ID, content: '{}' }), facts())), { targets: [], policies: ['Guard'], unlisted: 'ignore' });
    const renamedAway = [...everyPolicy.filter((p) => p.id !== GUARD_ID), live(GUARD_ID, 'Renamed', GUARD)];
    const scope = scopeConfig(config, record('UpdatePolicy', { policyId: GUARD_ID, name: 'Renamed' }), facts({ policies: renamedAway }));
    assert.deepEqual(described(scope), { targets: [[SANDBOX, 'ouId']], policies: ['Guard'], unlisted: 'ignore' });
    assert.deepEqual(scope.kind === 'owned' && scope.config.policies.get('Guard')!.formerNames, ['Renamed']);
  });

  it('for a deletion, takes the declared policies with no live match; none missing means the policy was not org.yaml\'s', () => {
    const withoutGuard = everyPolicy.filter((p) => p.id !== GUARD_ID);
    assert.deepEqual(described(scopeConfig(config, record('DeletePolicy', { policyId: GUARD_ID }), facts({ policies: withoutGuard }))), { targets: [[SANDBOX, 'ouId']], policies: ['Guard'], unlisted: 'ignore' });
    assert.equal(described(scopeConfig(config, record('DeletePolicy', { policyId: 'p-other0001' }), facts())), 'every policy org.yaml declares exists: p-other0001 was not one of them');
    assert.equal(described(scopeConfig(config, record('CreatePolicy', { name: 'Scratch', type: SCP }), facts())), 'Scratch is not declared in org.yaml');
  });

  it('for a managed type with a default policy, takes every listed target', () => {
    const scope = scopeConfig(config, record('DisablePolicyType', { rootId: ROOT, policyType: SCP }), facts());
    assert.deepEqual(described(scope), {
      targets: [['root', 'root'], ['/Workloads', 'ouPath'], [SANDBOX, 'ouId'], ['security', 'accountName']],
      policies: ['DenyLeave', 'Allow', 'Guard'],
      unlisted: 'ignore',
    });
  });
});
