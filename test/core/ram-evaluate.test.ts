/*
Deciding requests against RAM policies (docs/cloud-facts.md §11): operators,
condition keys, missing values, wildcards, the order Deny > Allow > implicit
deny, and the tutorial "Use tags to grant access to ECS instances by group".
*/
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {
	decide,
	evaluate,
	type AttachedPolicy,
	type RamRequest,
} from '../../source/core/ram/evaluate.js';
import {
	checkPolicy,
	parsePolicy,
	type ConditionBlock,
	type PolicyStatement,
} from '../../source/core/ram/policy.js';
import {systemPolicy} from '../../source/core/ram/system-policies.js';
import {projectRoot} from '../helpers/root.js';

const instance = 'acs:ecs:cn-hangzhou:1234567890:instance/i-bp1abc';

function custom(
	statements: Array<Partial<PolicyStatement>>,
	name = 'test',
): AttachedPolicy {
	return {
		name,
		type: 'Custom',
		document: checkPolicy({
			Version: '1',
			Statement: statements.map((statement) => ({
				Effect: 'Allow',
				Action: 'ecs:*',
				Resource: '*',
				...statement,
			})),
		}),
	};
}

/** Whether one Allow statement with this condition allows the request. */
function allows(
	condition: ConditionBlock,
	request: Partial<RamRequest>,
): boolean {
	const policy = custom([{Condition: condition}]);
	const full = {action: 'ecs:StopInstance', resource: instance, ...request};
	const {decision} = decide([policy], full);
	// The traced evaluation always agrees with the fast one.
	expect(evaluate([policy], full).decision).toBe(decision);
	return decision === 'Allow';
}

const dev = {resourceTags: {team: 'dev'}};
const ops = {resourceTags: {team: 'ops'}};
const untagged = {resourceTags: {owner: 'alice'}};
const noResource = {resourceTags: undefined};

describe('condition operators', () => {
	it('StringEquals and StringNotEquals compare exactly', () => {
		const equals = {StringEquals: {'acs:ResourceTag/team': 'dev'}};
		expect(allows(equals, dev)).toBe(true);
		expect(allows(equals, ops)).toBe(false);
		expect(allows(equals, {resourceTags: {team: 'Dev'}})).toBe(false);
		const notEquals = {StringNotEquals: {'acs:ResourceTag/team': 'dev'}};
		expect(allows(notEquals, dev)).toBe(false);
		expect(allows(notEquals, ops)).toBe(true);
		expect(allows(notEquals, {resourceTags: {team: 'Dev'}})).toBe(true);
	});

	it('the IgnoreCase operators compare whatever the case', () => {
		const equals = {StringEqualsIgnoreCase: {'acs:ResourceTag/team': 'DEV'}};
		expect(allows(equals, dev)).toBe(true);
		expect(allows(equals, ops)).toBe(false);
		const notEquals = {
			StringNotEqualsIgnoreCase: {'acs:ResourceTag/team': 'DEV'},
		};
		expect(allows(notEquals, dev)).toBe(false);
		expect(allows(notEquals, ops)).toBe(true);
	});

	it('StringLike and StringNotLike take * and ?, and nothing else', () => {
		const like = {StringLike: {'acs:ResourceTag/team': 'd?v*'}};
		expect(allows(like, dev)).toBe(true);
		expect(allows(like, {resourceTags: {team: 'devops'}})).toBe(true);
		expect(allows(like, {resourceTags: {team: 'dv'}})).toBe(false);
		expect(allows(like, {resourceTags: {team: 'Dev'}})).toBe(false);
		expect(allows({StringLike: {'acs:ResourceTag/team': '[d]ev'}}, dev)).toBe(
			false,
		);
		expect(
			allows(
				{StringLike: {'acs:ResourceTag/team': '[d]ev'}},
				{resourceTags: {team: '[d]ev'}},
			),
		).toBe(true);
		const notLike = {StringNotLike: {'acs:ResourceTag/team': 'd*'}};
		expect(allows(notLike, dev)).toBe(false);
		expect(allows(notLike, ops)).toBe(true);
	});

	it('Bool compares true and false; acs:SecureTransport is always true', () => {
		expect(allows({Bool: {'acs:SecureTransport': 'true'}}, {})).toBe(true);
		expect(allows({Bool: {'acs:SecureTransport': true}}, {})).toBe(true);
		expect(allows({Bool: {'acs:SecureTransport': 'false'}}, {})).toBe(false);
		expect(
			allows(
				{Bool: {'acs:ResourceTag/managed': 'TRUE'}},
				{resourceTags: {managed: 'true'}},
			),
		).toBe(true);
		expect(
			allows(
				{Bool: {'acs:ResourceTag/managed': 'true'}},
				{resourceTags: {managed: 'no'}},
			),
		).toBe(false);
	});
});

