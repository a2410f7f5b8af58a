// The CloudFormation template that deploys the handler (`reconcile remediation template`), in us-east-1 of the
// management account, where Organizations' events arrive: an EventBridge rule for the successful policy writes,
// the function (its code from `reconcile remediation package`, uploaded to S3), its role with only the calls the
// handler makes, an SNS topic for alerts, and a dead-letter queue for events that could not be handled.
//
// References: AWS::Events::Rule (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-rule.html),
// AWS::Lambda::Function (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html),
// Lambda's dead-letter queues and their permission (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html),
// EventBridge targets' dead-letter queues (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html).

import { POLICY_WRITE_EVENT_PATTERN } from '../aws/cloudtrail.js';

/**
 * The Organizations calls the handler makes, and so the only ones its role may: the reads of what an event concerns
 * (facts.ts, through the reader's source) and the writes of a remediation (the engine's executor).
 */
export const HANDLER_CALLS = {
  reads: [
    'DescribeOrganization',
    'ListRoots',
    'ListPolicies',
    'DescribePolicy',
    'ListPoliciesForTarget',
    'ListTargetsForPolicy',
    'ListOrganizationalUnitsForParent',
    'ListParents',
    'ListAccounts',
    'DescribeAccount',
    'DescribeOrganizationalUnit',
  ],
  writes: ['EnablePolicyType', 'CreatePolicy', 'UpdatePolicy', 'AttachPolicy', 'DetachPolicy'],
} as const;

/** Calls reconcile makes elsewhere that the handler never does, and why: its role does not get them. */
export const NOT_HANDLER_CALLS: Record<string, string> = {
  ListAccountsForParent: "only a snapshot's read of the whole tree lists accounts parent by parent",
  DeletePolicy: 'the handler never prunes: a policy org.yaml does not declare is not its to delete',
};

const ref = (name: string) => ({ Ref: name });
const arnOf = (resource: string) => ({ 'Fn::GetAtt': [resource, 'Arn'] });

