// Deploying drift remediation: the package (a bundle that runs on its own, as Lambda runs it, with the org.yaml it
// enforces), the CloudFormation template (its role grants exactly the calls the handler's code makes), and the
// CI recipes and IAM examples around them.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as organizations from '@aws-sdk/client-organizations';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { validateWorkflow } from '@action-validator/core';
import { unzipSync } from 'fflate';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { POLICY_WRITE_EVENTS } from '../src/aws/cloudtrail.js';
import { buildProgram } from '../src/commands/program.js';
import { HANDLER_CALLS, NOT_HANDLER_CALLS } from '../src/remediation/template.js';
import { ALICE_KEYS, DENY_LEAVE_ID, HANDLER_KEYS, HANDLER_ROLE, IDENTITIES, ROOT, byHand, driftFixture, driftRepo, organizationsAs, scpsOf, settle } from './drift-fixtures.js';
import type { EventBridgeEvent } from '../src/twin/cloudtrail/eventbridge.js';
import { captureIo, runCli, startTwin } from './helpers.js';

const ROOT_DIR = join(import.meta.dirname, '..');

interface Template {
  Parameters: Record<string, unknown>;
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
}

type Statement = { Sid: string; Action: string | string[]; Resource: unknown };

async function template(): Promise<Template> {
  const r = await runCli(['remediation', 'template']);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as Template;
}

async function packageIn(dir: string, out = join(dir, 'remediate.zip')) {
  return runCli(['remediation', 'package', '-c', join(dir, 'org.yaml'), '--out', out]);
}

describe('reconcile remediation package', () => {
  it('bundles a handler that runs on its own with the org.yaml it carries, the same bytes every time', async (t) => {
    const dir = driftRepo();
    const made = await packageIn(dir);
    assert.equal(made.code, 0, made.err);
    assert.match(made.out, /^Wrote .*remediate\.zip \(\d+ KiB\): remediate\.js \(runtime nodejs20\.x, handler remediate\.handler\), org\.yaml and 3 policy files\.\n/);
    const zip = readFileSync(join(dir, 'remediate.zip'));
    const again = await packageIn(dir, join(dir, 'again.zip'));
    assert.equal(again.code, 0, again.err);
    assert.ok(zip.equals(readFileSync(join(dir, 'again.zip'))), 'the same inputs give the same package');

    const files = unzipSync(zip);
    assert.deepEqual(Object.keys(files), ['remediate.js', 'org.yaml', 'policies/allow.json', 'policies/deny-leave.json', 'policies/guard.json', 'THIRD-PARTY-NOTICES.txt']);
    assert.deepEqual(files['org.yaml'], new Uint8Array(readFileSync(join(dir, 'org.yaml'))));

    // Lambda's task root: the package unzipped, with no node_modules. Run it in a process of its own, as the
    // nodejs20.x runtime would.
    const task = mkdtempSync(join(tmpdir(), 'reconcile-task-'));
    for (const [path, bytes] of Object.entries(files)) {
      mkdirSync(dirname(join(task, path)), { recursive: true });
      writeFileSync(join(task, path), bytes);
    }
    const events: EventBridgeEvent[] = [];
    const h = await startTwin({ fixture: driftFixture(), identities: IDENTITIES, onEvent: (e) => void events.push(e) });
    const alice = organizationsAs(h.endpoint, ALICE_KEYS);
    t.after(async () => {
      alice.destroy();
      await h.close();
    });
    await byHand(alice).detach(DENY_LEAVE_ID, ROOT);
    await settle(h.twin);
    const script = "require('./remediate.js').handler(JSON.parse(process.env.EVENT)).then((s) => console.log(JSON.stringify(s)), (e) => { console.error(e); process.exit(1); })";
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
      cwd: task,
      env: {
        PATH: process.env.PATH,
        LAMBDA_TASK_ROOT: task,
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL: h.endpoint,
        AWS_ACCESS_KEY_ID: HANDLER_KEYS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: HANDLER_KEYS.secretAccessKey,
        RECONCILE_OWN_ROLE_ARNS: HANDLER_ROLE,
        EVENT: JSON.stringify(events[0]),
      },
    });
    const lines = stdout.trim().split('\n');
    assert.match(lines[0], /"started":\{"config":".*reconcile-task-.*\/org\.yaml","mode":"remediate"/);
    assert.equal(JSON.parse(lines[1]).decision, 'remediated');
    assert.deepEqual(JSON.parse(lines.at(-1)!).steps.map((s: { step: string; status: string }) => [s.step, s.status]), [['attach SCP DenyLeave to Root (r-test)', 'done']]);
    assert.deepEqual(scpsOf(h.twin, ROOT), [DENY_LEAVE_ID, 'p-FullAWSAccess'].sort());
  });

  it('refuses to package an org.yaml that does not validate, or policy files outside its folder (the function could not read them)', async () => {
    const invalid = driftRepo('version: 1\npolicies:\n  DenyLeave: { type: SERVICE_CONTROL_POLICY }\n');
    const r = await packageIn(invalid);
    assert.equal(r.code, 1);
    assert.match(r.err, /org\.yaml:3:\d+: .*file/);
    assert.deepEqual(readdirSync(invalid).filter((f) => f.endsWith('.zip')), []);

    const outside = driftRepo('version: 1\npolicies:\n  DenyLeave: { type: SERVICE_CONTROL_POLICY, file: ../shared/deny.json }\n');
    mkdirSync(join(outside, '..', 'shared'), { recursive: true });
    writeFileSync(join(outside, '..', 'shared', 'deny.json'), JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] }));
    const o = await packageIn(outside);
    assert.equal(o.code, 1);
    assert.match(o.err, /org\.yaml:3:\d+: policy file \.\.\/shared\/deny\.json is outside the repository/);
    assert.deepEqual(readdirSync(outside).filter((f) => f.endsWith('.zip')), []);
  });
});