describe('condition keys', () => {
	it('acs:ResourceTag reads the tags the resource carries before the change', () => {
		const condition = {StringEquals: {'acs:ResourceTag/team': 'dev'}};
		expect(allows(condition, {...dev, requestTags: {team: 'ops'}})).toBe(true);
		expect(allows(condition, {...ops, requestTags: {team: 'dev'}})).toBe(false);
	});

	it('acs:RequestTag reads the tags the request sets', () => {
		const condition = {StringEquals: {'acs:RequestTag/team': 'dev'}};
		expect(allows(condition, {requestTags: {team: 'dev'}})).toBe(true);
		expect(allows(condition, {...dev, requestTags: {team: 'ops'}})).toBe(false);
	});

	it('ecs:tag/ means the same as acs:ResourceTag/', () => {
		const condition = {StringEquals: {'ecs:tag/team': 'dev'}};
		expect(allows(condition, dev)).toBe(true);
		expect(allows(condition, ops)).toBe(false);
		expect(allows(condition, {requestTags: {team: 'dev'}})).toBe(false);
	});

	it('the tag key keeps its case; the prefix does not matter', () => {
		expect(allows({StringEquals: {'acs:ResourceTag/Team': 'dev'}}, dev)).toBe(
			false,
		);
		expect(allows({StringEquals: {'ACS:resourcetag/team': 'dev'}}, dev)).toBe(
			true,
		);
	});
});

describe('several values, keys and operators', () => {
	it('the values of one key are ORed', () => {
		const condition = {StringEquals: {'acs:ResourceTag/team': ['dev', 'ops']}};
		expect(allows(condition, dev)).toBe(true);
		expect(allows(condition, ops)).toBe(true);
		expect(allows(condition, {resourceTags: {team: 'qa'}})).toBe(false);
	});

	it('the keys under one operator are ANDed', () => {
		const condition = {
			StringEquals: {
				'acs:ResourceTag/team': 'dev',
				'acs:ResourceTag/env': 'prod',
			},
		};
		expect(allows(condition, {resourceTags: {team: 'dev', env: 'prod'}})).toBe(
			true,
		);
		expect(allows(condition, {resourceTags: {team: 'dev', env: 'test'}})).toBe(
			false,
		);
		expect(allows(condition, dev)).toBe(false);
	});

	it('the operators of a block are ANDed', () => {
		const condition = {
			StringEquals: {'acs:ResourceTag/team': 'dev'},
			StringLike: {'acs:RequestTag/env': 'prod*'},
		};
		expect(allows(condition, {...dev, requestTags: {env: 'production'}})).toBe(
			true,
		);
		expect(allows(condition, {...dev, requestTags: {env: 'test'}})).toBe(false);
		expect(allows(condition, {...ops, requestTags: {env: 'prod'}})).toBe(false);
	});

	it('a Not operator with several values holds when none matches', () => {
		const condition = {
			StringNotEquals: {'acs:ResourceTag/team': ['dev', 'ops']},
		};
		expect(allows(condition, dev)).toBe(false);
		expect(allows(condition, ops)).toBe(false);
		expect(allows(condition, {resourceTags: {team: 'qa'}})).toBe(true);
	});
});

describe('missing values', () => {
	it('a missing tag key: positive operators do not hold, Not operators hold', () => {
		for (const operator of [
			'StringEquals',
			'StringEqualsIgnoreCase',
			'StringLike',
		]) {
			expect(
				allows({[operator]: {'acs:ResourceTag/team': 'dev'}}, untagged),
			).toBe(false);
			expect(
				allows(
					{[operator]: {'acs:RequestTag/team': 'dev'}},
					{requestTags: {env: 'x'}},
				),
			).toBe(false);
		}

		for (const operator of [
			'StringNotEquals',
			'StringNotEqualsIgnoreCase',
			'StringNotLike',
		]) {
			expect(
				allows({[operator]: {'acs:ResourceTag/team': 'dev'}}, untagged),
			).toBe(true);
			expect(
				allows(
					{[operator]: {'acs:ResourceTag/team': 'dev'}},
					{resourceTags: {}},
				),
			).toBe(true);
			expect(
				allows(
					{[operator]: {'acs:RequestTag/team': 'dev'}},
					{requestTags: {env: 'x'}},
				),
			).toBe(true);
		}
	});

	it('no resource: no ResourceTag condition holds, whatever the operator', () => {
		for (const operator of [
			'StringEquals',
			'StringNotEquals',
			'StringNotLike',
		]) {
			expect(
				allows({[operator]: {'acs:ResourceTag/team': 'x'}}, noResource),
			).toBe(false);
			expect(allows({[operator]: {'ecs:tag/team': 'x'}}, noResource)).toBe(
				false,
			);
		}
	});

	it('no request tags: no RequestTag condition holds, whatever the operator', () => {
		for (const operator of [
			'StringEquals',
			'StringNotEquals',
			'StringNotLike',
		]) {
			expect(allows({[operator]: {'acs:RequestTag/team': 'x'}}, dev)).toBe(
				false,
			);
			expect(
				allows(
					{[operator]: {'acs:RequestTag/team': 'x'}},
					{...dev, requestTags: {}},
				),
			).toBe(false);
		}
	});

	it('the trace says why there was nothing to compare', () => {
		const policy = custom([
			{Condition: {StringNotEquals: {'acs:ResourceTag/team': 'dev'}}},
			{Condition: {StringEquals: {'acs:RequestTag/team': 'dev'}}},
		]);
		const {trace} = evaluate([policy], {
			action: 'ecs:StopInstance',
			resource: instance,
		});
		expect(trace.map(({conditions}) => conditions[0])).toEqual([
			{
				operator: 'StringNotEquals',
				key: 'acs:ResourceTag/team',
				expected: ['dev'],
				holds: false,
				note: 'the request has no resource',
			},
			{
				operator: 'StringEquals',
				key: 'acs:RequestTag/team',
				expected: ['dev'],
				holds: false,
				note: 'the request sets no tags',
			},
		]);
	});
});