export function remediationTemplate(): object {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'reconcile drift remediation: puts back what org.yaml owns when an Organizations policy write changes it, and alerts. ' +
      'Deploy in us-east-1 of the management account (or the delegated administrator for policy management).',
    Parameters: {
      CodeBucket: { Type: 'String', Description: 'S3 bucket holding the bundle from `reconcile remediation package`' },
      CodeKey: { Type: 'String', Description: 'S3 key of the bundle (a new key for each version redeploys the function)', Default: 'reconcile/remediate.zip' },
      OwnRoleArns: {
        Type: 'CommaDelimitedList',
        Description: "Role ARNs whose changes are reconcile's own (the apply role); the handler's own role is added",
      },
      Mode: { Type: 'String', AllowedValues: ['remediate', 'alert'], Default: 'remediate', Description: 'remediate puts owned policies back; alert only says what drifted' },
      WebhookUrl: { Type: 'String', Default: '', NoEcho: true, Description: 'Optional https webhook (Slack-compatible) for alerts' },
      FunctionName: { Type: 'String', Default: 'reconcile-remediation' },
    },
    Rules: {
      OrganizationsEventsRegion: {
        Assertions: [{ Assert: { 'Fn::Equals': [ref('AWS::Region'), 'us-east-1'] }, AssertDescription: "Organizations' events arrive in us-east-1 only" }],
      },
    },
    Resources: {
      DeadLetterQueue: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1_209_600, SqsManagedSseEnabled: true } },
      DeadLetterQueuePolicy: {
        Type: 'AWS::SQS::QueuePolicy',
        Properties: {
          Queues: [ref('DeadLetterQueue')],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'EventsTheRuleCouldNotDeliver',
                Effect: 'Allow',
                Principal: { Service: 'events.amazonaws.com' },
                Action: 'sqs:SendMessage',
                Resource: arnOf('DeadLetterQueue'),
                Condition: { ArnEquals: { 'aws:SourceArn': arnOf('PolicyWriteRule') } },
              },
            ],
          },
        },
      },
      AlertTopic: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: 'reconcile drift', KmsMasterKeyId: 'alias/aws/sns' } },
      LogGroup: {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: { 'Fn::Sub': '/aws/lambda/${FunctionName}' }, RetentionInDays: 365 },
      },
      HandlerRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          },
          Policies: [
            {
              PolicyName: 'reconcile-remediation',
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  // Organizations' policy calls take no resource-level conditions that would narrow these usefully.
                  { Sid: 'ReadWhatAnEventConcerns', Effect: 'Allow', Action: HANDLER_CALLS.reads.map((op) => `organizations:${op}`), Resource: '*' },
                  { Sid: 'PutBackWhatOrgYamlOwns', Effect: 'Allow', Action: HANDLER_CALLS.writes.map((op) => `organizations:${op}`), Resource: '*' },
                  { Sid: 'Alert', Effect: 'Allow', Action: 'sns:Publish', Resource: ref('AlertTopic') },
                  { Sid: 'DeadLetters', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arnOf('DeadLetterQueue') },
                  { Sid: 'Log', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: arnOf('LogGroup') },
                ],
              },
            },
          ],
        },
      },
      Handler: {
        Type: 'AWS::Lambda::Function',
        DependsOn: ['LogGroup'],
        Properties: {
          FunctionName: ref('FunctionName'),
          Description: 'reconcile: puts back what org.yaml owns after an Organizations policy write',
          Runtime: 'nodejs20.x',
          Handler: 'remediate.handler',
          Code: { S3Bucket: ref('CodeBucket'), S3Key: ref('CodeKey') },
          Role: arnOf('HandlerRole'),
          Timeout: 300,
          MemorySize: 512,
          // One event at a time: two handlers planning the same target at once would race each other.
          ReservedConcurrentExecutions: 1,
          DeadLetterConfig: { TargetArn: arnOf('DeadLetterQueue') },
          LoggingConfig: { LogGroup: ref('LogGroup'), LogFormat: 'Text' },
          Environment: {
            Variables: {
              RECONCILE_MODE: ref('Mode'),
              RECONCILE_OWN_ROLE_ARNS: { 'Fn::Join': [',', [arnOf('HandlerRole'), { 'Fn::Join': [',', ref('OwnRoleArns')] }]] },
              RECONCILE_SNS_TOPIC_ARN: ref('AlertTopic'),
              RECONCILE_WEBHOOK_URL: ref('WebhookUrl'),
            },
          },
        },
      },
      // Lambda retries a failed asynchronous invocation twice, then sends the event to the dead-letter queue.
      HandlerInvokeConfig: {
        Type: 'AWS::Lambda::EventInvokeConfig',
        Properties: { FunctionName: ref('Handler'), Qualifier: '$LATEST', MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
      },
      PolicyWriteRule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          Description: 'Successful Organizations policy writes (failed calls carry errorCode and are left out)',
          State: 'ENABLED',
          EventPattern: POLICY_WRITE_EVENT_PATTERN,
          Targets: [
            {
              Id: 'reconcile-remediation',
              Arn: arnOf('Handler'),
              RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
              DeadLetterConfig: { Arn: arnOf('DeadLetterQueue') },
            },
          ],
        },
      },
      RuleMayInvokeHandler: {
        Type: 'AWS::Lambda::Permission',
        Properties: { Action: 'lambda:InvokeFunction', FunctionName: ref('Handler'), Principal: 'events.amazonaws.com', SourceArn: arnOf('PolicyWriteRule') },
      },
    },
    Outputs: {
      FunctionArn: { Value: arnOf('Handler') },
      HandlerRoleArn: { Value: arnOf('HandlerRole'), Description: "Its changes are reconcile's own" },
      AlertTopicArn: { Value: ref('AlertTopic'), Description: 'Subscribe the compliance team here' },
      DeadLetterQueueUrl: { Value: ref('DeadLetterQueue') },
    },
  };
}
