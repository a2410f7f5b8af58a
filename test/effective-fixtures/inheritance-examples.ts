// The six worked examples of AWS's "Inheritance examples" page, re-expressed as our own fixtures:
// https://docs.aws.amazon.com/organizations/latest/userguide/inheritance-examples.html
//
// The page's organization: a root with OU1 (accounts 111111111111 and 222222222222) and OU2 (account
// 999999999999). The management account sits under the root. Each expected document is what the page shows,
// or, where the page shows none, what its text says the merge does.

import { ROOT, ref, type GoldenCase, type OrgFixture } from './builder.js';

const TAG = 'TAG_POLICY';
const OU1 = 'ou-ex01-ou100001';
const OU2 = 'ou-ex01-ou200002';
const tree: Pick<OrgFixture, 'ous' | 'accounts'> = {
  ous: { [OU1]: ROOT, [OU2]: ROOT },
  accounts: { '111111111111': OU1, '222222222222': OU1, '999999999999': OU2 },
};

const A = {
  tags: {
    costcenter: {
      tag_key: { '@@assign': 'CostCenter' },
      tag_value: { '@@assign': ['Development', 'Support'] },
    },
  },
};
const B = {
  tags: {
    costcenter: {
      tag_key: { '@@assign': 'CostCenter' },
      tag_value: { '@@assign': ['Sandbox'] },
      enforced_for: { '@@assign': ['redshift:*', 'dynamodb:table'] },
    },
  },
};
const C = {
  tags: {
    costcenter: {
      tag_key: { '@@assign': 'CostCenter' },
      tag_value: { '@@append': ['Marketing'] },
      enforced_for: { '@@append': ['redshift:*', 'dynamodb:table'] },
    },
  },
};
// The page nests `enforced_for` inside `tag_value`, which CreatePolicy would refuse (an unknown field under a
// setting); its text ("compliance is not enforced") means the sibling, as written here.
const D = {
  tags: {
    costcenter: {
      tag_key: { '@@assign': 'CostCenter' },
      tag_value: { '@@remove': ['Development', 'Marketing'] },
      enforced_for: { '@@remove': ['redshift:*', 'dynamodb:table'] },
    },
  },
};
const E = {
  tags: {
    project: {
      tag_key: { '@@operators_allowed_for_child_policies': ['@@none'], '@@assign': 'Project' },
      tag_value: { '@@operators_allowed_for_child_policies': ['@@append'], '@@assign': ['Maintenance', 'Escalations'] },
    },
  },
};
const F = {
  tags: {
    project: {
      tag_key: { '@@assign': 'PROJECT' },
      tag_value: { '@@append': ['Escalations - research'] },
    },
  },
};
const G = {
  tags: { project: { tag_value: { '@@operators_allowed_for_child_policies': ['@@append'], '@@assign': ['Maintenance'] } } },
};
const H = {
  tags: { project: { tag_value: { '@@operators_allowed_for_child_policies': ['@@append', '@@remove'] } } },
};
const J = { tags: { project: { tag_key: { '@@assign': 'PROJECT' }, tag_value: { '@@append': ['Maintenance'] } } } };
const K = { tags: { project: { tag_key: { '@@assign': 'project' } } } };

const costCenterA = { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['Development', 'Support'] } } };
const appended = {
  tags: {
    costcenter: {
      tag_key: 'CostCenter',
      tag_value: ['Development', 'Support', 'Marketing'],
      enforced_for: ['redshift:*', 'dynamodb:table'],
    },
  },
};