describe('actions and resources', () => {
	const request = {action: 'ecs:DescribeInstances', resource: instance};

	it('action wildcards, whatever the case of the action name', () => {
		const cases: Array<[string, string, boolean]> = [
			['*', 'ecs:DescribeInstances', true],
			['ecs:*', 'ecs:DescribeInstances', true],
			['ecs:Describe*', 'ecs:DescribeInstances', true],
			['ecs:Describe*', 'ecs:StopInstance', false],
			['ecs:DescribeInstance?', 'ecs:DescribeInstances', true],
			['ecs:describeinstances', 'ecs:DescribeInstances', true],
			['ECS:DESCRIBE*', 'ecs:DescribeInstances', true],
			['tag:*', 'ecs:DescribeInstances', false],
			['ecs:Describe', 'ecs:DescribeInstances', false],
		];
		for (const [pattern, action, expected] of cases) {
			const policy = custom([{Action: pattern}]);
			expect(
				decide([policy], {...request, action}).decision,
				`${pattern} ~ ${action}`,
			).toBe(expected ? 'Allow' : 'ImplicitDeny');
		}
	});

	it('resource wildcards; resource names keep their case', () => {
		const cases: Array<[string, boolean]> = [
			['*', true],
			['acs:ecs:*:*:instance/*', true],
			['acs:ecs:cn-hangzhou:*:instance/i-bp1*', true],
			['acs:ecs:cn-beijing:*:instance/*', false],
			['acs:ecs:*:*:disk/*', false],
			['acs:ecs:*:*:instance/i-bp1ab?', true],
			['acs:ecs:*:*:instance/I-BP1ABC', false],
			['acs:ecs:*:*:*', true],
			['acs:tag:*:*:*', false],
		];
		for (const [pattern, expected] of cases) {
			const policy = custom([{Resource: pattern}]);
			expect(decide([policy], request).decision, pattern).toBe(
				expected ? 'Allow' : 'ImplicitDeny',
			);
		}
	});

	it('a list of actions or resources matches when any one matches', () => {
		const policy = custom([
			{
				Action: ['ecs:StopInstance', 'ecs:Describe*'],
				Resource: ['acs:ecs:*:*:disk/*', 'acs:ecs:*:*:instance/*'],
			},
		]);
		const [statement] = evaluate([policy], request).trace;
		expect(statement!.action).toEqual({
			matched: true,
			pattern: 'ecs:Describe*',
		});
		expect(statement!.resource).toEqual({
			matched: true,
			pattern: 'acs:ecs:*:*:instance/*',
		});
	});
});

