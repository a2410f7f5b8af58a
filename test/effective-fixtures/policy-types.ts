// Type rules on top of the generic merge: backup, AI services opt-out, chat applications, declarative EC2, and a
// type with no rules of its own. Expectations are written from the per-type syntax pages and observed behaviour.

import { ROOT, policyId, type GoldenCase, type OrgFixture } from './builder.js';

const OU_A = 'ou-ex01-typesou1';
const OU_B = 'ou-ex01-typesou2';
const IN_A = '310000000001';
const IN_B = '310000000002';
const UNDER_ROOT = '310000000003';
const tree: Pick<OrgFixture, 'ous' | 'accounts'> = {
  ous: { [OU_A]: ROOT, [OU_B]: ROOT },
  accounts: { [IN_A]: OU_A, [IN_B]: OU_B, [UNDER_ROOT]: ROOT },
};

const BACKUP = 'BACKUP_POLICY';
const backupRule = (hour: number) => ({
  schedule_expression: { '@@assign': `cron(0 ${hour} ? * * *)` },
  target_backup_vault_name: { '@@assign': 'Default' },
});
const rules = (from: number, to: number) => Object.fromEntries(Array.from({ length: to - from + 1 }, (_, i) => [`r${from + i}`, backupRule(from + i)]));
const renderedRules = (from: number, to: number) =>
  Object.fromEntries(
    Array.from({ length: to - from + 1 }, (_, i) => [`r${from + i}`, { schedule_expression: `cron(0 ${from + i} ? * * *)`, target_backup_vault_name: 'Default' }]),
  );