export const INHERITANCE_EXAMPLES: GoldenCase[] = [
  {
    name: 'example 1: a child @@assign overwrites the inherited tag values and adds enforced_for',
    source: 'https://docs.aws.amazon.com/organizations/latest/userguide/inheritance-examples.html#example-assign-operator',
    org: { type: TAG, ...tree, policies: { A, B }, attachments: { [ROOT]: ['A'], [OU1]: ['B'] } },
    rules: 'tag',
    expect: {
      '111111111111': {
        document: { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['Sandbox'], enforced_for: ['redshift:*', 'dynamodb:table'] } } },
        contributors: [
          { targetId: ROOT, policies: ['A'] },
          { targetId: OU1, policies: ['B'] },
        ],
      },
      '222222222222': {
        document: { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['Sandbox'], enforced_for: ['redshift:*', 'dynamodb:table'] } } },
      },
      // Outside OU1 only the root's policy applies, the management account included.
      '999999999999': { document: costCenterA, contributors: [{ targetId: ROOT, policies: ['A'] }] },
      '100000000000': { document: costCenterA },
    },
  },
  {
    name: 'example 2: @@append adds to the inherited values, and adds a setting that was not inherited',
    source: 'https://docs.aws.amazon.com/organizations/latest/userguide/inheritance-examples.html#example-append-operator',
    org: { type: TAG, ...tree, policies: { A, C }, attachments: { [ROOT]: ['A'], [OU2]: ['C'] } },
    rules: 'tag',
    expect: {
      '999999999999': { document: appended },
      '111111111111': { document: costCenterA },
    },
  },
  {
    name: 'example 3: @@remove at the account takes values from what the root and OU2 gave',
    source: 'https://docs.aws.amazon.com/organizations/latest/userguide/inheritance-examples.html#example-remove-operator',
    org: {
      type: TAG,
      ...tree,
      accounts: { ...tree.accounts, '888888888888': OU2 },
      policies: { A, C, D },
      attachments: { [ROOT]: ['A'], [OU2]: ['C'], '999999999999': ['D'] },
    },
    rules: 'tag',
    expect: {
      // The page shows no enforced_for; removing every value of a setting leaves [] (observed), which enforces
      // nothing, as the page says.
      '999999999999': {
        document: { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['Support'], enforced_for: [] } } },
        contributors: [
          { targetId: ROOT, policies: ['A'] },
          { targetId: OU2, policies: ['C'] },
          { targetId: '999999999999', policies: ['D'] },
        ],
      },
      // "If you later add more accounts to OU2, their effective tag policies would be different."
      '888888888888': { document: appended },
    },
  },
  {
    name: 'example 4: @@none on tag_key keeps the case treatment; @@append on tag_value still works',
    source: 'https://docs.aws.amazon.com/organizations/latest/userguide/inheritance-examples.html#example-restrict-child',
    org: { type: TAG, ...tree, policies: { E, F }, attachments: { [ROOT]: ['E'], [OU1]: ['F'] } },
    rules: 'tag',
    expect: {
      '111111111111': {
        document: { tags: { project: { tag_key: 'Project', tag_value: ['Maintenance', 'Escalations', 'Escalations - research'] } } },
      },
      '999999999999': { document: { tags: { project: { tag_key: 'Project', tag_value: ['Maintenance', 'Escalations'] } } } },
    },
  },
  {
    name: 'example 5: peer child controls intersect — children may append but not remove',
    source: 'https://docs.aws.amazon.com/organizations/latest/userguide/inheritance-examples.html#multiple-same-node-operators',
    org: {
      type: TAG,
      ...tree,
      policies: {
        G,
        H,
        // The page's "child policy": it appends a value and tries to remove Maintenance; another tries to assign.
        ChildAppendRemove: { tags: { project: { tag_value: { '@@append': ['Escalations'], '@@remove': ['Maintenance'] } } } },
        ChildAssign: { tags: { project: { tag_value: { '@@assign': ['Other'] } } } },
      },
      attachments: { [ROOT]: ['G', 'H'], [OU2]: ['ChildAppendRemove'], '999999999999': ['ChildAssign'] },
    },
    rules: 'tag',
    expect: {
      // No policy names a tag_key: it defaults to the lowercased policy key (observed).
      '999999999999': { document: { tags: { project: { tag_key: 'project', tag_value: ['Maintenance', 'Escalations'] } } } },
      '111111111111': { document: { tags: { project: { tag_key: 'project', tag_value: ['Maintenance'] } } } },
    },
  },
  {
    name: 'example 6: peers assign different tag keys — the first-attached policy wins',
    source: 'https://docs.aws.amazon.com/organizations/latest/userguide/inheritance-examples.html#multiple-same-node-values',
    org: { type: TAG, ...tree, policies: { J, K }, attachments: { [ROOT]: ['J', 'K'] } },
    rules: 'tag',
    expect: {
      '111111111111': {
        document: { tags: { project: { tag_key: 'PROJECT', tag_value: ['Maintenance'] } } },
        conflicts: [{ targetId: ROOT, path: 'tags.project.tag_key', winner: ref('J'), others: [ref('K')] }],
      },
    },
  },
  {
    name: 'example 6, attached the other way round: detaching and re-attaching J makes K first',
    source: 'https://docs.aws.amazon.com/organizations/latest/userguide/inheritance-examples.html#multiple-same-node-values',
    org: { type: TAG, ...tree, policies: { J, K }, attachments: { [ROOT]: ['K', 'J'] } },
    rules: 'tag',
    expect: {
      '111111111111': {
        document: { tags: { project: { tag_key: 'project', tag_value: ['Maintenance'] } } },
        conflicts: [{ targetId: ROOT, path: 'tags.project.tag_key', winner: ref('K'), others: [ref('J')] }],
      },
    },
  },
];