describe('reconcile remediation template', () => {
  it('routes only the successful Organizations policy writes to a Node.js 20+ function with a dead-letter queue', async () => {
    const { Parameters, Resources } = await template();
    const rule = Resources.PolicyWriteRule.Properties;
    assert.deepEqual(rule.EventPattern, {
      source: ['aws.organizations'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventSource: ['organizations.amazonaws.com'], eventName: [...POLICY_WRITE_EVENTS], errorCode: [{ exists: false }] },
    });
    assert.equal(POLICY_WRITE_EVENTS.length, 7);
    const fn = Resources.Handler.Properties;
    assert.match(String(fn.Runtime), /^nodejs(2\d|[3-9]\d)\.x$/);
    assert.equal(fn.Handler, 'remediate.handler');
    assert.deepEqual(fn.DeadLetterConfig, { TargetArn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } });
    assert.equal(Resources.DeadLetterQueue.Type, 'AWS::SQS::Queue');
    assert.equal(Resources.AlertTopic.Type, 'AWS::SNS::Topic');
    assert.deepEqual((fn.Environment as { Variables: Record<string, unknown> }).Variables.RECONCILE_SNS_TOPIC_ARN, { Ref: 'AlertTopic' });
    for (const name of ['CodeBucket', 'CodeKey', 'OwnRoleArns']) assert.ok(name in Parameters, name);
    assert.equal(Resources.RuleMayInvokeHandler.Properties.Principal, 'events.amazonaws.com');
  });

  it("grants the function's role exactly the calls the handler's code makes, sns:Publish on the topic, and its logs", async () => {
    const { Resources } = await template();
    const statements = (Resources.HandlerRole.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[])[0].PolicyDocument.Statement;
    const actions = (sid: string) => new Set([statements.find((s) => s.Sid === sid)!.Action].flat());
    // The calls in the code: the reader's source (src/live) and the executor (src/apply), as the IAM example test counts them.
    // Organizations' calls only: the handler reads and writes nothing in IAM (iamRoles are not its concern).
    const callsIn = (...files: string[]) =>
      new Set(
        files
          .flatMap((f) => [...readFileSync(join(ROOT_DIR, f), 'utf8').matchAll(/new (\w+)Command\(/g)].map((m) => m[1]))
          .filter((name) => `${name}Command` in organizations),
      );
    const live = readdirSync(join(ROOT_DIR, 'src/live')).map((f) => `src/live/${f}`);
    const inCode = callsIn(...live, 'src/apply/execute.ts');
    const granted = new Set<string>([...actions('ReadWhatAnEventConcerns'), ...actions('PutBackWhatOrgYamlOwns')].map((a) => a.replace(/^organizations:/, '')));
    assert.deepEqual(new Set([...granted, ...Object.keys(NOT_HANDLER_CALLS)]), inCode);
    assert.deepEqual(granted, new Set<string>([...HANDLER_CALLS.reads, ...HANDLER_CALLS.writes]));
    for (const excluded of Object.keys(NOT_HANDLER_CALLS)) assert.ok(!granted.has(excluded));
    assert.deepEqual(statements.find((s) => s.Sid === 'Alert'), { Sid: 'Alert', Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: 'AlertTopic' } });
    assert.deepEqual(
      statements.map((s) => s.Sid),
      ['ReadWhatAnEventConcerns', 'PutBackWhatOrgYamlOwns', 'Alert', 'DeadLetters', 'Log'],
    );
    // The handler's own role is among the own roles, so its own changes are ignored.
    const own = (Resources.Handler.Properties.Environment as { Variables: Record<string, { 'Fn::Join': [string, unknown[]] }> }).Variables.RECONCILE_OWN_ROLE_ARNS;
    assert.deepEqual(own['Fn::Join'][1][0], { 'Fn::GetAtt': ['HandlerRole', 'Arn'] });
  });
});

