// The review loop: saved plans applied exactly as reviewed (and refused when stale, foreign or edited), JSON
// output that validates against its schema, markdown for pull requests, annotations, role chaining, and the CI
// recipes.

import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv';
import { validateWorkflow } from '@action-validator/core';
import { SCHEMAS } from '../src/commands/schema.js';
import { planChanges } from '../src/plan/planner.js';
import { planDocument } from '../src/render/json.js';
import { viewOf } from '../src/render/plan-view.js';
import { renderPlan } from '../src/render/text.js';
import { colorsFor } from '../src/render/colors.js';
import { GITHUB_COMMENT_LIMIT, renderMarkdown } from '../src/render/markdown.js';
import { DENY_LEAVE, ALLOW_LIST, runCli, smallOrg, startTwin, writeRepo, type TwinHarness } from './helpers.js';
import { planWithEveryKindOfStep } from './planner-fixtures.js';

const Ajv = AjvModule.default ?? AjvModule;
const ROOT = join(import.meta.dirname, '..');

let h: TwinHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const run = (args: string[], env: Record<string, string> = {}) => runCli(args, { env });

const REPO = {
  'policies/deny.json': DENY_LEAVE,
  'policies/allow.json': ALLOW_LIST,
  'org.yaml': `version: 1
policies:
  DenyLeave: { type: SERVICE_CONTROL_POLICY, file: policies/deny.json }
  Allow: { type: SERVICE_CONTROL_POLICY, file: policies/allow.json }
attachments:
  root: [FullAWSAccess, DenyLeave]
  ous:
    /Workloads: [Allow]
`,
};

async function savedPlan() {
  h = await startTwin({ fixture: smallOrg() });
  const dir = writeRepo(REPO);
  const planFile = join(dir, 'plan.json');
  const planned = await run(['plan', '-c', join(dir, 'org.yaml'), '--endpoint', h.endpoint, '--out', planFile]);
  assert.equal(planned.code, 0, planned.err);
  assert.match(planned.out, /Saved the plan to .*plan\.json; apply exactly this plan with: reconcile apply/);
  const apply = (...extra: string[]) => run(['apply', planFile, '--endpoint', h!.endpoint, '--auto-approve', ...extra]);
  return { dir, planFile, apply };
}

