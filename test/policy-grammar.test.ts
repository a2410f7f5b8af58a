// The grammar of policy documents, per type: what AWS would refuse at CreatePolicy is an error at its line in the
// policy file; what is legal but odd is a warning.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join, relative, resolve } from 'node:path';
import { loadConfig } from '../src/desired/load.js';
import { ConfigError, type Problem } from '../src/desired/problems.js';
import { formatDiagnostic as formatProblem } from '../src/diagnostics/diagnostic.js';
import { writeRepo } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '..');

/** Loads an org.yaml declaring one policy of `type` from `document` (JSON text, written as is). */
function load(type: string, document: string): { errors: string[]; warnings: string[] } {
  const dir = writeRepo({ 'policy.json': document, 'org.yaml': `version: 1\npolicies:\n  P: { type: ${type}, file: policy.json }\n` });
  const show = (problems: Problem[]) =>
    problems.map((p) => formatProblem({ ...p, location: { ...p.location, file: relative(dir, resolve(p.location.file)) } }));
  try {
    return { errors: [], warnings: show(loadConfig(join(dir, 'org.yaml')).warnings!) };
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return { errors: show(err.problems), warnings: [] };
  }
}

const json = (document: unknown) => JSON.stringify(document, null, 2);

describe('SCP and RCP grammar', () => {
  it('refuses a document that is not an SCP at all', () => {
    assert.deepEqual(load('SERVICE_CONTROL_POLICY', '{"hello": "world"}').errors, [
      'policy.json:1:1: an SCP needs a Statement: one statement, or a list of them',
      'policy.json:1:2: unknown element "hello": an SCP has Version and Statement',
    ]);
  });

  it('reports each mistake in an SCP statement at its line', () => {
    const { errors } = load(
      'SERVICE_CONTROL_POLICY',
      `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Deny-Leave",
      "Effect": "deny",
      "Principal": "*",
      "Actions": "organizations:LeaveOrganization",
      "Resource": "my-bucket"
    },
    {
      "Sid": "Twice",
      "Effect": "Allow",
      "Action": ["s3:*", "s3 GetObject"],
      "NotAction": "ec2:*",
      "Resource": [],
      "Condition": { "StringEqual": { "aws:RequestedRegion": ["eu-west-1"] }, "Bool": { "aws:SecureTransport": { "x": 1 } } }
    },
    { "Sid": "Twice", "Effect": "Deny", "Action": "ec2:*", "Condition": "yes" }
  ]
}`,
    );
    assert.deepEqual(errors, [
      'policy.json:5:14: Sid "Deny-Leave" may hold only letters and digits (A-Z, a-z, 0-9)',
      'policy.json:6:17: Effect must be "Allow" or "Deny" (in that case), not "deny"',
      'policy.json:7:7: an SCP has no Principal: it applies to every principal in the accounts it is attached to',
      'policy.json:8:7: unknown element "Actions"; did you mean "Action"?',
      'policy.json:9:19: Resource "my-bucket" is not "*" or an ARN (arn:partition:service:region:account:resource)',
      'policy.json:4:5: Statement[0] needs "Action" (or "NotAction")',
      'policy.json:14:26: Action "s3 GetObject" is not "*" or service:action (like "s3:GetObject" or "ec2:Describe*")',
      'policy.json:15:7: a statement has Action or NotAction, not both',
      'policy.json:16:19: Statement[1].Resource must be a string or a non-empty list of strings',
      'policy.json:17:22: unknown condition operator "StringEqual"; did you mean "StringEquals"?',
      'policy.json:17:112: the value of "aws:SecureTransport" must be a string, number or boolean, or a non-empty list of them',
      'policy.json:19:14: Sid "Twice" is also the Sid of Statement[1]: Sids must be unique within a policy',
      'policy.json:19:73: Condition must be an object of operators, like { "StringEquals": { "aws:RequestedRegion": "eu-west-1" } }',
    ].sort(byLine));
  });
});

