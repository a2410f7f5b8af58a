// Behaviour AWS users have observed in real DescribeEffectivePolicy answers, beyond what the pages spell out,
// re-expressed as our own fixtures. Each expectation is written from that behaviour, not from the engine.
// Operator semantics: https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html

import { MANAGEMENT, ROOT, type GoldenCase, type OrgFixture } from './builder.js';

const TAG = 'TAG_POLICY';
const OU = 'ou-ex01-obsou001';
const IN_OU = '210000000001';
const IN_OU_2 = '210000000002';
const UNDER_ROOT = '210000000003';
const tree: Pick<OrgFixture, 'ous' | 'accounts'> = {
  ous: { [OU]: ROOT },
  accounts: { [IN_OU]: OU, [IN_OU_2]: OU, [UNDER_ROOT]: ROOT },
};
const OBSERVED = 'observed in DescribeEffectivePolicy answers';

const rule = (settings: Record<string, unknown>, key = 'costcenter') => ({ tags: { [key]: settings } });

export const OBSERVED_CASES: GoldenCase[] = [
  {
    name: 'tag policy keys merge case-insensitively across levels and come back lowercased',
    source: OBSERVED,
    org: {
      type: TAG,
      ...tree,
      policies: {
        Root: rule({ tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['a'] } }, 'CostCenter'),
        Account: rule({ tag_value: { '@@append': ['b'] } }, 'COSTCENTER'),
      },
      attachments: { [ROOT]: ['Root'], [IN_OU]: ['Account'] },
    },
    rules: 'tag',
    expect: {
      [IN_OU]: { document: { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['a', 'b'] } } } },
      [UNDER_ROOT]: { document: { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['a'] } } } },
    },
  },
  {
    name: 'a tag rule without tag_key gets the lowercased key, without tag_value gets ["*"]; an empty rule still appears',
    source: OBSERVED,
    org: {
      type: TAG,
      ...tree,
      policies: {
        Defaults: { tags: { Owner: {}, Team: { tag_value: { '@@assign': ['x'] } }, Env: { tag_key: { '@@assign': 'ENV' } } } },
      },
      attachments: { [ROOT]: ['Defaults'] },
    },
    rules: 'tag',
    expect: {
      [IN_OU]: {
        document: {
          tags: {
            owner: { tag_key: 'owner', tag_value: ['*'] },
            team: { tag_key: 'team', tag_value: ['x'] },
            env: { tag_key: 'ENV', tag_value: ['*'] },
          },
        },
      },
    },
  },
  {
    name: 'tag_value items become strings, then duplicates go',
    source: OBSERVED,
    org: {
      type: TAG,
      ...tree,
      policies: {
        Numbers: rule({ tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': [100, '100', 200] } }),
        RemoveNumber: rule({ tag_value: { '@@remove': [200] } }),
      },
      attachments: { [ROOT]: ['Numbers'], [IN_OU]: ['RemoveNumber'] },
    },
    rules: 'tag',
    expect: {
      [UNDER_ROOT]: { document: { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['100', '200'] } } } },
      [IN_OU]: { document: { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['100'] } } } },
    },
  },
  {
    name: 'removing every value leaves [], not the default',
    source: OBSERVED,
    org: {
      type: TAG,
      ...tree,
      policies: {
        Root: rule({ tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['a', 'b'] }, enforced_for: { '@@assign': ['ec2:instance'] } }),
        RemoveAll: rule({ tag_value: { '@@remove': ['a', 'b'] }, enforced_for: { '@@remove': ['ec2:instance'] } }),
      },
      attachments: { [ROOT]: ['Root'], [IN_OU]: ['RemoveAll'] },
    },
    rules: 'tag',
    expect: { [IN_OU]: { document: { tags: { costcenter: { tag_key: 'CostCenter', tag_value: [], enforced_for: [] } } } } },
  },
  {
    name: 'removing a value that is not there is ignored',
    source: OBSERVED,
    org: {
      type: TAG,
      ...tree,
      policies: {
        Root: rule({ tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['a', 'b'] } }),
        RemoveAbsent: rule({ tag_value: { '@@remove': ['z'] } }),
      },
      attachments: { [ROOT]: ['Root'], [IN_OU]: ['RemoveAbsent'] },
    },
    rules: 'tag',
    expect: { [IN_OU]: { document: { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['a', 'b'] } } } } },
  },
  {
    name: 'removing from a tag setting nothing set leaves it unset (tag_value then shows its default)',
    source: OBSERVED,
    org: {
      type: TAG,
      ...tree,
      policies: {
        RemoveUnset: rule({ tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@remove': ['a'] }, enforced_for: { '@@remove': ['ec2:instance'] } }),
      },
      attachments: { [IN_OU]: ['RemoveUnset'] },
    },
    rules: 'tag',
    expect: {
      [IN_OU]: { document: { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['*'] } } } },
      // Enabled, nothing attached on the path: {} (observed).
      [UNDER_ROOT]: { document: {} },
    },
  },
  {
    name: 'a forbidden operator is ignored, not an error: the inherited value stays',
    source: OBSERVED,
    org: {
      type: TAG,
      ...tree,
      policies: {
        Root: rule({
          tag_key: { '@@operators_allowed_for_child_policies': ['@@none'], '@@assign': 'CostCenter' },
          tag_value: { '@@operators_allowed_for_child_policies': ['@@append'], '@@assign': ['a'] },
        }),
        OuAssign: rule({ tag_key: { '@@assign': 'costcenter' }, tag_value: { '@@assign': ['b'] } }),
        AccountRemove: rule({ tag_value: { '@@remove': ['a'] } }),
      },
      attachments: { [ROOT]: ['Root'], [OU]: ['OuAssign'], [IN_OU]: ['AccountRemove'] },
    },
    rules: 'tag',
    expect: {
      [IN_OU]: { document: { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['a'] } } } },
      [IN_OU_2]: { document: { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['a'] } } } },
    },
  },
  {
    name: "a child cannot loosen a parent's restriction: @@all below an @@append-only control still allows only @@append",
    source: 'https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html#child-control-operators',
    org: {
      type: TAG,
      ...tree,
      policies: {
        Root: rule({ tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@operators_allowed_for_child_policies': ['@@append'], '@@assign': ['a'] } }),
        OuLoosens: rule({ tag_value: { '@@operators_allowed_for_child_policies': ['@@all'], '@@append': ['b'] } }),
        AccountAssignRemove: rule({ tag_value: { '@@assign': ['c'], '@@remove': ['a'] } }),
        AccountAppend: rule({ tag_value: { '@@append': ['d'] } }),
      },
      attachments: { [ROOT]: ['Root'], [OU]: ['OuLoosens'], [IN_OU]: ['AccountAssignRemove'], [IN_OU_2]: ['AccountAppend'] },
    },
    rules: 'tag',
    expect: {
      [IN_OU]: { document: { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['a', 'b'] } } } },
      [IN_OU_2]: { document: { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['a', 'b', 'd'] } } } },
    },
  },
  {
    name: 'one policy with @@assign, @@append and @@remove on one setting applies them in that order',
    source: OBSERVED,
    org: {
      type: TAG,
      ...tree,
      policies: { AllThree: rule({ tag_value: { '@@remove': ['a'], '@@append': ['c'], '@@assign': ['a', 'b'] } }) },
      attachments: { [IN_OU]: ['AllThree'] },
    },
    rules: 'tag',
    expect: { [IN_OU]: { document: { tags: { costcenter: { tag_key: 'costcenter', tag_value: ['b', 'c'] } } } } },
  },
  {
    name: 'peers on one node: the assign first, then every append in attachment order, then every remove, whatever the order',
    source: 'https://docs.aws.amazon.com/organizations/latest/userguide/inheritance-examples.html#multiple-same-node-values',
    org: {
      type: TAG,
      ...tree,
      policies: {
        Inherited: rule({ tag_value: { '@@assign': ['a', 'b'] } }),
        Remover: rule({ tag_value: { '@@remove': ['x', 'a'] } }),
        Appender1: rule({ tag_value: { '@@append': ['z', 'b'] } }),
        Assigner: rule({ tag_value: { '@@assign': ['x', 'y'] } }),
        Appender2: rule({ tag_value: { '@@append': ['w', 'z'] } }),
      },
      attachments: { [ROOT]: ['Inherited'], [IN_OU]: ['Remover', 'Appender1', 'Assigner', 'Appender2'], [IN_OU_2]: ['Remover', 'Appender1'] },
    },
    rules: 'tag',
    expect: {
      // [x, y] assigned; z, b, w appended (z once); x and a removed.
      [IN_OU]: { document: { tags: { costcenter: { tag_key: 'costcenter', tag_value: ['y', 'z', 'b', 'w'] } } } },
      // No assign at the account: the inherited [a, b], append z (b is there already), remove a.
      [IN_OU_2]: { document: { tags: { costcenter: { tag_key: 'costcenter', tag_value: ['b', 'z'] } } } },
    },
  },
  {
    name: 'peers assigning the same value are not a conflict; different values are, with the first-attached winning',
    source: 'https://docs.aws.amazon.com/organizations/latest/userguide/inheritance-examples.html#multiple-same-node-values',
    org: {
      type: TAG,
      ...tree,
      policies: {
        First: rule({ tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['a'] } }),
        Same: rule({ tag_key: { '@@assign': 'CostCenter' } }),
        Different: rule({ tag_value: { '@@assign': ['b'] } }),
      },
      attachments: { [OU]: ['First', 'Same', 'Different'] },
    },
    rules: 'tag',
    expect: {
      [IN_OU]: {
        document: { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['a'] } } },
        conflicts: [
          { targetId: OU, path: 'tags.costcenter.tag_value', winner: { id: 'p-First000', name: 'First' }, others: [{ id: 'p-Different', name: 'Different' }] },
        ],
      },
    },
  },
  {
    name: '@@none on a container does not lock the values nested under it',
    source: OBSERVED,
    org: {
      type: 'AISERVICES_OPT_OUT_POLICY',
      ...tree,
      policies: {
        Root: { services: { '@@operators_allowed_for_child_policies': ['@@none'], default: { opt_out_policy: { '@@assign': 'optOut' } } } },
        OptIn: { services: { default: { opt_out_policy: { '@@assign': 'optIn' } } } },
      },
      attachments: { [ROOT]: ['Root'], [IN_OU]: ['OptIn'] },
    },
    rules: 'ai-opt-out',
    expect: {
      [IN_OU]: { document: { services: { default: { opt_out_policy: 'optIn' } } } },
      [IN_OU_2]: { document: { services: { default: { opt_out_policy: 'optOut' } } } },
    },
  },
  {
    name: 'management policies apply to the management account too',
    source: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_effective.html',
    org: {
      type: TAG,
      ...tree,
      policies: {
        Root: rule({ tag_key: { '@@assign': 'CostCenter' } }),
        Management: rule({ tag_value: { '@@assign': ['mgmt'] } }),
      },
      attachments: { [ROOT]: ['Root'], [MANAGEMENT]: ['Management'] },
    },
    rules: 'tag',
    expect: {
      [MANAGEMENT]: {
        document: { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['mgmt'] } } },
        contributors: [
          { targetId: ROOT, policies: ['Root'] },
          { targetId: MANAGEMENT, policies: ['Management'] },
        ],
      },
    },
  },
  {
    name: 'a type that is not enabled has no effective policy (null), even with policies attached',
    source: 'https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeEffectivePolicy.html',
    org: {
      type: TAG,
      enabled: ['BACKUP_POLICY'],
      ...tree,
      policies: { Root: rule({ tag_key: { '@@assign': 'CostCenter' } }) },
      attachments: { [ROOT]: ['Root'] },
    },
    rules: 'tag',
    expect: { [IN_OU]: { document: null } },
  },
];