export const POLICY_TYPE_CASES: GoldenCase[] = [
  {
    name: 'backup: a plan merged to 11 rules is invalid (ELEMENTS_TOO_MANY), naming the policies that put rules there',
    source: 'https://docs.aws.amazon.com/organizations/latest/APIReference/API_EffectivePolicyValidationError.html',
    org: {
      type: BACKUP,
      ...tree,
      policies: {
        SixRules: { plans: { Daily: { regions: { '@@assign': ['eu-west-1'] }, rules: rules(1, 6) } } },
        FiveMore: { plans: { Daily: { rules: rules(7, 11) } } },
        FourMore: { plans: { Daily: { rules: rules(7, 10) } } },
      },
      attachments: { [ROOT]: ['SixRules'], [OU_A]: ['FiveMore'], [OU_B]: ['FourMore'] },
    },
    rules: 'backup',
    expect: {
      // AWS would keep the account's last valid document; offline, the merged one is returned with valid: false.
      [IN_A]: {
        document: { plans: { Daily: { regions: ['eu-west-1'], rules: renderedRules(1, 11) } } },
        valid: false,
        validationErrors: [{ errorCode: 'ELEMENTS_TOO_MANY', pathToError: 'plans.Daily.rules', contributingPolicies: [policyId('SixRules'), policyId('FiveMore')] }],
      },
      // Ten rules is the most a plan may have.
      [IN_B]: { document: { plans: { Daily: { regions: ['eu-west-1'], rules: renderedRules(1, 10) } } } },
      [UNDER_ROOT]: { document: { plans: { Daily: { regions: ['eu-west-1'], rules: renderedRules(1, 6) } } } },
    },
  },
  {
    name: 'backup: plans, rules, selections and copy actions merge by name; $account stays literal; a child @@assign replaces regions',
    source: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html#backup-policy-example-2',
    org: {
      type: BACKUP,
      ...tree,
      policies: {
        Parent: {
          plans: {
            PII_Backup_Plan: {
              regions: { '@@append': ['us-east-1', 'eu-north-1'] },
              rules: {
                Hourly: {
                  schedule_expression: { '@@assign': 'cron(0 0/1 ? * * *)' },
                  target_backup_vault_name: { '@@assign': 'FortKnox' },
                  lifecycle: { delete_after_days: { '@@assign': '2' } },
                },
              },
              selections: {
                tags: {
                  datatype: {
                    iam_role_arn: { '@@assign': 'arn:aws:iam::$account:role/MyIamRole' },
                    tag_key: { '@@assign': 'dataType' },
                    tag_value: { '@@assign': ['PII', 'RED'] },
                  },
                },
              },
            },
          },
        },
        Child: {
          plans: {
            PII_Backup_Plan: {
              rules: {
                Hourly: {
                  lifecycle: { delete_after_days: { '@@assign': '365' } },
                  copy_actions: {
                    'arn:aws:backup:us-east-1:$account:backup-vault:secondary_vault': {
                      target_backup_vault_arn: { '@@assign': 'arn:aws:backup:us-east-1:$account:backup-vault:secondary_vault' },
                    },
                  },
                },
              },
            },
            Monthly_Backup_Plan: {
              regions: { '@@append': ['eu-central-1'] },
              rules: { Monthly: { schedule_expression: { '@@assign': 'cron(0 5 1 * ? *)' }, target_backup_vault_name: { '@@assign': 'Default' } } },
            },
          },
        },
        Regions: { plans: { PII_Backup_Plan: { regions: { '@@assign': ['us-west-2'] } } } },
      },
      attachments: { [ROOT]: ['Parent'], [OU_A]: ['Child'], [IN_B]: ['Regions'] },
    },
    rules: 'backup',
    expect: {
      [IN_A]: {
        document: {
          plans: {
            PII_Backup_Plan: {
              regions: ['us-east-1', 'eu-north-1'],
              rules: {
                Hourly: {
                  schedule_expression: 'cron(0 0/1 ? * * *)',
                  target_backup_vault_name: 'FortKnox',
                  lifecycle: { delete_after_days: '365' },
                  copy_actions: {
                    'arn:aws:backup:us-east-1:$account:backup-vault:secondary_vault': {
                      target_backup_vault_arn: 'arn:aws:backup:us-east-1:$account:backup-vault:secondary_vault',
                    },
                  },
                },
              },
              selections: { tags: { datatype: { iam_role_arn: 'arn:aws:iam::$account:role/MyIamRole', tag_key: 'dataType', tag_value: ['PII', 'RED'] } } },
            },
            Monthly_Backup_Plan: {
              regions: ['eu-central-1'],
              rules: { Monthly: { schedule_expression: 'cron(0 5 1 * ? *)', target_backup_vault_name: 'Default' } },
            },
          },
        },
      },
      [IN_B]: {
        document: {
          plans: {
            PII_Backup_Plan: {
              regions: ['us-west-2'],
              rules: { Hourly: { schedule_expression: 'cron(0 0/1 ? * * *)', target_backup_vault_name: 'FortKnox', lifecycle: { delete_after_days: '2' } } },
              selections: { tags: { datatype: { iam_role_arn: 'arn:aws:iam::$account:role/MyIamRole', tag_key: 'dataType', tag_value: ['PII', 'RED'] } } },
            },
          },
        },
      },
    },
  },
  {
    name: 'backup (documented, unverified): @@append on plans lets children add plans; @@none on a plan and its settings blocks changes to it',
    source: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html#backup-policy-example-4',
    org: {
      type: BACKUP,
      ...tree,
      policies: {
        Locked: {
          plans: {
            '@@operators_allowed_for_child_policies': ['@@append'],
            PII_Backup_Plan: {
              '@@operators_allowed_for_child_policies': ['@@none'],
              regions: { '@@operators_allowed_for_child_policies': ['@@none'], '@@assign': ['us-east-1'] },
            },
          },
        },
        Child: {
          plans: {
            PII_Backup_Plan: { regions: { '@@assign': ['us-west-2'] }, rules: { Extra: { target_backup_vault_name: { '@@assign': 'Default' } } } },
            MonthlyBackupPlan: { regions: { '@@assign': ['eu-central-1'] } },
          },
        },
      },
      attachments: { [ROOT]: ['Locked'], [IN_A]: ['Child'] },
    },
    rules: 'backup',
    expect: {
      [IN_A]: { document: { plans: { PII_Backup_Plan: { regions: ['us-east-1'] }, MonthlyBackupPlan: { regions: ['eu-central-1'] } } } },
    },
  },
  {
    name: 'backup (documented, unverified): @@none on plans stops children adding plans',
    source: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_backup_syntax.html#backup-policy-example-3',
    org: {
      type: BACKUP,
      ...tree,
      policies: {
        Locked: { plans: { '@@operators_allowed_for_child_policies': ['@@none'], PII_Backup_Plan: { regions: { '@@assign': ['us-east-1'] } } } },
        Child: { plans: { MonthlyBackupPlan: { regions: { '@@assign': ['eu-central-1'] } } } },
      },
      attachments: { [ROOT]: ['Locked'], [IN_A]: ['Child'] },
    },
    rules: 'backup',
    expect: { [IN_A]: { document: { plans: { PII_Backup_Plan: { regions: ['us-east-1'] } } } } },
  },
  {
    name: 'AI opt-out: the default and a service locked with @@none at the root; other services overridden or added below',
    source: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_ai-opt-out_syntax.html',
    org: {
      type: 'AISERVICES_OPT_OUT_POLICY',
      ...tree,
      policies: {
        Root: {
          services: {
            default: { opt_out_policy: { '@@assign': 'optOut' } },
            comprehend: { opt_out_policy: { '@@operators_allowed_for_child_policies': ['@@none'], '@@assign': 'optOut' } },
            rekognition: { opt_out_policy: { '@@assign': 'optIn' } },
          },
        },
        Account: {
          services: {
            comprehend: { opt_out_policy: { '@@assign': 'optIn' } },
            rekognition: { opt_out_policy: { '@@assign': 'optOut' } },
            lex: { opt_out_policy: { '@@assign': 'optIn' } },
          },
        },
      },
      attachments: { [ROOT]: ['Root'], [IN_A]: ['Account'] },
    },
    rules: 'ai-opt-out',
    expect: {
      [IN_A]: {
        document: {
          services: {
            default: { opt_out_policy: 'optOut' },
            comprehend: { opt_out_policy: 'optOut' },
            rekognition: { opt_out_policy: 'optOut' },
            lex: { opt_out_policy: 'optIn' },
          },
        },
      },
      [IN_B]: {
        document: {
          services: { default: { opt_out_policy: 'optOut' }, comprehend: { opt_out_policy: 'optOut' }, rekognition: { opt_out_policy: 'optIn' } },
        },
      },
    },
  },
  {
    name: 'AI opt-out (documented, unverified): @@none on services stops children adding a service',
    source: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_ai-opt-out_syntax.html',
    org: {
      type: 'AISERVICES_OPT_OUT_POLICY',
      ...tree,
      policies: {
        Root: { services: { '@@operators_allowed_for_child_policies': ['@@none'], default: { opt_out_policy: { '@@assign': 'optOut' } } } },
        AddLex: { services: { lex: { opt_out_policy: { '@@assign': 'optIn' } } } },
      },
      attachments: { [ROOT]: ['Root'], [IN_A]: ['AddLex'] },
    },
    rules: 'ai-opt-out',
    expect: { [IN_A]: { document: { services: { default: { opt_out_policy: 'optOut' } } } } },
  },
  {
    name: 'chat applications: keys are lowercased and merge case-insensitively; values keep their case',
    source: 'observed in DescribeEffectivePolicy answers',
    org: {
      type: 'CHATBOT_POLICY',
      ...tree,
      policies: {
        Root: {
          chatbot: {
            platforms: { Slack: { client: { '@@assign': 'enabled' } }, Chime: { client: { '@@assign': 'disabled' } } },
            default: { client: { '@@assign': 'disabled' } },
          },
        },
        Account: { chatbot: { Platforms: { slack: { client: { '@@assign': 'disabled' } }, Microsoft_Teams: { client: { '@@assign': 'enabled' } } } } },
      },
      attachments: { [ROOT]: ['Root'], [IN_A]: ['Account'] },
    },
    rules: 'chatbot',
    expect: {
      [IN_A]: {
        document: {
          chatbot: {
            platforms: { slack: { client: 'disabled' }, chime: { client: 'disabled' }, microsoft_teams: { client: 'enabled' } },
            default: { client: 'disabled' },
          },
        },
      },
    },
  },
  {
    name: 'declarative EC2: attributes and exception_message merge; a locked attribute stays',
    source: 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_declarative_syntax.html',
    org: {
      type: 'DECLARATIVE_POLICY_EC2',
      ...tree,
      policies: {
        Root: {
          ec2_attributes: {
            exception_message: { '@@assign': 'Ask the platform team.' },
            image_block_public_access: { state: { '@@operators_allowed_for_child_policies': ['@@none'], '@@assign': 'block_new_sharing' } },
            serial_console_access: { status: { '@@assign': 'disabled' } },
          },
        },
        Ou: {
          ec2_attributes: {
            image_block_public_access: { state: { '@@assign': 'unblocked' } },
            serial_console_access: { status: { '@@assign': 'enabled' } },
            vpc_block_public_access: { internet_gateway_block: { mode: { '@@assign': 'block_ingress' }, exclusions_allowed: { '@@assign': 'enabled' } } },
          },
        },
      },
      attachments: { [ROOT]: ['Root'], [OU_A]: ['Ou'] },
    },
    rules: 'declarative-ec2',
    expect: {
      [IN_A]: {
        document: {
          ec2_attributes: {
            exception_message: 'Ask the platform team.',
            image_block_public_access: { state: 'block_new_sharing' },
            serial_console_access: { status: 'enabled' },
            vpc_block_public_access: { internet_gateway_block: { mode: 'block_ingress', exclusions_allowed: 'enabled' } },
          },
        },
      },
    },
  },
  {
    name: 'a management type without rules of its own gets the generic merge and says so; keys keep their case',
    source: 'https://docs.aws.amazon.com/organizations/latest/userguide/policy-operators.html',
    org: {
      type: 'SOME_FUTURE_POLICY',
      ...tree,
      policies: {
        Root: { Settings: { Mode: { '@@assign': 'strict' }, List: { '@@assign': ['a'] } } },
        Account: { Settings: { List: { '@@remove': ['a'] }, Unset: { '@@remove': ['x'] } } },
      },
      attachments: { [ROOT]: ['Root'], [IN_A]: ['Account'] },
    },
    rules: 'generic',
    expect: {
      // Removing from a setting nothing set leaves it unset: no Unset key.
      [IN_A]: { document: { Settings: { Mode: 'strict', List: [] } } },
    },
  },
];