describe('the decision', () => {
	const request = {action: 'ecs:StopInstance', resource: instance, ...dev};

	it('an explicit Deny wins over any Allow, naming its policy and statement', () => {
		const allowAll = systemPolicy('AliyunECSFullAccess')!;
		const denyStop = custom(
			[
				{Effect: 'Allow', Action: 'ecs:Describe*'},
				{Effect: 'Deny', Action: 'ecs:StopInstance'},
			],
			'NoStopping',
		);
		for (const policies of [
			[allowAll, denyStop],
			[denyStop, allowAll],
		]) {
			expect(decide(policies, request)).toEqual({
				decision: 'ExplicitDeny',
				policy: 'NoStopping',
				policyType: 'Custom',
				statement: 2,
			});
			const {trace, ...verdict} = evaluate(policies, request);
			expect(verdict).toEqual(decide(policies, request));
			expect(trace).toHaveLength(3);
		}
	});

	it('an Allow wins over the implicit deny, naming the first allowing statement', () => {
		const policies = [
			custom([{Action: 'tag:*'}], 'TagOnly'),
			systemPolicy('AliyunECSReadOnlyAccess')!,
			systemPolicy('AliyunECSFullAccess')!,
		];
		expect(decide(policies, request)).toEqual({
			decision: 'Allow',
			policy: 'AliyunECSFullAccess',
			policyType: 'System',
			statement: 1,
		});
		expect(
			decide(policies, {...request, action: 'ecs:DescribeInstances'}).policy,
		).toBe('AliyunECSReadOnlyAccess');
	});

	it('nothing matching, or no policy at all, is an implicit deny', () => {
		expect(decide([], request)).toEqual({decision: 'ImplicitDeny'});
		expect(evaluate([], request)).toEqual({
			decision: 'ImplicitDeny',
			trace: [],
		});
		expect(
			decide([systemPolicy('AliyunTagReadOnlyAccess')!], request).decision,
		).toBe('ImplicitDeny');
		expect(
			decide([systemPolicy('AliyunTagReadOnlyAccess')!], {
				...request,
				action: 'tag:ListTagResources',
			}).decision,
		).toBe('Allow');
	});
});

describe('the tutorial: tags grant access to ECS instances by group', () => {
	const policyForDevTeam: AttachedPolicy = {
		name: 'policyForDevTeam',
		type: 'Custom',
		document: parsePolicy(
			readFileSync(
				path.join(projectRoot, 'data', 'ram', 'policyForDevTeam.json'),
				'utf8',
			),
		),
	};
	const on = (action: string, request: Partial<RamRequest> = {}) =>
		evaluate([policyForDevTeam], {action, resource: instance, ...request});

	it('a dev instance may be stopped: the ResourceTag statement allows it', () => {
		const result = on('ecs:StopInstance', dev);
		expect(result.decision).toBe('Allow');
		expect(result.statement).toBe(2);
		expect(result.trace[1]!.conditions).toEqual([
			{
				operator: 'StringEquals',
				key: 'acs:ResourceTag/team',
				expected: ['dev'],
				actual: 'dev',
				holds: true,
			},
		]);
	});

	it('an ops instance may not: nothing allows it', () => {
		const result = on('ecs:StopInstance', ops);
		expect(result.decision).toBe('ImplicitDeny');
		expect(result.policy).toBeUndefined();
		expect(result.trace[1]!.conditions[0]).toMatchObject({
			actual: 'ops',
			holds: false,
		});
	});

	it('tagging a dev instance is denied by the fourth statement', () => {
		expect(
			on('ecs:TagResources', {...dev, requestTags: {team: 'dev'}}),
		).toMatchObject({
			decision: 'ExplicitDeny',
			policy: 'policyForDevTeam',
			statement: 4,
		});
		expect(on('ecs:untagresources', dev).decision).toBe('ExplicitDeny');
	});

	it('DescribeInstances with no tag condition met is denied implicitly', () => {
		expect(on('ecs:DescribeInstances', noResource).decision).toBe(
			'ImplicitDeny',
		);
		expect(on('ecs:DescribeTags', noResource)).toMatchObject({
			decision: 'Allow',
			statement: 3,
		});
	});

	it('RunInstances creating with team=dev is allowed by the RequestTag statement', () => {
		expect(
			on('ecs:RunInstances', {...noResource, requestTags: {team: 'dev'}}),
		).toMatchObject({
			decision: 'Allow',
			statement: 1,
		});
		expect(
			on('ecs:RunInstances', {...noResource, requestTags: {team: 'ops'}})
				.decision,
		).toBe('ImplicitDeny');
		expect(on('ecs:RunInstances', noResource).decision).toBe('ImplicitDeny');
	});
});

describe('a batch', () => {
	it('decides 10,000 resources against the tutorial’s two policies: only the dev third may be stopped', () => {
		const policies = ['policyForDevTeam', 'policyForOpsTeam'].map(
			(name): AttachedPolicy => ({
				name,
				type: 'Custom',
				document: parsePolicy(
					readFileSync(
						path.join(projectRoot, 'data', 'ram', `${name}.json`),
						'utf8',
					),
				),
			}),
		);
		let allowed = 0;
		for (let index = 0; index < 10_000; index++) {
			const verdict = decide(policies, {
				action: 'ecs:StopInstance',
				resource: `acs:ecs:cn-hangzhou:1234567890:instance/i-${index}`,
				resourceTags: {team: index % 3 === 0 ? 'dev' : 'qa', env: 'prod'},
			});
			if (verdict.decision === 'Allow') allowed++;
		}

		expect(allowed).toBe(3334);
	});
});
