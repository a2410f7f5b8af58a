// The `reconcile` command line: commands, options and help.

import { createRequire } from 'node:module';
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { IAM_NAME, ROLE_NAME_MAX } from '../aws/iam.js';
import { KNOWN_POLICY_TYPES } from '../aws/policy-types.js';
import { DEFAULT_PARALLEL_ACCOUNTS } from '../read/read-iam.js';
import { userError } from '../diagnostics/diagnostic.js';
import { applyCommand } from './apply.js';
import { reportError } from './errors.js';
import type { Io } from './io.js';
import { planCommand, type OutputFormat } from './plan.js';
import { effectiveCommand } from './effective.js';
import { SCHEMAS, schemaCommand } from './schema.js';
import { importCommand, rehearseCommand, snapshotCommand } from './adoption.js';
import { twinCommand } from './twin.js';
import { validateCommand } from './validate.js';
import { DEFAULT_SINCE, driftCommand } from './drift.js';
import { watchCommand } from './watch.js';
import { packageCommand, templateCommand } from './remediation.js';
import type { Mode } from '../remediation/handler.js';

interface ConnectionFlags {
  config: string;
  profile?: string;
  region: string;
  endpoint?: string;
  twin?: string;
  state?: string;
  roleArn?: string;
  prune: boolean;
  parallelAccounts: number;
  skipUnreachable: boolean;
}

/** Where the calls go: AWS (credentials, role, region, endpoint), or a local twin or snapshot instead. */
function awsOptions(command: Command): Command {
  return command
    .option('--profile <name>', 'AWS profile for credentials (default: the standard AWS credential chain)')
    .option('--role-arn <arn>', 'assume this IAM role through STS first (with the credentials above)')
    .option('--region <region>', 'region to sign requests for (Organizations is global; GovCloud: us-gov-west-1)', 'us-east-1')
    .option('--endpoint <url>', 'Organizations endpoint URL, used for IAM and STS too (also AWS_ENDPOINT_URL_ORGANIZATIONS / AWS_ENDPOINT_URL)')
    .option('--twin <seed-file>', 'run against a local Organizations twin seeded from this file instead of AWS')
    .option('--state <snapshot>', 'use a snapshot (reconcile snapshot --out) instead of AWS: no credentials needed');
}

/** What plan, apply and rehearse read: org.yaml, and whether undeclared policies are pruned. */
function connectionOptions(command: Command): Command {
  return awsOptions(command.option('-c, --config <file>', 'the org.yaml to reconcile', './org.yaml'))
    .option('--prune', 'also delete customer policies of a managed type that org.yaml does not declare', false)
    .option('--parallel-accounts <n>', "iamRoles: accounts whose IAM is read and written at once", positiveInteger, DEFAULT_PARALLEL_ACCOUNTS)
    .option('--skip-unreachable', 'iamRoles: plan the accounts whose member role can be assumed, and report the others, instead of refusing', false);
}