describe('saved plans', () => {
  it('applies exactly the reviewed plan, and a second time finds it done', async () => {
    const { apply } = await savedPlan();
    const first = await apply();
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /The organization is as it was when .*plan\.json was made; applying it as reviewed/);
    assert.match(first.out, /5 done, 0 already in place, 0 failed, 0 not started/);
    const second = await apply();
    assert.equal(second.code, 0, second.err);
    assert.match(second.out, /All 5 steps of .*plan\.json are already in place; nothing to do/);
  });

  it('finishes a reviewed plan that was partly applied', async () => {
    const { apply } = await savedPlan();
    // The create and the attach to the root happened (an interrupted run, or someone else).
    h!.twin.change({
      kind: 'putPolicy',
      policy: { id: 'p-denyleave0', name: 'DenyLeave', description: '', type: 'SERVICE_CONTROL_POLICY', awsManaged: false, content: JSON.stringify(DENY_LEAVE), arn: 'x' },
    });
    h!.twin.change({ kind: 'attach', policyId: 'p-denyleave0', targetId: 'r-test' });
    const r = await apply();
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /2 of the 5 reviewed steps are already in place; applying the other 3/);
  });

  it('refuses a stale plan after a change made by hand in the organization, saying what changed', async () => {
    const { apply } = await savedPlan();
    h!.twin.change({ kind: 'detach', policyId: 'p-FullAWSAccess', targetId: 'r-test' });
    h!.twin.change({
      kind: 'putPolicy',
      policy: { id: 'p-byhand0001', name: 'ByHand', description: '', type: 'SERVICE_CONTROL_POLICY', awsManaged: false, content: JSON.stringify(DENY_LEAVE), arn: 'x' },
    });
    h!.twin.change({ kind: 'attach', policyId: 'p-byhand0001', targetId: 'ou-test-workload' });
    const r = await apply();
    assert.equal(r.code, 1);
    assert.match(r.err, /plan\.json is stale: the organization changed since the plan was made/);
    assert.match(r.err, /now also needed: detach SCP ByHand from \/Workloads \(ou-test-workload\)/);
    assert.match(r.err, /live state when planned: sha256:[0-9a-f]{64}; now: sha256:[0-9a-f]{64}/);
    assert.match(r.err, /Nothing was written to AWS/);
    assert.equal(h!.twin.calls.filter((c) => /^(Create|Attach|Detach)/.test(c.operation)).length, 0);
  });

  it('refuses a stale plan after a policy file was edited', async () => {
    const { dir, apply } = await savedPlan();
    writeFileSync(join(dir, 'policies/allow.json'), JSON.stringify({ ...ALLOW_LIST, Statement: [] }));
    const r = await apply();
    assert.equal(r.code, 1);
    assert.match(r.err, /is stale: org\.yaml or its policy files changed since the plan was made/);
    assert.match(r.err, /- policies\/allow\.json changed/);
  });

  it('applies a saved plan after a policy file was only reformatted: its content is what counts', async () => {
    const { dir, apply } = await savedPlan();
    writeFileSync(join(dir, 'policies/allow.json'), JSON.stringify(ALLOW_LIST, null, 8) + '\n\n');
    const r = await apply();
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /applying it as reviewed/);
  });

  it('says where to run apply when the org.yaml the plan was made from is not there', async () => {
    const { dir, apply } = await savedPlan();
    rmSync(join(dir, 'org.yaml'));
    const r = await apply();
    assert.equal(r.code, 1);
    assert.match(r.err, /plan\.json was made from .*org\.yaml, which is not here\. Run apply from the folder plan ran in/);
    assert.doesNotMatch(r.err, /use -c/);
  });

  it('refuses a plan made for another organization', async () => {
    const { planFile } = await savedPlan();
    const other = await startTwin({ fixture: smallOrg({ organization: { id: 'o-anotherorg1', rootId: 'r-test', managementAccountId: '111111111111' } }) });
    try {
      const r = await run(['apply', planFile, '--endpoint', other.endpoint, '--auto-approve']);
      assert.equal(r.code, 1);
      assert.match(r.err, /plan\.json is for organization o-testorg0001, but the credentials reach o-anotherorg1/);
      assert.equal(other.twin.calls.filter((c) => /^(Create|Attach|Detach)/.test(c.operation)).length, 0);
    } finally {
      await other.close();
    }
  });

  it('refuses an edited, truncated or newer plan file', async () => {
    const { planFile, apply } = await savedPlan();
    const text = readFileSync(planFile, 'utf8');
    writeFileSync(planFile, text.replace('"Allow"', '"AllowEverything"'));
    assert.match((await apply()).err, /was changed after reconcile wrote it \(its checksum does not match\)/);
    writeFileSync(planFile, text.slice(0, text.length / 2));
    assert.match((await apply()).err, /is not a complete plan file: it is not valid JSON \(truncated\?\)/);
    writeFileSync(planFile, text.replace('"version": 1', '"version": 2'));
    assert.match((await apply()).err, /was written by a newer reconcile \(plan format 2\); this one reads format 1/);
    writeFileSync(planFile, '{"hello": "world"}');
    assert.match((await apply()).err, /is not a plan file written by reconcile plan --out/);
  });
});