describe('RCP grammar', () => {
  it('requires what AWS requires of an RCP and refuses what it does not support', () => {
    const { errors } = load(
      'RESOURCE_CONTROL_POLICY',
      `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*" },
    { "Effect": "Deny", "Principal": { "AWS": "111111111111" }, "NotPrincipal": "*", "Action": "*", "Resource": "*" },
    { "Effect": "Deny", "Principal": "*", "NotAction": "s3:GetObject" }
  ]
}`,
    );
    assert.deepEqual(errors, [
      'policy.json:4:17: an RCP statement must be "Effect": "Deny"; only AWS\'s own RCPFullAWSAccess allows',
      'policy.json:5:38: Principal must be "*" in an RCP, not {"AWS":"111111111111"}; restrict principals with a Condition',
      'policy.json:5:65: RCPs do not support NotPrincipal; write "Principal": "*" and a Condition on aws:PrincipalArn',
      'policy.json:5:96: an RCP cannot deny "*": name the service, like "s3:*" (AWS refuses "*" in a customer RCP)',
      'policy.json:6:5: Statement[2] needs "Resource" (or "NotResource")',
      'policy.json:6:43: RCPs do not support NotAction; list the actions to deny under Action',
    ]);
  });

  it("accepts AWS's own examples, and warns of what is legal but odd", () => {
    // From the SCP and RCP syntax pages: a statement as an object, NotAction with a Condition, NotResource in an
    // Allow (SCPs take the full IAM language since September 2025), BoolIfExists.
    const scp = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'DenyAllOutsideEU', Effect: 'Deny', NotAction: ['cloudfront:*', 'iam:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-central-1', 'eu-west-1'] } } },
        { Effect: 'Allow', Action: 'ec2:*', NotResource: 'arn:aws:ec2:*:*:instance/*', Condition: { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'team*' }, Null: { 'aws:ResourceTag/team': 'false' } } },
      ],
    };
    assert.deepEqual(load('SERVICE_CONTROL_POLICY', json(scp)), { errors: [], warnings: [] });
    const rcp = {
      Version: '2012-10-17',
      Statement: { Effect: 'Deny', Principal: '*', Action: ['s3:*', 'sqs:*'], Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } },
    };
    assert.deepEqual(load('RESOURCE_CONTROL_POLICY', json(rcp)), { errors: [], warnings: [] });

    assert.deepEqual(load('SERVICE_CONTROL_POLICY', '{\n  "Statement": []\n}\n'), {
      errors: [],
      warnings: [
        'policy.json:1:1: this SCP has no Version; add "Version": "2012-10-17" (without it, AWS reads the policy in the old 2008-10-17 language)',
        'policy.json:2:16: Statement is an empty list: this SCP allows and denies nothing',
      ],
    });
    assert.deepEqual(load('RESOURCE_CONTROL_POLICY', json({ Version: '2008-10-17', Statement: { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' } })), {
      errors: [],
      warnings: ['policy.json:2:14: Version 2008-10-17 is the old policy language, without policy variables; AWS documents "2012-10-17" for RCPs'],
    });
    assert.deepEqual(load('RESOURCE_CONTROL_POLICY', json({ Version: '2012-10-17', Statement: { Effect: 'Deny', Action: 's3:*', Resource: '*' } })).errors, [
      'policy.json:3:16: Statement has no Principal; AWS requires "Principal": "*" in every RCP statement',
    ]);
    assert.deepEqual(load('SERVICE_CONTROL_POLICY', json({ Version: '2012-10-18', Statement: { Effect: 'Deny', Action: 's3:*' } })).errors, [
      'policy.json:2:14: Version must be "2012-10-17", not "2012-10-18"',
    ]);
  });

  it("loads the example repository's policies without a word", () => {
    const config = loadConfig(join(ROOT, 'org.yaml'));
    assert.equal(config.policies.size, 4);
    assert.deepEqual(config.warnings, []);
  });
});

function byLine(a: string, b: string): number {
  const position = (s: string) => s.split(':').slice(1, 3).map(Number);
  const [la, ca] = position(a);
  const [lb, cb] = position(b);
  return la - lb || ca - cb;
}

