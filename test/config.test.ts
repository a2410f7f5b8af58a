// Validation of org.yaml before any AWS call: every problem, at once, with file, line and column.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join, relative, resolve } from 'node:path';
import { symlinkSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../src/desired/load.js';
import { ConfigError } from '../src/desired/problems.js';
import { formatDiagnostic as formatProblem } from '../src/diagnostics/diagnostic.js';
import { KNOWN_POLICY_TYPES } from '../src/aws/policy-types.js';
import { ALLOW_LIST, DENY_LEAVE, writeRepo } from './helpers.js';

function problemsOf(files: Record<string, string | object>): string[] {
  return problemsIn(writeRepo(files));
}

/** The problems loadConfig finds in the repository at `dir`, as file:line:column: message, with paths relative to it. */
function problemsIn(dir: string): string[] {
  try {
    loadConfig(join(dir, 'org.yaml'));
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.problems.map((p) => formatProblem({ ...p, location: { ...p.location, file: relative(dir, resolve(p.location.file)) } }));
  }
  assert.fail('expected problems');
}

const POLICIES = {
  'policies/deny.json': DENY_LEAVE,
  'policies/allow.json': ALLOW_LIST,
};

describe('loading org.yaml', () => {
  it('loads the example shape: policies, targets by path, id and name, managed types', () => {
    const dir = writeRepo({
      ...POLICIES,
      'policies/tag.json': { tags: {} },
      'org.yaml': `version: 1
organization: { id: o-exampleorg1, managementAccountId: "111111111111" }
limits:
  SERVICE_CONTROL_POLICY: { maxAttachments: 5, maxSize: 5120 }
policies:
  Deny: { type: SERVICE_CONTROL_POLICY, description: d, file: policies/deny.json }
  Allow: { type: SERVICE_CONTROL_POLICY, file: policies/allow.json, formerNames: [OldAllow] }
  Tags: { type: TAG_POLICY, file: policies/tag.json }
attachments:
  root: [FullAWSAccess, Deny, Tags]
  ous:
    /Workloads: [Allow]
    ou-ab12-cdef3456: [FullAWSAccess]
  accounts:
    "222222222222": [FullAWSAccess]
    sandbox-1: [FullAWSAccess]
`,
    });
    const config = loadConfig(join(dir, 'org.yaml'));
    assert.deepEqual(config.managedTypes, ['SERVICE_CONTROL_POLICY', 'TAG_POLICY']);
    assert.deepEqual(
      config.targets.map((t) => [t.key, t.selector.kind, t.source.line]),
      [
        ['root', 'root', 10],
        ['/Workloads', 'ouPath', 12],
        ['ou-ab12-cdef3456', 'ouId', 13],
        ['222222222222', 'accountId', 15],
        ['sandbox-1', 'accountName', 16],
      ],
    );
    const allow = config.policies.get('Allow')!;
    assert.equal(allow.content, JSON.stringify(ALLOW_LIST));
    assert.deepEqual(allow.formerNames, ['OldAllow']);
    assert.equal(allow.description, undefined);
    assert.deepEqual(config.limits.SERVICE_CONTROL_POLICY, { maxAttachments: 5, maxSize: 5120 });
  });

  it('reports YAML syntax errors with their line', () => {
    assert.deepEqual(problemsOf({ 'org.yaml': 'version: 1\npolicies:\n  A: [unclosed\n' }).map((p) => p.split(':').slice(0, 2).join(':')), ['org.yaml:4']);
  });

  it('reports duplicate keys', () => {
    const problems = problemsOf({
      ...POLICIES,
      'org.yaml': `version: 1
policies:
  Deny: { type: SERVICE_CONTROL_POLICY, file: policies/deny.json }
  Deny: { type: SERVICE_CONTROL_POLICY, file: policies/allow.json }
`,
    });
    assert.deepEqual(problems, ['org.yaml:4:3: duplicate key "Deny": first written at line 3; each key may appear once']);
  });

  it('checks a large org.yaml in one pass: every entry loaded, a duplicate at the end found', () => {
    // Correctness only: bench/validate.ts measures the time.
    const accounts = Array.from({ length: 20_000 }, (_, i) => `    "${100_000_000_000 + i}": [FullAWSAccess, Deny]\n`).join('');
    const yaml = `version: 1
policies:
  Deny: { type: SERVICE_CONTROL_POLICY, file: policies/deny.json }
attachments:
  accounts:
${accounts}`;
    const dir = writeRepo({ ...POLICIES, 'org.yaml': yaml });
    const config = loadConfig(join(dir, 'org.yaml'));
    assert.equal(config.targets.length, 20_000);
    assert.deepEqual(config.targets[19_999].source, { file: join(dir, 'org.yaml'), line: 20_005, column: 5 });
    const duplicated = problemsOf({ ...POLICIES, 'org.yaml': `${yaml}    "100000012345": [FullAWSAccess]\n` });
    assert.deepEqual(duplicated, ['org.yaml:20006:5: duplicate key "100000012345": first written at line 12351; each key may appear once']);
  });

  it('reports every schema problem at once, each where it was written', () => {
    const problems = problemsOf({
      'org.yaml': `version: 2
polices: {}
policies:
  A: { type: scp, file: policies/a.json, colour: blue }
unlistedTargets: sometimes
attachments:
  ous:
    Workloads: [A]
`,
    });
    assert.deepEqual(problems, [
      'org.yaml:1:10: version must be 1',
      'org.yaml:2:1: unknown key "polices" in the file; did you mean "policies"?',
      'org.yaml:4:14: policies.A.type: "scp" is not a policy type; did you mean SERVICE_CONTROL_POLICY?',
      'org.yaml:4:42: unknown key "colour" in policies.A (known keys: type, description, file, formerNames)',
      'org.yaml:5:18: unlistedTargets must be one of: ignore, default',
      'org.yaml:8:5: "Workloads" is not a valid key in attachments.ous (an OU is named by its path from the root, /Parent/Child, or its id ou-…)',
    ]);
  });

  it('refuses unquoted account ids, which YAML turns into numbers', () => {
    const problems = problemsOf({
      ...POLICIES,
      'org.yaml': `version: 1
attachments:
  accounts:
    012345678901: [FullAWSAccess]
`,
    });
    assert.match(problems[0], /^org\.yaml:4:5: account id 012345678901 must be quoted/);
  });

  it('reports unknown policy names, duplicates in a list, and limits, per target', () => {
    const problems = problemsOf({
      ...POLICIES,
      'org.yaml': `version: 1
limits:
  SERVICE_CONTROL_POLICY: { maxAttachments: 2 }
policies:
  Deny: { type: SERVICE_CONTROL_POLICY, file: policies/deny.json }
  Allow: { type: SERVICE_CONTROL_POLICY, file: policies/allow.json }
attachments:
  root: [FullAWSAccess, Deny, Allow]
  ous:
    /A: [Nope]
    /B: [Deny, Deny]
  accounts:
    "222222222222": []
`,
    });
    assert.deepEqual(problems, [
      'org.yaml:8:3: root lists 3 SERVICE_CONTROL_POLICY policies; at most 2 may be attached to one target',
      'org.yaml:10:5: /A lists Nope, which is not declared under policies',
      'org.yaml:10:5: /A lists 0 SERVICE_CONTROL_POLICY policies; every target must keep at least 1 (list FullAWSAccess to keep AWS\'s default)',
      'org.yaml:11:5: /B lists Deny twice',
      'org.yaml:13:5: 222222222222 lists 0 SERVICE_CONTROL_POLICY policies; every target must keep at least 1 (list FullAWSAccess to keep AWS\'s default)',
    ]);
  });

  it('requires RCPFullAWSAccess on every listed target once RCPs are managed', () => {
    const problems = problemsOf({
      'policies/rcp.json': { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:PutBucketPolicy', Resource: '*' }] },
      'org.yaml': `version: 1
policies:
  R: { type: RESOURCE_CONTROL_POLICY, file: policies/rcp.json }
attachments:
  root: [FullAWSAccess, R]
`,
    });
    assert.deepEqual(problems, ['org.yaml:5:3: root must list RCPFullAWSAccess: AWS never detaches it']);
  });

  it('reports missing, escaping, invalid and oversize policy files', () => {
    const BIG = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: `s3:${'x'.repeat(200)}`, Resource: '*' }] };
    const outside = writeRepo({ 'secret.json': DENY_LEAVE });
    const dir = writeRepo({
      'policies/broken.json': '{\n  "Version": "2012-10-17",\n  "Statement": [\n}\n',
      'policies/dupe.json': '{\n  "Statement": [],\n  "Statement": [{"Effect":"Deny"}]\n}\n',
      'policies/big.json': BIG,
      'policies/list.json': '[1]',
      'org.yaml': `version: 1
limits:
  SERVICE_CONTROL_POLICY: { maxSize: 150 }
policies:
  Missing: { type: SERVICE_CONTROL_POLICY, file: policies/missing.json }
  Escapes: { type: SERVICE_CONTROL_POLICY, file: ../${outside.split('/').pop()}/secret.json }
  Linked: { type: SERVICE_CONTROL_POLICY, file: policies/link.json }
  Broken: { type: SERVICE_CONTROL_POLICY, file: policies/broken.json }
  Dupe: { type: SERVICE_CONTROL_POLICY, file: policies/dupe.json }
  Big: { type: SERVICE_CONTROL_POLICY, file: policies/big.json }
  List: { type: SERVICE_CONTROL_POLICY, file: policies/list.json }
  FullAWSAccess: { type: SERVICE_CONTROL_POLICY, file: policies/list.json }
`,
    });
    symlinkSync(join(outside, 'secret.json'), join(dir, 'policies/link.json'));
    let problems: string[] = [];
    try {
      loadConfig(join(dir, 'org.yaml'));
    } catch (err) {
      problems = (err as ConfigError).problems.map((p) => `${p.location.file.replace(dir + '/', '').replace(/^.*policies/, 'policies')}:${p.location.line}: ${p.message}`);
    }
    assert.deepEqual(problems.sort(), [
      `org.yaml:10: policies/big.json is ${JSON.stringify(BIG).length} bytes once minified; SERVICE_CONTROL_POLICY allows at most 150`,
      'org.yaml:12: FullAWSAccess is AWS-managed: list it under attachments without declaring it',
      `org.yaml:5: policy file policies/missing.json does not exist`,
      `org.yaml:6: policy file ../${outside.split('/').pop()}/secret.json is outside the repository (${dir})`,
      `org.yaml:7: policy file policies/link.json is outside the repository (${dir})`,
      "policies/broken.json:4: not valid JSON: '}' does not close the '[' opened at line 3",
      'policies/dupe.json:3: duplicate key "Statement": first written at line 2; each key may appear once',
      'policies/list.json:1: a policy document must be a JSON object',
    ].sort());
  });

  it('says when org.yaml itself is missing', () => {
    assert.throws(() => loadConfig('/nonexistent/org.yaml'), /org\.yaml:1:1: file not found/);
  });

  it('treats formatting of a policy file as irrelevant: the minified content is the same', () => {
    const a = writeRepo({ 'p.json': JSON.stringify(DENY_LEAVE), 'org.yaml': 'version: 1\npolicies:\n  D: { type: SERVICE_CONTROL_POLICY, file: p.json }\n' });
    const b = writeRepo({ 'p.json': JSON.stringify(DENY_LEAVE, null, 4) + '\n\n', 'org.yaml': 'version: 1\npolicies:\n  D: { type: SERVICE_CONTROL_POLICY, file: p.json }\n' });
    assert.equal(loadConfig(join(a, 'org.yaml')).policies.get('D')!.content, loadConfig(join(b, 'org.yaml')).policies.get('D')!.content);
  });

  it('refuses text that is not UTF-8, at the line of the first bad byte', () => {
    const dir = writeRepo({
      'policies/deny.json': DENY_LEAVE,
      'policies/latin1.json': '',
      'policies/cut.json': '',
      'org.yaml': '',
    });
    const orgYaml = 'version: 1\npolicies:\n  D\u00ffny: { type: SERVICE_CONTROL_POLICY, file: policies/deny.json }\n';
    // "é" saved as Latin-1 (0xe9), and a "€" (e2 82 ac) cut short before the end of its line.
    writeFileSync(join(dir, 'org.yaml'), Buffer.from(orgYaml, 'latin1'));
    assert.throws(() => loadConfig(join(dir, 'org.yaml')), /org\.yaml:3:4: not valid UTF-8 \(byte 0xff here\): save the file as UTF-8/);

    writeFileSync(join(dir, 'policies/latin1.json'), Buffer.from('{\n  "Statement": [\n    { "Sid": "Caf\u00e9" }\n  ]\n}\n', 'latin1'));
    writeFileSync(join(dir, 'policies/cut.json'), Buffer.concat([Buffer.from('{\n  "Sid": "ab'), Buffer.from([0xe2, 0x82]), Buffer.from('"\n}\n')]));
    writeFileSync(
      join(dir, 'org.yaml'),
      'version: 1\npolicies:\n  A: { type: SERVICE_CONTROL_POLICY, file: policies/latin1.json }\n  B: { type: SERVICE_CONTROL_POLICY, file: policies/cut.json }\n',
    );
    const problems = problemsIn(dir);
    assert.deepEqual(problems, [
      'policies/cut.json:2:13: not valid UTF-8 (byte 0xe2 here): save the file as UTF-8',
      'policies/latin1.json:3:18: not valid UTF-8 (byte 0xe9 here): save the file as UTF-8',
    ]);
  });

  it('refuses control characters in policy names, descriptions and former names', () => {
    const problems = problemsOf({
      ...POLICIES,
      'org.yaml': `version: 1
policies:
  "Deny\\e[2K": { type: SERVICE_CONTROL_POLICY, file: policies/deny.json }
  Allow:
    type: SERVICE_CONTROL_POLICY
    description: "allows\\0 everything"
    file: policies/allow.json
    formerNames: [Old, "Older\\x9b"]
  Tabs: { type: SERVICE_CONTROL_POLICY, description: "tab\\tand\\nnewline are fine", file: policies/allow.json }
`,
    });
    assert.deepEqual(problems, [
      'org.yaml:3:3: policy name "Deny\\u001b[2K" contains the control character U+001B; write plain text',
      'org.yaml:6:18: the description of "Allow" "allows\\u0000 everything" contains the control character U+0000; write plain text',
      'org.yaml:8:24: former name "Older\\u009b" contains the control character U+009B; write plain text',
    ]);
  });

  it('refuses a policy file over 1 MiB and an org.yaml over 10 MiB without reading them', () => {
    const dir = writeRepo({ 'policies/deny.json': DENY_LEAVE });
    // Not UTF-8 either: a file that was read would be reported for that.
    writeFileSync(join(dir, 'policies/huge.json'), Buffer.alloc(1024 * 1024 + 1, 0xff));
    writeFileSync(join(dir, 'org.yaml'), 'version: 1\npolicies:\n  Huge: { type: SERVICE_CONTROL_POLICY, file: policies/huge.json }\n');
    assert.deepEqual(problemsIn(dir), [
      "org.yaml:3:47: policy file policies/huge.json is 1.0 MiB, over the 1.0 MiB a policy file may have (AWS's largest policy is 10,240 characters); it was not read",
    ]);
    writeFileSync(join(dir, 'org.yaml'), Buffer.alloc(10 * 1024 * 1024 + 1, 0xff));
    assert.deepEqual(problemsIn(dir), ['org.yaml:1:1: is 10.0 MiB, over the 10.0 MiB an org.yaml may have; it was not read']);
  });

  it('says in words what belongs where the schema finds something else', () => {
    const problems = problemsOf({
      ...POLICIES,
      'org.yaml': `version: 1
organization: { id: O-Example, managementAccountId: 111111111111 }
limits:
  SERVICE_CONTROL_POLICY: { maxAttachments: 0 }
  TAG_POLICY: 5
policies:
  Deny: { type: SERVICE_CONTROL_POLICY, file: policies/deny.json, formerNames: [Old, Old] }
  Allow: policies/allow.json
attachments:
  root: FullAWSAccess
  ous: [/Workloads]
`,
    });
    assert.deepEqual(problems, [
      'org.yaml:2:21: organization.id "O-Example" is not an organization id: an organization id looks like o-abc1234567',
      'org.yaml:2:53: organization.managementAccountId must be an account id: an account id is 12 digits, quoted ("111111111111")',
      'org.yaml:4:45: limits.SERVICE_CONTROL_POLICY.maxAttachments 0 is not a whole number from 1 to 100',
      'org.yaml:5:15: limits.TAG_POLICY must be a map with maxAttachments, maxSize or both',
      'org.yaml:7:86: policies.Deny.formerNames lists "Old" twice',
      'org.yaml:8:10: policies.Allow must be a map with type and file (description and formerNames are optional)',
      'org.yaml:10:9: attachments.root must be a list of policy names, like [FullAWSAccess, DenyLeaveOrganization]',
      'org.yaml:11:8: attachments.ous must be a map of OU (its path, /Parent/Child, or its id, ou-…) to a list of policy names',
    ]);
  });

  it('reports a trailing comma and other JSON mistakes at their own line', () => {
    const dir = writeRepo({
      'policies/comma.json': '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Deny", "Action": ["s3:*",\n    ], "Resource": "*" }\n  ]\n}\n',
      'policies/missing.json': '{\n  "Version": "2012-10-17"\n  "Statement": []\n}\n',
      'policies/deep.json': `{"Statement": ${'['.repeat(40)}${']'.repeat(40)}}`,
      'org.yaml': `version: 1
policies:
  Comma: { type: SERVICE_CONTROL_POLICY, file: policies/comma.json }
  Missing: { type: SERVICE_CONTROL_POLICY, file: policies/missing.json }
  Deep: { type: SERVICE_CONTROL_POLICY, file: policies/deep.json }
`,
    });
    assert.deepEqual(problemsIn(dir), [
      "policies/comma.json:4:42: not valid JSON: trailing comma before ']': JSON allows none",
      'policies/deep.json:1:46: nested more than 32 levels deep; no policy needs that many',
      "policies/missing.json:2:26: not valid JSON: missing ',' after a property at the end of this line",
    ]);
  });

  it('refuses alias bombs, deep nesting and a second document in org.yaml, in its own words', () => {
    const laughs = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let level = 1; level < 10; level++) {
      const previous = String.fromCharCode(96 + level);
      laughs.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    assert.deepEqual(problemsOf({ 'org.yaml': `version: 1\nx:\n${laughs.map((l) => `  ${l}`).join('\n')}\n` }), [
      'org.yaml:4:10: aliases (*name) here expand to far more data than the file holds; write the values out instead of nesting aliases',
    ]);
    assert.deepEqual(problemsOf({ 'org.yaml': `version: 1\nx: ${'['.repeat(40)}${']'.repeat(40)}\n` }), [
      'org.yaml:2:35: nested more than 32 levels deep; org.yaml never needs that many',
    ]);
    const tooDeepToParse = problemsOf({ 'org.yaml': `version: 1\nx: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n` });
    assert.equal(tooDeepToParse.length, 1);
    assert.match(tooDeepToParse[0], /^org\.yaml:2:\d+: nested too deeply for the YAML parser to follow; org\.yaml needs only a few levels$/);
    assert.deepEqual(problemsOf({ 'org.yaml': 'version: 1\n---\nversion: 1\n' }), [
      'org.yaml:2:1: a second YAML document starts here; org.yaml is one document (remove this --- and merge what follows it)',
    ]);
  });

  it('keeps an alias that is used often but expands to no more than the file', () => {
    const accounts = Array.from({ length: 300 }, (_, i) => `    "${100_000_000_000 + i}": *baseline\n`).join('');
    const config = loadConfig(
      join(writeRepo({ ...POLICIES, 'org.yaml': `version: 1\npolicies:\n  Deny: { type: SERVICE_CONTROL_POLICY, file: policies/deny.json }\nattachments:\n  root: &baseline [FullAWSAccess, Deny]\n  accounts:\n${accounts}` }), 'org.yaml'),
    );
    assert.equal(config.targets.length, 301);
    assert.deepEqual(config.targets[300].policies, ['FullAWSAccess', 'Deny']);
  });

  it('refuses a policy type it does not know, suggesting the one meant, unless org.yaml acknowledges it as new', () => {
    const problems = problemsOf({
      ...POLICIES,
      'org.yaml': `version: 1
limits:
  SCP: { maxAttachments: 5 }
policies:
  Tags: { type: TAGG_POLICY, file: policies/deny.json }
  Odd: { type: Tag Policies, file: policies/deny.json }
  Odder: { type: my own kind, file: policies/deny.json }
  Newer: { type: QUANTUM_POLICY, file: policies/allow.json }
`,
    });
    assert.deepEqual(problems, [
      'org.yaml:3:3: limits: "SCP" is not a policy type; did you mean SERVICE_CONTROL_POLICY?',
      'org.yaml:5:17: policies.Tags.type: "TAGG_POLICY" is not a policy type; did you mean TAG_POLICY?',
      'org.yaml:6:16: policies.Odd.type: "Tag Policies" is not a policy type; did you mean TAG_POLICY?',
      `org.yaml:7:18: policies.Odder.type must be one of: ${KNOWN_POLICY_TYPES.join(', ')}; "my own kind" is not a policy type`,
      `org.yaml:8:18: policies.Newer.type: QUANTUM_POLICY is not a policy type this release of reconcile knows (${KNOWN_POLICY_TYPES.join(', ')}); ` +
        'if AWS added it since, acknowledge it in org.yaml with newPolicyTypes: [QUANTUM_POLICY]',
    ]);

    const dir = writeRepo({
      'policies/quantum.json': { entanglement: { '@@assign': 'on' } },
      'org.yaml': `version: 1
newPolicyTypes: [QUANTUM_POLICY, TAG_POLICY, TAGG_POLICY]
policies:
  Quantum: { type: QUANTUM_POLICY, file: policies/quantum.json }
attachments:
  root: [FullAWSAccess, Quantum]
`,
    });
    const config = loadConfig(join(dir, 'org.yaml'));
    assert.equal(config.policies.get('Quantum')!.type, 'QUANTUM_POLICY');
    assert.deepEqual(config.managedTypes, ['QUANTUM_POLICY', 'SERVICE_CONTROL_POLICY']);
    assert.deepEqual(config.newPolicyTypes, ['QUANTUM_POLICY', 'TAG_POLICY', 'TAGG_POLICY']);
    assert.deepEqual(config.warnings!.map(formatProblem), [
      `${join(dir, 'org.yaml')}:2:34: newPolicyTypes lists TAG_POLICY, which this release of reconcile knows; it need not be listed`,
      `${join(dir, 'org.yaml')}:2:46: newPolicyTypes lists TAGG_POLICY, which looks like a misspelling of TAG_POLICY; AWS refuses a type it does not have`,
    ]);
    assert.deepEqual(problemsOf({ 'org.yaml': 'version: 1\nnewPolicyTypes: [quantum]\n' }), [
      'org.yaml:2:18: newPolicyTypes[0]: "quantum" is not written like a policy type (like SERVICE_CONTROL_POLICY)',
    ]);
  });

  it('warns of limits above AWS quotas and of one file declared under two names; refuses renaming an AWS-managed policy', () => {
    const dir = writeRepo({
      ...POLICIES,
      'org.yaml': `version: 1
limits:
  SERVICE_CONTROL_POLICY: { maxAttachments: 20, maxSize: 5120 }
  TAG_POLICY: { maxSize: 20000 }
policies:
  Deny: { type: SERVICE_CONTROL_POLICY, file: policies/deny.json }
  DenyAgain: { type: SERVICE_CONTROL_POLICY, file: ./policies/../policies/deny.json }
  Allow: { type: SERVICE_CONTROL_POLICY, file: policies/allow.json }
`,
    });
    const config = loadConfig(join(dir, 'org.yaml'));
    assert.deepEqual(
      config.warnings!.map((w) => formatProblem({ ...w, location: { ...w.location, file: relative(dir, w.location.file) } })),
      [
        "org.yaml:3:45: limits.SERVICE_CONTROL_POLICY.maxAttachments 20 is above AWS's quota of 10; plans follow org.yaml, but AWS refuses what goes past its quota (`reconcile rehearse` will use AWS's)",
        "org.yaml:4:26: limits.TAG_POLICY.maxSize 20000 is above AWS's quota of 10000; plans follow org.yaml, but AWS refuses what goes past its quota (`reconcile rehearse` will use AWS's)",
        'org.yaml:7:52: ./policies/../policies/deny.json is also the file of Deny (line 6): two policies with one document',
      ],
    );
    assert.equal(config.policies.size, 3, 'warnings do not stop loading');
    assert.deepEqual(loadConfig(join(writeRepo({ ...POLICIES, 'org.yaml': 'version: 1\n' }), 'org.yaml')).warnings, []);

    const problems = problemsOf({
      ...POLICIES,
      'org.yaml': `version: 1
policies:
  Deny: { type: SERVICE_CONTROL_POLICY, file: policies/deny.json, formerNames: [OldDeny, FullAWSAccess] }
  Rcp: { type: SERVICE_CONTROL_POLICY, file: policies/allow.json, formerNames: [RCPFullAWSAccess] }
`,
    });
    assert.deepEqual(problems, [
      'org.yaml:3:90: former name FullAWSAccess is an AWS-managed policy, which can never be renamed: remove it from formerNames',
      'org.yaml:4:81: former name RCPFullAWSAccess is an AWS-managed policy, which can never be renamed: remove it from formerNames',
    ]);
  });
});