describe('output formats', () => {
  const { desired, state } = planWithEveryKindOfStep();
  const plan = planChanges(desired, state, { prune: true });
  const view = viewOf(plan);

  it('has every kind of step in the fixture', () => {
    assert.deepEqual(new Set(plan.steps.map((s) => s.action)), new Set(['enable-policy-type', 'create-policy', 'update-policy', 'attach', 'detach', 'delete-policy']));
  });

  it('writes JSON that validates against the published schema', async () => {
    const validate = new Ajv({ allErrors: true, strict: true }).compile(SCHEMAS['plan-output']);
    const document = planDocument(view);
    assert.ok(validate(document), JSON.stringify(validate.errors));
    // And through the command line, from a real read of the twin.
    h = await startTwin({ fixture: smallOrg() });
    const dir = writeRepo(REPO);
    const r = await run(['plan', '-c', join(dir, 'org.yaml'), '--endpoint', h.endpoint, '--format', 'json']);
    const fromCli = JSON.parse(r.out);
    assert.ok(validate(fromCli), JSON.stringify(validate.errors));
    assert.deepEqual(fromCli.summary, { changes: true, enable: 0, create: 2, update: 0, attach: 2, detach: 1, delete: 0, leftAlone: 6 });
    assert.deepEqual(fromCli.steps[4].target, { id: 'ou-test-workload', type: 'ORGANIZATIONAL_UNIT', name: '/Workloads', path: '/Workloads' });
  });

  it('writes the markdown a pull request shows (golden file)', () => {
    const golden = join(ROOT, 'test/golden/every-kind-of-step.md');
    const markdown = renderMarkdown(view);
    // UPDATE_GOLDEN=1 npm test rewrites it; review the diff before committing.
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, markdown);
    assert.equal(markdown, readFileSync(golden, 'utf8'));
  });

  it('writes the text plan a reviewer reads (golden file)', () => {
    const golden = join(ROOT, 'test/golden/every-kind-of-step.txt');
    const text = renderPlan(view, colorsFor({ isTTY: false }));
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, text);
    assert.equal(text, readFileSync(golden, 'utf8'));
  });

  it('writes the JSON plan, codes and their words (golden file)', () => {
    const golden = join(ROOT, 'test/golden/every-kind-of-step.json');
    const json = JSON.stringify(planDocument(view), null, 2) + '\n';
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, json);
    assert.equal(json, readFileSync(golden, 'utf8'));
  });

  it('keeps names and descriptions from AWS to one line of text, so none can break the comment', () => {
    const hostile = planWithEveryKindOfStep();
    const stray = hostile.state.policies.get('p-keptaway01')!;
    stray.name = 'Kept\n### injected heading\n</details>';
    const renamed = hostile.state.policies.get('p-allowlist1')!;
    renamed.name = 'Allowed|Services`\n# also injected';
    hostile.desired.policies.get('WorkloadsAllowList')!.formerNames = [renamed.name];
    hostile.state.coverage.named.get('200000000001')!.label = 'workloads|1\n## injected';
    const markdown = renderMarkdown(viewOf(planChanges(hostile.desired, hostile.state, { prune: true })));
    const headings = markdown.split('\n').filter((line) => /^#/.test(line));
    assert.deepEqual(headings.filter((line) => /injected/.test(line)), []);
    // Inside a code span HTML is text; outside one, every </details> is ours.
    const outsideCode = markdown.replace(/`[^`\n]*`/g, '');
    assert.equal(outsideCode.split('</details>').length, outsideCode.split('<details>').length, 'every </details> is ours');
    for (const row of markdown.split('\n').filter((line) => line.startsWith('| '))) {
      const header = row.startsWith('| Change') || row.startsWith('| Target') ? row : undefined;
      if (header) continue;
      // A row has as many cells as its table's header: escaped pipes do not count.
      const cells = row.replace(/\\\|/g, '').split('|').length - 2;
      assert.ok(cells === 3 || cells === 4, row);
    }
    assert.match(markdown, /renamed from `Allowed\\\|Services' # also injected`/);
  });

  it('summarises to stay under the comment size limit, saying what it left out', () => {
    assert.ok(renderMarkdown(view).length < GITHUB_COMMENT_LIMIT);
    const small = renderMarkdown(view, 1650);
    assert.ok(small.length <= 1650, `${small.length} characters`);
    assert.match(small, /content diffs? left out to stay under GitHub's comment size/);
    const tiny = renderMarkdown(view, 1250);
    assert.match(tiny, /…and \d+ more targets? with changes, left out/);
    assert.match(tiny, /to attach/);
  });

  it('publishes the schemas it validates with', () => {
    for (const [name, schema] of Object.entries(SCHEMAS)) assert.deepEqual(JSON.parse(readFileSync(join(ROOT, `schema/${name}.schema.json`), 'utf8')), schema, name);
    assert.match(readFileSync(join(ROOT, 'org.yaml'), 'utf8'), /^# yaml-language-server: \$schema=\.\/schema\/org\.schema\.json\n/);
  });
});

describe('validate in GitHub Actions', () => {
  it('emits workflow annotations so errors show on the pull request', async () => {
    const dir = writeRepo({ 'org.yaml': 'version: 1\nattachments:\n  root: [Nope]\n' });
    const r = await run(['validate', '-c', join(dir, 'org.yaml')], { GITHUB_ACTIONS: 'true' });
    assert.equal(r.code, 1);
    assert.match(r.out, /^::error file=.*org\.yaml,line=3,col=3,title=reconcile::root lists Nope, which is not declared under policies$/m);
    const quiet = await run(['validate', '-c', join(dir, 'org.yaml')], { GITHUB_ACTIONS: '' });
    assert.doesNotMatch(quiet.out, /::error/);
  });
});

describe('--role-arn', () => {
  it('assumes the role through STS and signs Organizations calls with its credentials', async () => {
    const fixture = smallOrg();
    const role = 'arn:aws:iam::111111111111:role/reconcile-plan';
    fixture.root!.accounts!.push({ name: 'management', id: '111111111111', roles: [{ name: 'reconcile-plan', policies: ['ReadOnlyAccess'] }] });
    h = await startTwin({ fixture });
    const dir = writeRepo(REPO);
    // The twin serves STS on its own endpoint.
    const r = await run(['plan', '-c', join(dir, 'org.yaml'), '--endpoint', h.endpoint, '--role-arn', role], { AWS_ENDPOINT_URL_STS: h.endpoint });
    assert.equal(r.code, 0, r.err);
    const [assume, ...rest] = h.twin.calls;
    assert.deepEqual([assume.service, assume.operation, assume.outcome, assume.input.RoleArn], ['sts', 'AssumeRole', 'ok', role]);
    const issued = rest.map((c) => c.accessKeyId);
    assert.ok(issued.length > 0 && rest.every((c) => c.service === 'organizations'));
    assert.deepEqual(new Set(rest.map((c) => h!.twin.identityOf(c.accessKeyId)?.sessionIssuerArn)), new Set([role]));
    assert.equal(new Set(issued).size, 1);
    assert.match(issued[0]!, /^ASIA/);
  });
});

describe('CI recipes', () => {
  it('ships GitHub Actions workflows that the workflow schema accepts', () => {
    for (const file of ['reconcile-plan.yml', 'reconcile-apply.yml']) {
      const state = validateWorkflow(readFileSync(join(ROOT, 'examples/github', file), 'utf8'));
      assert.deepEqual(state.errors, [], file);
    }
  });

  it('grants the IAM roles exactly the Organizations, IAM and STS calls reconcile makes', () => {
    // Reads: everything that talks to Organizations outside apply (plan, import, snapshot, rehearse).
    const sources = (...dirs: string[]) => dirs.flatMap((dir) => readdirSync(join(ROOT, 'src', dir)).map((f) => join(ROOT, 'src', dir, f)));
    // A command's service is the SDK client package its file imports it from (@aws-sdk/client-iam: iam).
    const callsIn = (files: string[]) =>
      new Set(
        files.flatMap((f) => {
          const text = readFileSync(f, 'utf8');
          const serviceOf = new Map(
            [...text.matchAll(/import \{([^}]*)\} from '@aws-sdk\/client-([a-z]+)'/g)].flatMap((m) => [...m[1].matchAll(/(\w+)Command\b/g)].map((c) => [c[1], m[2]])),
          );
          return [...text.matchAll(/new (\w+)Command\(/g)].map((m) => `${serviceOf.get(m[1]) ?? 'organizations'}:${m[1]}`);
        }),
      );
    // The IAM source holds apply's role writes beside its reads: a write is told by its verb.
    const isWrite = (action: string) => /^iam:(Attach|Detach)/.test(action);
    const reads = new Set([...callsIn(sources('live', 'adoption'))].filter((a) => !isWrite(a)));
    const writes = new Set([...callsIn([join(ROOT, 'src/apply/execute.ts')]), ...[...callsIn(sources('live'))].filter(isWrite)]);
    const actions = (file: string) =>
      new Set(
        (JSON.parse(readFileSync(join(ROOT, 'examples/iam', file), 'utf8')).Statement as { Action: string[] }[]).flatMap((s) => s.Action),
      );
    assert.deepEqual(actions('plan-role-policy.json'), reads);
    assert.deepEqual(actions('apply-role-policy.json'), new Set([...reads, ...writes]));
  });
});

describe('the package name', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; bin: Record<string, string> };
  const documents = () => ['README.md', 'action.yml', ...readdirSync(join(ROOT, 'examples/github')).map((f) => join('examples/github', f))];

  it('is its own on npm, where `reconcile` is an unrelated package, and keeps the command `reconcile`', () => {
    assert.notEqual(pkg.name, 'reconcile');
    assert.deepEqual(pkg.bin, { reconcile: 'dist/cli.js' });
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { name: string; packages: Record<string, { name?: string }> };
    assert.equal(lock.name, pkg.name);
    assert.equal(lock.packages[''].name, pkg.name);
  });

  it('is the only package the README and the CI examples install', () => {
    for (const file of documents()) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/\bnpm (?:install|i|add)\b([^\n#`]*)|\bnpx (?:--package|-p)[ =](\S+)/g)) {
        const names = (m[2] ?? m[1]).split(/\s+/).filter((w) => w && !w.startsWith('-'));
        for (const name of names) assert.equal(name.replace(/(?<=.)@.*$/, ''), pkg.name, `${file}: ${m[0].trim()}`);
      }
    }
  });
});