describe('management policy grammar', () => {
  it('refuses the tag policies AWS refuses at CreatePolicy', () => {
    assert.deepEqual(load('TAG_POLICY', '{\n  "tag": {}\n}\n').errors, [
      'policy.json:1:1: a tag policy needs "tags": { "<tag key>": { "tag_key": { "@@assign": "<TagKey>" } } }',
      'policy.json:2:3: unknown field "tag" in the document; did you mean "tags"?',
    ]);
    const { errors } = load(
      'TAG_POLICY',
      `{
  "tags": {
    "costcenter": {
      "tag_key": { "@@assign": "CostCenter", "@@append": "X" },
      "tag_value": { "@@assign": ["CC-1", { "value": "CC-2" }] },
      "tag_vaule": { "@@assign": ["CC-3"] },
      "@@operators_allowed_for_child_policies": ["@@none", "@@replace"]
    },
    "CostCenter": {},
    "owner": { "tag_key": { "@@assign": "Team" }, "enforced_for": ["ec2:instance"] },
    "project": { "tag_key": { "@@assign": 42, "assign": "Project" } },
    "": {}
  }
}`,
    );
    assert.deepEqual(errors, [
      'policy.json:4:46: @@append adds to a list; tag_key is a single value (use @@assign)',
      'policy.json:5:43: tags.costcenter.tag_value values must be strings, not objects',
      'policy.json:6:7: unknown field "tag_vaule" in tags.costcenter; did you mean "tag_value"?',
      'policy.json:7:60: "@@replace" is not an operator @@operators_allowed_for_child_policies can allow (@@all, @@none, @@assign, @@append, @@remove)',
      'policy.json:9:5: tag policy key "CostCenter" differs from "costcenter" only by case; AWS takes them for one key',
      'policy.json:10:41: tag_key "Team" must be its policy key "owner", differing only in case',
      'policy.json:10:67: tags.owner.enforced_for needs an operator: write { "@@assign": ["ec2:instance"] }',
      'policy.json:11:43: tag_key must be assigned a string, the tag key as it is to be written, not 42',
      'policy.json:11:47: unknown field "assign" in tags.project.tag_key: it takes @@assign, @@append, @@remove, @@operators_allowed_for_child_policies',
      'policy.json:12:5: a tag policy key must not be empty',
    ]);
    const example = load('TAG_POLICY', json({ tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['CC-1', 100] } } } }));
    assert.deepEqual(example, { errors: [], warnings: [] });
  });

  it('refuses AI services opt-out values other than optOut and optIn, and operators other than @@assign', () => {
    const { errors } = load(
      'AISERVICES_OPT_OUT_POLICY',
      `{
  "services": {
    "@@operators_allowed_for_child_policies": ["@@none"],
    "default": { "opt_out_policy": { "@@assign": "OptOut" } },
    "rekognition": { "opt_out_policy": { "@@append": "optIn" }, "opt_in": true },
    "lex": { "opt_out_policy": "optOut" }
  }
}`,
    );
    assert.deepEqual(errors, [
      'policy.json:4:50: opt_out_policy must be "optOut" or "optIn" (in that case), not "OptOut"',
      'policy.json:5:42: opt_out_policy is set with @@assign only, not @@append',
      'policy.json:5:65: unknown field "opt_in" in services.rekognition: a service has only opt_out_policy',
      'policy.json:6:32: services.lex.opt_out_policy needs an operator: write { "@@assign": "optOut" }',
    ]);
    assert.deepEqual(load('AISERVICES_OPT_OUT_POLICY', json({ services: { default: { opt_out_policy: { '@@assign': 'optOut' } } } })), { errors: [], warnings: [] });
  });

  it('refuses unknown operators in every management policy type', () => {
    assert.deepEqual(load('BACKUP_POLICY', '{"plans": {"nightly": {"regions": {"@@asign": ["eu-west-1"]}}}}').errors, [
      'policy.json:1:36: unknown operator "@@asign"; did you mean "@@assign"?',
    ]);
  });
});
