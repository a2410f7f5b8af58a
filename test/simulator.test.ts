// Property: the simulator's organization after a plan is the organization AWS holds after applying it. For
// random organizations and random org.yaml files, the plan is simulated on the model that was read, then really
// applied to the twin through the SDK; the twin's state (attachments, policies' names, descriptions and content)
// must equal the simulated one on everything the model covers.

import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { executePlan } from '../src/apply/execute.js';
import { loadConfig } from '../src/desired/load.js';
import { limitsOf, planChanges } from '../src/plan/planner.js';
import { simulate } from '../src/plan/simulate.js';
import type { Fixture } from '../src/twin/seed.js';
import { attachedOfType } from '../src/twin/state.js';
import { denyPolicy, readFor, smallOrg, startTwin, writeRepo, type TwinHarness } from './helpers.js';

const SCP = 'SERVICE_CONTROL_POLICY';
const TAG = 'TAG_POLICY';
const SCPS = ['s0', 's1', 's2', 's3'];
const TAGS = ['t0', 't1', 't2'];
/** The targets of smallOrg, by the key org.yaml lists them under. */
const TARGETS: Record<string, string> = { root: 'r-test', '/Workloads': 'ou-test-workload', '/Sandbox': 'ou-test-sandbox1', '333333333333': '333333333333', 'sandbox-1': '555555555555' };
const tagDocument = (name: string, value: string) => ({ tags: { [name]: { tag_key: { '@@assign': name.toUpperCase() }, tag_value: { '@@assign': [value] } } } });

const scenario = fc.record({
  liveScps: fc.subarray(SCPS),
  liveTags: fc.subarray(TAGS),
  /** Per target: the live attachments, and what org.yaml lists (undefined: not listed). */
  targets: fc.tuple(
    ...Object.keys(TARGETS).map(() =>
      fc.record({
        liveScps: fc.subarray(SCPS, { maxLength: 3 }),
        liveTags: fc.subarray(TAGS, { maxLength: 2 }),
        listed: fc.option(fc.record({ scps: fc.subarray(SCPS, { maxLength: 3 }), keepDefault: fc.boolean(), tags: fc.shuffledSubarray(TAGS, { maxLength: 2 }) })),
      }),
    ),
  ),
  edited: fc.subarray([...SCPS, ...TAGS]),
  described: fc.subarray(SCPS),
  prune: fc.boolean(),
});

let h: TwinHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('simulator', () => {
  it("ends where AWS ends: the simulated state after a plan equals the twin's after applying it", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        await h?.close();
        // The live organization: the live policies exist; each target holds FullAWSAccess and its live picks.
        const live = (name: string, list: string[]) => list.filter((n) => (name.startsWith('s') ? s.liveScps : s.liveTags).includes(n));
        const fixture: Fixture = smallOrg({
          enabledPolicyTypes: [SCP, TAG],
          policies: [
            ...s.liveScps.map((n) => ({ name: n, type: SCP, content: denyPolicy(`${n}:*`) })),
            ...s.liveTags.map((n) => ({ name: n, type: TAG, content: tagDocument(n, n.toUpperCase()) })),
          ],
        });
        h = await startTwin({ fixture, limits: { [SCP]: { maxAttachments: 5 } }, api: { rateLimited: false } });
        const data = h.twin.organization!;
        Object.values(TARGETS).forEach((id, i) => {
          for (const n of [...live('s', s.targets[i].liveScps), ...live('t', s.targets[i].liveTags)]) {
            const policy = [...data.policies.values()].find((p) => p.name === n)!;
            h!.twin.change({ kind: 'attach', policyId: policy.id, targetId: id });
          }
        });

        // org.yaml: every policy declared (some with edited content or a description), some targets listed.
        const edited = new Set(s.edited);
        const files: Record<string, string | object> = {};
        const declarations: string[] = [];
        for (const n of [...SCPS, ...TAGS]) {
          const isScp = n.startsWith('s');
          files[`policies/${n}.json`] = isScp ? denyPolicy(edited.has(n) ? `${n}:Edited` : `${n}:*`) : tagDocument(n, edited.has(n) ? 'Edited' : n.toUpperCase());
          const description = s.described.includes(n) ? `, description: "about ${n}"` : '';
          declarations.push(`  ${n}: { type: ${isScp ? SCP : TAG}, file: policies/${n}.json${description} }`);
        }
        const listed = Object.keys(TARGETS).flatMap((key, i) => {
          const want = s.targets[i].listed;
          if (!want) return [];
          const names = [...(want.keepDefault || want.scps.length === 0 ? ['FullAWSAccess'] : []), ...want.scps, ...want.tags];
          return [`${key}: [${names.join(', ')}]`];
        });
        const section = (prefix: (k: string) => boolean) => listed.filter((l) => prefix(l)).map((l) => `    "${l.slice(0, l.indexOf(':'))}"${l.slice(l.indexOf(':'))}`);
        const ous = section((l) => l.startsWith('/'));
        const accounts = section((l) => /^(\d|sandbox)/.test(l));
        const root = listed.find((l) => l.startsWith('root:'));
        files['org.yaml'] = [
          'version: 1',
          `limits: { ${SCP}: { maxAttachments: 5 } }`,
          'policies:',
          ...declarations,
          'attachments:',
          ...(root ? [`  ${root}`] : []),
          ...(ous.length ? ['  ous:', ...ous] : []),
          ...(accounts.length ? ['  accounts:', ...accounts] : []),
          '',
        ].join('\n');
        const config = loadConfig(join(writeRepo(files), 'org.yaml'));

        const state = await readFor(h.api, config, { prune: s.prune });
        const plan = planChanges(config, state, { prune: s.prune });
        const simulated = simulate(state, plan.steps, limitsOf(config));
        assert.deepEqual(simulated.violations, []);
        const outcomes = await executePlan(h.api, plan, { enablePollMs: 1 });
        assert.deepEqual(outcomes.filter((o) => o.status !== 'done').map((o) => `${o.status}: ${o.error}`), []);

        // Compare by policy name: the plan's new policies have ids only the twin knows.
        const twin = h.twin.organization!;
        const nameInTwin = (id: string) => twin.policies.get(id)!.name;
        const nameSimulated = (id: string) => simulated.state.policies.get(id)!.name;
        for (const [targetId, byType] of simulated.state.attachments) {
          for (const [type, ids] of byType) {
            assert.deepEqual(new Set(attachedOfType(twin, targetId, type).map(nameInTwin)), new Set(ids.map(nameSimulated)), `${targetId} ${type}`);
          }
        }
        const customer = (policies: Iterable<{ name: string; type: string; description: string; content?: string; awsManaged: boolean }>) =>
          [...policies]
            .filter((p) => !p.awsManaged && config.managedTypes.includes(p.type))
            .map((p) => ({ name: p.name, type: p.type, description: p.description, content: JSON.parse(p.content!) }))
            .sort((a, b) => a.name.localeCompare(b.name));
        assert.deepEqual(customer(simulated.state.policies.values()), customer(twin.policies.values()));
      }),
      { numRuns: 30, seed: 20261122 },
    );
  });
});