describe('the CI recipes and IAM examples for drift', () => {
  interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, string>;
  }
  const steps = (file: string) =>
    Object.values((parseYaml(readFileSync(join(ROOT_DIR, 'examples/github', file), 'utf8')) as { jobs: Record<string, { steps: Step[] }> }).jobs).flatMap((j) => j.steps);

  it('ships a nightly drift workflow and an apply workflow that redeploys the handler, both valid, running reconcile only through the action', () => {
    const action = parseYaml(readFileSync(join(ROOT_DIR, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
    for (const file of ['reconcile-drift.yml', 'reconcile-apply.yml']) {
      assert.deepEqual(validateWorkflow(readFileSync(join(ROOT_DIR, 'examples/github', file), 'utf8')).errors, [], file);
      for (const step of steps(file)) {
        if (/^[^/]+\/reconcile@v1$/.test(step.uses ?? '')) for (const input of Object.keys(step.with ?? {})) assert.ok(input in action.inputs, `${file}: ${input}`);
        assert.doesNotMatch(step.run ?? '', /\breconcile\b|npm (install|i)\b/, file);
      }
    }
    const drift = steps('reconcile-drift.yml').find((s) => s.with?.command === 'drift')!;
    assert.match(drift.with!.args, /--cloudtrail .*--notify sns:/);
    const workflow = parseYaml(readFileSync(join(ROOT_DIR, 'examples/github/reconcile-drift.yml'), 'utf8')) as { on: { schedule: { cron: string }[] } };
    assert.ok(workflow.on.schedule[0].cron);
    const apply = steps('reconcile-apply.yml');
    const packaged = apply.findIndex((s) => s.with?.command === 'remediation' && s.with.args === 'package --out remediate.zip');
    const deployed = apply.findIndex((s) => /aws lambda update-function-code .*--zip-file fileb:\/\/remediate\.zip/.test(s.run ?? ''));
    assert.ok(packaged > apply.findIndex((s) => s.with?.command === 'apply') && deployed > packaged);
  });

  it('gives the drift role the plan role\'s reads, CloudTrail lookups and SNS publishing, and the deploy role only the function', () => {
    const actions = (file: string) => new Set((JSON.parse(readFileSync(join(ROOT_DIR, 'examples/iam', file), 'utf8')).Statement as Statement[]).flatMap((s) => [s.Action].flat()));
    assert.deepEqual(actions('drift-role-policy.json'), new Set([...actions('plan-role-policy.json'), 'cloudtrail:LookupEvents', 'sns:Publish']));
    assert.deepEqual(actions('remediation-deploy-role-policy.json'), new Set(['lambda:UpdateFunctionCode', 'lambda:GetFunction', 'lambda:GetFunctionConfiguration']));
  });
});

describe('help for the new commands', () => {
  it('has examples for drift, watch, remediation package and remediation template', async () => {
    const io = captureIo();
    const program = buildProgram(io, () => {});
    const overrideAll = (command: Command) => {
      command.exitOverride();
      command.commands.forEach(overrideAll);
    };
    overrideAll(program);
    for (const args of [['drift'], ['watch'], ['remediation'], ['remediation', 'package'], ['remediation', 'template']]) {
      const before = io.stdout().length;
      await assert.rejects(program.parseAsync(['node', 'reconcile', ...args, '--help']), { code: 'commander.helpDisplayed' });
      const help = io.stdout().slice(before);
      assert.match(help, /Examples:\n {2}\$ reconcile /, args.join(' '));
    }
  });
});