/** A comma-separated list of IAM role names. */
function roleNameList(value: string): string[] {
  const names = value.split(',').map((n) => n.trim()).filter(Boolean);
  if (names.length === 0) throw new InvalidArgumentError('name at least one role');
  const bad = names.filter((n) => !IAM_NAME.test(n) || n.length > ROLE_NAME_MAX);
  if (bad.length > 0) throw new InvalidArgumentError(`${bad.join(', ')}: not a role name (1 to ${ROLE_NAME_MAX} letters, digits and +=,.@_-)`);
  return names;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

function sessionOptions(flags: ConnectionFlags) {
  return {
    config: flags.config,
    profile: flags.profile,
    region: flags.region,
    endpoint: flags.endpoint,
    twinSeed: flags.twin,
    stateFile: flags.state,
    roleArn: flags.roleArn,
    prune: flags.prune,
    parallelAccounts: flags.parallelAccounts,
    skipUnreachable: flags.skipUnreachable,
  };
}

/** A comma-separated list of policy types, each one AWS has. */
function policyTypeList(value: string): string[] {
  const types = value.split(',').map((t) => t.trim()).filter(Boolean);
  if (types.length === 0) throw new InvalidArgumentError('name at least one policy type');
  const unknown = types.filter((t) => !KNOWN_POLICY_TYPES.includes(t));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown policy type ${unknown.join(', ')}; the types are ${KNOWN_POLICY_TYPES.join(', ')}`);
  return types;
}

function number(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number ≥ 0');
  return n;
}

export function buildProgram(io: Io, setExitCode: (code: number) => void): Command {
  const program = new Command('reconcile')
    .description('Policy-as-code for AWS Organizations: keep SCPs and management policies, and where they attach, in org.yaml.')
    .version(createRequire(import.meta.url)('../../package.json').version as string, '-V, --version', 'print the version')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .addHelpText(
      'after',
      `
Examples:
  $ reconcile validate                          check org.yaml and policies/ offline
  $ reconcile plan                              show what would change in the organization
  $ reconcile plan --twin examples/live-org.yaml   try it without an AWS account
  $ reconcile apply --auto-approve              apply from CI

Exit codes: 0 success, 1 error; plan --detailed-exitcode: 0 no changes, 2 changes, 1 error.`,
    );

  const run = (action: () => Promise<number> | number) =>
    Promise.resolve()
      .then(action)
      .then(setExitCode, (err) => {
        reportError(err, io);
        setExitCode(1);
      });

  connectionOptions(
    program
      .command('plan')
      .description('read the organization, compare it with org.yaml and print the ordered plan (writes nothing)')
      .addHelpText(
        'after',
        `
Reads only what the plan needs and prints every step in the order apply will take it: policy types enabled,
policies created and updated (with a diff of their content), attachments (replacements attached before anything
is detached), detachments, deletions. Targets not listed in org.yaml are left alone unless it says
unlistedTargets: default.

Examples:
  $ reconcile plan -c org.yaml
  $ reconcile plan --detailed-exitcode || [ $? -eq 2 ]     fail CI only on errors
  $ AWS_PROFILE=org-readonly reconcile plan
  $ reconcile plan --skip-unreachable --parallel-accounts 8   iamRoles: leave out accounts whose member role cannot be assumed`,
      ),
  )
    .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when there are, 1 on error', false)
    .addOption(new Option('--format <format>', 'output: text for people, json for tools, markdown for a pull-request comment').choices(['text', 'json', 'markdown']).default('text'))
    .option('--out <file>', 'also save the plan to this file, for `reconcile apply <file>` (checked for writing before anything is read)')
    .action((flags: ConnectionFlags & { detailedExitcode: boolean; format: OutputFormat; out?: string }) =>
      run(() => planCommand({ ...sessionOptions(flags), detailedExitcode: flags.detailedExitcode, format: flags.format, out: flags.out }, io)),
    );

  connectionOptions(
    program
      .command('apply')
      .argument('[plan-file]', 'a plan saved by `reconcile plan --out`: apply exactly it (org.yaml is the one it was made from)')
      .description('plan, ask for confirmation, apply the plan in safe order, then check the result')
      .addHelpText(
        'after',
        `
Every step keeps each root, OU and account within its attachment limits, so stopping at any point leaves the
organization valid; run apply again to finish. On a terminal apply asks before writing; elsewhere (CI) it
refuses unless --auto-approve is given.

With a saved plan, apply first reads the organization again and refuses, saying what changed, if org.yaml,
a policy file or the organization moved on since the plan was made; it never silently plans again. Applying
the same saved plan twice is harmless: the second run finds its steps in place.

Examples:
  $ reconcile apply
  $ reconcile plan --out plan.json && reconcile apply plan.json
  $ reconcile apply plan.json --auto-approve --role-arn arn:aws:iam::111111111111:role/reconcile-apply
  $ reconcile apply plan.json --auto-approve --format json | jq -c 'select(.type == "step")'`,
      ),
  )
    .option('--auto-approve', 'apply without asking for confirmation', false)
    .addOption(
      new Option('--format <format>', 'output: text for people, json for CI systems (one JSON object per line: the plan, each step, the result)')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action((planFile: string | undefined, flags: ConnectionFlags & { autoApprove: boolean; format: 'text' | 'json' }, command: Command) =>
      run(() => {
        // A saved plan is tied to the org.yaml it was made from: -c would name another one.
        if (planFile && command.getOptionValueSource('config') === 'cli') {
          throw userError(`-c does not apply with a saved plan: ${planFile} applies the org.yaml it was made from`);
        }
        return applyCommand({ ...sessionOptions(flags), autoApprove: flags.autoApprove, format: flags.format, planFile }, io);
      }),
    );

  awsOptions(
    program
      .command('import')
      .description('write org.yaml and policies/ from the live organization (plan right after shows no changes)')
      .addHelpText(
        'after',
        `
Writes org.yaml (beside -c), one pretty-printed file per customer policy under policies/<type>/, and
schema/org.schema.json for editors. Targets that carry only their type's defaults are left out; OUs are listed by
path, accounts by name where it is unique (by id otherwise), with the other form in a comment. Policies that
look managed by Control Tower or Landing Zone Accelerator are marked. Existing files are never overwritten
without --force.

With --iam-roles, also writes iamRoles for the roles named: their managed policies in every account, accounts
with the same policies in one entry (a customer policy of the account itself as \${AccountId}).

Examples:
  $ reconcile import
  $ reconcile import --types SERVICE_CONTROL_POLICY,TAG_POLICY -c infra/org.yaml
  $ reconcile import --iam-roles ReadOnlyAudit,BreakGlassAdmin`,
      ),
  )
    .option('-c, --config <file>', 'the org.yaml to write; policies/ goes beside it', './org.yaml')
    .option('--types <types>', 'comma-separated policy types to import (default: every enabled type)', policyTypeList)
    .option('--iam-roles <roles>', 'comma-separated IAM role names whose managed policies to import into iamRoles', roleNameList)
    .option('--parallel-accounts <n>', 'with --iam-roles: accounts whose IAM is read at once', positiveInteger, DEFAULT_PARALLEL_ACCOUNTS)
    .option('--force', 'overwrite existing files', false)
    .action((flags: ConnectionFlags & { types?: string[]; force: boolean; iamRoles?: string[] }) =>
      run(() => importCommand({ ...sessionOptions(flags), types: flags.types, force: flags.force, iamRoles: flags.iamRoles }, io)),
    );

  awsOptions(
    program
      .command('snapshot')
      .description('save the live state (OU tree, accounts, policies with content, attachments) to a file')
      .addHelpText('after', `
Examples:
  $ reconcile snapshot --out live.json
  $ reconcile plan --state live.json      plan offline, e.g. for a fork's pull request
  $ reconcile snapshot --out - | gzip > live.json.gz
  $ reconcile snapshot --iam-roles ReadOnlyAudit,BreakGlassAdmin --out live.json   with those roles in every account`),
  )
    .requiredOption('--out <file>', 'where to write the snapshot (JSON); - for standard output')
    .option('--iam-roles <roles>', "comma-separated IAM role names: also save their attached policies in every account (for plan --state with iamRoles)", roleNameList)
    .option('--parallel-accounts <n>', 'with --iam-roles: accounts whose IAM is read at once', positiveInteger, DEFAULT_PARALLEL_ACCOUNTS)
    .action((flags: ConnectionFlags & { out: string; iamRoles?: string[] }) =>
      run(() => snapshotCommand({ ...sessionOptions(flags), out: flags.out, iamRoles: flags.iamRoles }, io)),
    );

  connectionOptions(
    program
      .command('rehearse')
      .description("apply the plan to a copy of the organization in the twin, with AWS's rules, and check it converges")
      .addHelpText(
        'after',
        `
Reads the organization (or --state), loads it into the Organizations twin with AWS's quotas (org.yaml's limits
may lower them, never raise them), applies the plan there, plans again, and reports any step AWS would refuse
and the calls apply will make. The real organization is only read.

Examples:
  $ reconcile rehearse
  $ reconcile rehearse --state live.json`,
      ),
  ).action((flags: ConnectionFlags) => run(() => rehearseCommand(sessionOptions(flags), io)));

  program
    .command('schema')
    .description('print a JSON Schema: org (for editors: # yaml-language-server: $schema=…), or the document plan-output, effective or drift-output that the command writes with --format json')
    .addArgument(new Argument('<name>', 'which schema').choices(Object.keys(SCHEMAS)))
    .addHelpText(
      'after',
      `
Examples:
  $ reconcile schema org > schema/org.schema.json     what editors read through the line at the top of org.yaml
  $ reconcile schema plan-output                      the document plan --format json writes
  $ reconcile schema effective                        the document effective --format json writes
  $ reconcile schema drift-output                     the document drift --format json writes`,
    )
    .action((name: keyof typeof SCHEMAS) => run(() => schemaCommand(name, io)));

  awsOptions(
    program
      .command('effective')
      .description('show the effective management policy of accounts (what DescribeEffectivePolicy returns), now and after the plan')
      .addHelpText(
        'after',
        `
Management policies (tag, backup, AI-services opt-out, chatbot, declarative EC2, …) merge from the root down
through each OU to the account. For each account and type this shows the effective policy now, the policies
that contributed at each level, and, when there is an org.yaml (-c, or ./org.yaml), the effective policy after
its plan with a diff. It reads only the accounts' paths and the policies on them. --compare also asks AWS
(DescribeEffectivePolicy) and says, per account, whether its answer equals reconcile's; it exits 2 when one
differs.

Examples:
  $ reconcile effective --type TAG_POLICY --account prod-app-1
  $ reconcile effective --ou /Workloads --format json > effective.json      every account under /Workloads, every type
  $ reconcile effective --type BACKUP_POLICY --account 123456789012 --compare
  $ reconcile effective --twin examples/live-org.yaml --type TAG_POLICY --ou /`,
      ),
  )
    .option('-c, --config <file>', 'the org.yaml whose plan to preview (default: ./org.yaml when there is one)')
    .option('--type <type>', 'a management policy type; repeat for more (default: every enabled management type)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--account <account>', 'an account id or unique name; repeat for more', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--ou <ou>', 'every account under this OU (path or id; / for the root), recursively; repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
    .addOption(new Option('--format <format>', 'output: text for people, json for tools (reconcile schema effective)').choices(['text', 'json']).default('text'))
    .option('--compare', "also ask AWS (DescribeEffectivePolicy) and report whether its answer equals reconcile's", false)
    .action((flags: ConnectionFlags & { type: string[]; account: string[]; ou: string[]; format: 'text' | 'json'; compare: boolean }, command: Command) =>
      run(() =>
        effectiveCommand(
          {
            ...sessionOptions(flags),
            config: command.getOptionValueSource('config') === 'cli' ? flags.config : undefined,
            types: flags.type,
            accounts: flags.account,
            ous: flags.ou,
            format: flags.format,
            compare: flags.compare,
          },
          io,
        ),
      ),
    );

  program
    .command('validate')
    .description('check org.yaml and the policy files it names, offline (no AWS call)')
    .addHelpText(
      'after',
      `
Every check that needs no AWS call: org.yaml against its schema, policy names, policy files (JSON, size against
the type's limit), attachment limits. Each problem is reported with file:line:column; in GitHub Actions also as
an annotation on the pull request's diff.

Examples:
  $ reconcile validate
  $ reconcile validate -c infra/org.yaml`,
    )
    .option('-c, --config <file>', 'the org.yaml to check', './org.yaml')
    .action((flags: { config: string }) => run(() => validateCommand(flags, io)));

  program
    .command('twin')
    .description('serve a local AWS Organizations twin on 127.0.0.1 for tests and demos')
    .addHelpText(
      'after',
      `
The twin speaks the Organizations protocol and enforces AWS's rules, so the unmodified SDK runs against it. It
serves until interrupted (Ctrl-C). The commands that call AWS take --twin SEED to start one of their own instead.

Examples:
  $ reconcile twin --seed examples/live-org.yaml --port 4566
  $ reconcile plan --endpoint http://127.0.0.1:4566          in another terminal; any credentials do
  $ reconcile twin --seed examples/live-org.yaml --throttle --empty-pages 0.2 --consistency-lag 500`,
    )
    .option('--seed <file>', 'organization to serve (YAML/JSON fixture); without it, start empty')
    .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', number, 0)
    .option('--throttle', "refuse calls over AWS's documented rates with TooManyRequestsException", false)
    .option('--latency <ms>', 'added to every call', number, 0)
    .option('--empty-pages <rate>', 'probability of an empty page that still carries a NextToken', number, 0)
    .option('--consistency-lag <ms>', 'reads see writes only after this delay', number, 0)
    .option('--concurrent-modification-rate <rate>', 'share of policy writes refused with ConcurrentModificationException', number, 0)
    .option('--service-error-rate <rate>', 'share of calls answered with a 500 ServiceException', number, 0)
    .addOption(new Option('--scp-max <n>', 'SCP attachment maximum per target (AWS: 10; 5 before May 2026)').argParser(number))
    .option('--random-seed <n>', 'seed for ids, faults and empty pages', number, 1)
    .action(
      (flags: {
        seed?: string;
        port: number;
        throttle: boolean;
        latency: number;
        emptyPages: number;
        consistencyLag: number;
        concurrentModificationRate: number;
        serviceErrorRate: number;
        scpMax?: number;
        randomSeed: number;
      }) =>
        run(() =>
          twinCommand(
            {
              seedFile: flags.seed,
              port: flags.port,
              throttle: flags.throttle,
              latencyMs: flags.latency,
              emptyPageRate: flags.emptyPages,
              consistencyLagMs: flags.consistencyLag,
              faults: { concurrentModificationRate: flags.concurrentModificationRate, serviceErrorRate: flags.serviceErrorRate },
              limits: flags.scpMax ? { SERVICE_CONTROL_POLICY: { maxAttachments: flags.scpMax } } : {},
              seed: flags.randomSeed,
            },
            io,
          ),
        ),
    );

  // ---- drift: the scheduled check, the watcher, and the Lambda function's package and template ----
  const repeatable = (value: string, previous: string[]) => [...previous, value];
  awsOptions(
    program
      .command('drift')
      .description('report what differs from org.yaml as drift: who changed it (--cloudtrail), notify, and --fix it')
      .addHelpText(
        'after',
        `
Reads like plan and reports, as drift, every difference in what org.yaml owns: owned attachments removed, extra
attachments on listed targets, declared policies' content, name or description edited, declared policies
missing, managed policy types disabled. Each item says what org.yaml wants and what was found; targets org.yaml
does not list and types it does not manage are not its, and are never reported. --cloudtrail adds, per item, the
most recent matching Organizations write in CloudTrail (LookupEvents in us-east-1): the principal, the role that
issued its session, the session name, and the time. --fix applies the steps that undo the drift, in the
planner's safe order, then reads again to check. --endpoint, when given, is used for CloudTrail and SNS too (the
twin serves all three).

Exit codes: 0 no drift (or --fix undid it), 2 drift, 1 error (or a notification that was not delivered).

Examples:
  $ reconcile drift --twin examples/live-org.yaml
  $ reconcile drift --cloudtrail --since 7d --format markdown > drift.md
  $ reconcile drift --cloudtrail --notify sns:arn:aws:sns:us-east-1:111111111111:org-drift --notify https://hooks.slack.com/services/T0/B0/X
  $ reconcile drift --fix --notify-always --notify sns:arn:aws:sns:us-east-1:111111111111:org-drift`,
      )
      .option('-c, --config <file>', 'the org.yaml drift is measured against', './org.yaml'),
  )
    .addOption(new Option('--format <format>', 'output: text for people, json for tools, markdown for an issue or job summary').choices(['text', 'json', 'markdown']).default('text'))
    .option('--cloudtrail', 'look up who made each change, and when, in CloudTrail (LookupEvents, us-east-1)', false)
    .option('--since <when>', `how far back --cloudtrail looks: 90d, 12h, 30m, or an ISO time (default: ${DEFAULT_SINCE}, all of CloudTrail's event history)`)
    .option('--notify <target>', 'send the report to sns:<topic ARN> or to an https:// webhook (Slack-compatible JSON); repeatable', repeatable, [])
    .option('--notify-always', 'notify even when there is no drift (a daily "all clear")', false)
    .option('--fix', 'apply the steps that undo the drift (in safe order), then check', false)
    .action((flags: ConnectionFlags & { format: 'text' | 'json' | 'markdown'; cloudtrail: boolean; since?: string; notify: string[]; notifyAlways: boolean; fix: boolean }) =>
      run(() =>
        driftCommand(
          { ...sessionOptions(flags), format: flags.format, cloudtrail: flags.cloudtrail, since: flags.since, notify: flags.notify, notifyAlways: flags.notifyAlways, fix: flags.fix },
          io,
        ),
      ),
    );

  awsOptions(
    program
      .command('watch')
      .description('follow CloudTrail and put back what org.yaml owns as hand changes happen: the Lambda handler, as a process')
      .addHelpText(
        'after',
        `
Polls CloudTrail's event history (LookupEvents in us-east-1, at CloudTrail's 2 requests a second) for
Organizations' events every --interval seconds, and hands each to the same handler the Lambda function runs:
failed calls, reconcile's own changes (by the role that issued the session, never its session name) and events
already handled are ignored; the rest are planned from the organization as it is now, scoped to what they
changed, and put back (or, with --mode alert, only alerted). Where it is goes to --state-file after every event,
so a restart neither misses nor repeats one. Every decision is a JSON line on standard output. Stops on
SIGINT or SIGTERM, after the event in hand.

Examples:
  $ reconcile watch --state-file /var/lib/reconcile/cursor.json --own-role-arn arn:aws:iam::111111111111:role/reconcile-apply
  $ reconcile watch --state-file cursor.json --mode alert --notify https://hooks.slack.com/services/T0/B0/X
  $ reconcile twin --seed examples/live-org.yaml --port 4566                  in one terminal,
  $ reconcile watch --endpoint http://127.0.0.1:4566 --state-file cursor.json --interval 5     in another`,
      )
      .option('-c, --config <file>', 'the org.yaml to enforce', './org.yaml'),
  )
    .requiredOption('--state-file <file>', 'where the cursor is kept between polls and restarts')
    .option('--interval <seconds>', 'seconds between polls', number, 60)
    .addOption(new Option('--mode <mode>', 'remediate puts owned policies back; alert only says what drifted').choices(['remediate', 'alert']).default('remediate'))
    .option('--own-role-arn <arn>', "a role whose changes are reconcile's own (the apply role); repeatable, or comma-separated", repeatable, [])
    .option('--notify <target>', 'alert sns:<topic ARN> or an https:// webhook (Slack-compatible JSON); repeatable', repeatable, [])
    .action((flags: ConnectionFlags & { stateFile: string; interval: number; mode: Mode; ownRoleArn: string[]; notify: string[] }) =>
      run(() =>
        watchCommand(
          { ...sessionOptions(flags), cursorFile: flags.stateFile, intervalSeconds: flags.interval, mode: flags.mode, ownRoleArns: flags.ownRoleArn, notify: flags.notify },
          io,
        ),
      ),
    );

  const remediation = program
    .command('remediation')
    .description('deploy drift remediation as a Lambda function: `package` its code, print its CloudFormation `template`')
    .addHelpText(
      'after',
      `
Examples:
  $ reconcile remediation package --out remediate.zip
  $ reconcile remediation template > remediation.json`,
    );
  remediation
    .command('package')
    .description('bundle the handler with org.yaml and its policy files into a zip for the nodejs20.x runtime')
    .addHelpText(
      'after',
      `
Bundles the handler and everything it imports (the AWS SDK clients included) into one file, remediate.js
(handler remediate.handler), and zips it with org.yaml and the policy files it names, at the same relative paths.
org.yaml is validated first: an invalid one is never packaged. The same files give the same zip.

Examples:
  $ reconcile remediation package --out remediate.zip
  $ aws lambda update-function-code --function-name reconcile-remediation --zip-file fileb://remediate.zip`,
    )
    .option('-c, --config <file>', 'the org.yaml the function enforces', './org.yaml')
    .requiredOption('--out <zip>', 'where to write the package')
    .action((flags: { config: string; out: string }) => run(() => packageCommand(flags, io)));
  remediation
    .command('template')
    .description('print the CloudFormation template (us-east-1): the EventBridge rule, the function and its role, the topic, the dead-letter queue')
    .addHelpText(
      'after',
      `
The rule matches the successful Organizations policy writes (AttachPolicy, DetachPolicy, UpdatePolicy,
DeletePolicy, CreatePolicy, EnablePolicyType, DisablePolicyType); the function's role may make only the calls the
handler makes, publish to the topic and write its logs. Parameters: CodeBucket and CodeKey (where the package
is), OwnRoleArns (the apply role; the function's own role is added), Mode, WebhookUrl.

Examples:
  $ reconcile remediation template > remediation.json
  $ aws cloudformation deploy --region us-east-1 --template-file remediation.json --stack-name reconcile-remediation --capabilities CAPABILITY_IAM --parameter-overrides CodeBucket=my-bucket CodeKey=reconcile/remediate.zip OwnRoleArns=arn:aws:iam::111111111111:role/reconcile-apply`,
    )
    .action(() => run(() => templateCommand(io)));

  return program;
}