// The GitHub Action (action.yml): imports here, with its tests, to keep the file's head as it was.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { validateAction } from '@action-validator/core';
import { parse as parseYaml } from 'yaml';

interface ActionStep {
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}

describe('the GitHub Action', () => {
  const text = readFileSync(join(ROOT, 'action.yml'), 'utf8');
  const action = parseYaml(text) as { inputs: Record<string, { default?: string }>; outputs: Record<string, unknown>; runs: { steps: ActionStep[] } };

  it('is an action the action schema accepts', () => {
    assert.deepEqual(validateAction(text).errors, []);
  });

  it('is how the example workflows run reconcile, with only the inputs it declares', () => {
    for (const file of ['reconcile-plan.yml', 'reconcile-apply.yml']) {
      const workflow = parseYaml(readFileSync(join(ROOT, 'examples/github', file), 'utf8')) as { jobs: Record<string, { steps: ActionStep[] }> };
      const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
      const ours = steps.filter((s) => /^[^/]+\/reconcile@v1$/.test(s.uses ?? ''));
      assert.ok(ours.length > 0, `${file} uses the action`);
      for (const step of ours) for (const input of Object.keys(step.with ?? {})) assert.ok(input in action.inputs, `${file}: unknown input ${input}`);
      for (const step of steps) assert.doesNotMatch(step.run ?? '', /\breconcile\b|npm (install|i)\b/, `${file} runs reconcile only through the action`);
    }
  });

  /** Runs the action's command step with bash as the runner does, with `inputs` over the defaults, from the repository root. */
  async function runStep(inputs: Record<string, string>) {
    const step = action.runs.steps.find((s) => s.id === 'run')!;
    // The action's checkout, built: a dist/cli.js that loads the sources (through tsx, from NODE_OPTIONS).
    const actionPath = mkdtempSync(join(tmpdir(), 'reconcile-action-'));
    mkdirSync(join(actionPath, 'dist'));
    writeFileSync(join(actionPath, 'dist/cli.js'), `import(${JSON.stringify(pathToFileURL(join(ROOT, 'src/cli.ts')).href)});\n`);
    const values: Record<string, string> = { 'github.action_path': actionPath };
    for (const [name, input] of Object.entries(action.inputs)) values[`inputs.${name}`] = inputs[name] ?? input.default ?? '';
    const env: Record<string, string> = { ...(process.env as Record<string, string>), NODE_OPTIONS: '--import tsx', RUNNER_TEMP: actionPath };
    for (const [name, value] of Object.entries(step.env ?? {})) env[name] = value.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, key: string) => values[key]);
    env.GITHUB_OUTPUT = join(actionPath, 'github-output');
    writeFileSync(env.GITHUB_OUTPUT, '');
    let code = 0;
    let stdout = '';
    try {
      ({ stdout } = await promisify(execFile)('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], { cwd: ROOT, env }));
    } catch (err) {
      ({ code, stdout } = err as { code: number; stdout: string });
    }
    const outputs = Object.fromEntries(
      readFileSync(env.GITHUB_OUTPUT, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(/=(.*)/s).slice(0, 2)),
    ) as Record<string, string>;
    for (const name of Object.keys(outputs)) assert.ok(name in action.outputs, `undeclared output ${name}`);
    return { code, stdout, outputs, output: outputs['output-file'] ? readFileSync(outputs['output-file'], 'utf8') : '' };
  }

  it('runs the command in the workspace, and says its exit code and where its output is', async () => {
    const r = await runStep({ command: 'validate' });
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^reconcile validate -c org\.yaml\n/);
    assert.equal(r.outputs['exit-code'], '0');
    assert.match(r.output, /org\.yaml is valid: /);
  });

  it('passes a plan with changes, saying so, and fails on an error', async () => {
    const r = await runStep({ command: 'plan', format: 'markdown', args: '--twin examples/live-org.yaml' });
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual([r.outputs['exit-code'], r.outputs.changes], ['2', 'true']);
    assert.match(r.output, /^#+ .*reconcile plan/m);
    const failed = await runStep({ command: 'plan', config: 'no-such-org.yaml', 'role-arn': 'arn:aws:iam::111111111111:role/plan' });
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /^reconcile plan -c no-such-org\.yaml --role-arn arn:aws:iam::111111111111:role\/plan --format text --detailed-exitcode\n/);
    assert.deepEqual([failed.outputs['exit-code'], failed.outputs.changes], ['1', 'false']);
  });
});
