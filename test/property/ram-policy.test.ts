/*
Properties of RAM decisions (docs/cloud-facts.md §11) over generated documents
and requests: an added Allow never denies what was allowed, an added Deny never
allows what was denied, and the traced evaluation agrees with the fast one.

Seeds: set TAGDECK_PROPERTY_SEED to replay a run.
*/
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {
	decide,
	evaluate,
	type AttachedPolicy,
	type Decision,
	type RamRequest,
} from '../../source/core/ram/evaluate.js';
import {
	checkPolicy,
	conditionOperators,
	type PolicyStatement,
} from '../../source/core/ram/policy.js';
import {seed} from '../helpers/property-settings.js';

const tagKeys = ['team', 'env', 'Team'];
const tagValues = ['dev', 'ops', 'Dev', 'prod', ''];

const tagsArbitrary = fc.dictionary(
	fc.constantFrom(...tagKeys),
	fc.constantFrom(...tagValues),
	{maxKeys: 3},
);

const conditionArbitrary = fc.oneof(
	fc.record({
		operator: fc.constantFrom(
			...conditionOperators.filter((operator) => operator !== 'Bool'),
		),
		key: fc.tuple(
			fc.constantFrom('acs:ResourceTag/', 'acs:RequestTag/', 'ecs:tag/'),
			fc.constantFrom(...tagKeys),
		),
		values: fc.array(fc.constantFrom('dev', 'ops', 'DEV', 'd*', '?ev', '*'), {
			minLength: 1,
			maxLength: 3,
		}),
	}),
	fc.record({
		operator: fc.constant('Bool' as const),
		key: fc.constant(['acs:SecureTransport', ''] as [string, string]),
		values: fc.array(fc.constantFrom('true', 'false'), {
			minLength: 1,
			maxLength: 2,
		}),
	}),
);

const statementArbitrary = (effect: fc.Arbitrary<'Allow' | 'Deny'>) =>
	fc
		.record({
			Effect: effect,
			Action: fc.array(
				fc.constantFrom(
					'*',
					'ecs:*',
					'ecs:Describe*',
					'ecs:StopInstance',
					'ecs:stopinstance',
					'tag:*',
				),
				{minLength: 1, maxLength: 3},
			),
			Resource: fc.array(
				fc.constantFrom(
					'*',
					'acs:ecs:*:*:instance/*',
					'acs:ecs:*:*:disk/*',
					'acs:ecs:cn-hangzhou:*:instance/i-?',
				),
				{minLength: 1, maxLength: 2},
			),
			conditions: fc.array(conditionArbitrary, {maxLength: 3}),
		})
		.map(({conditions, ...statement}): PolicyStatement => {
			if (conditions.length === 0) return statement;
			const Condition: Record<string, Record<string, string[]>> = {};
			for (const {operator, key, values} of conditions) {
				Condition[operator] ??= {};
				Condition[operator][key.join('')] = values;
			}

			return {...statement, Condition};
		});

const anyEffect = fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Deny');

const policiesArbitrary = fc.array(
	fc.array(statementArbitrary(anyEffect), {minLength: 1, maxLength: 4}),
	{maxLength: 3},
);

const requestArbitrary: fc.Arbitrary<RamRequest> = fc.record(
	{
		action: fc.constantFrom(
			'ecs:StopInstance',
			'ecs:DescribeInstances',
			'tag:TagResources',
		),
		resource: fc.constantFrom(
			'acs:ecs:cn-hangzhou:1234:instance/i-a',
			'acs:ecs:cn-beijing:1234:disk/d-b',
		),
		resourceTags: tagsArbitrary,
		requestTags: tagsArbitrary,
	},
	{requiredKeys: ['action', 'resource']},
);

function attach(documents: PolicyStatement[][]): AttachedPolicy[] {
	return documents.map((statements, index) => ({
		name: `p${index + 1}`,
		type: 'Custom',
		document: checkPolicy({Version: '1', Statement: statements}),
	}));
}

/** The policies with one statement added: to one of them, or as a new one. */
function withStatement(
	documents: PolicyStatement[][],
	statement: PolicyStatement,
	where: number,
): PolicyStatement[][] {
	const target = where % (documents.length + 1);
	if (target === documents.length) return [...documents, [statement]];
	return documents.map((statements, index) =>
		index === target ? [...statements, statement] : statements,
	);
}

/**
Adds a statement of `effect` anywhere to generated policies, and hands each
decision before and after to `check`; the generated cases must reach every
decision, so that the property is not empty.
*/
function afterAdding(
	effect: 'Allow' | 'Deny',
	check: (before: Decision, after: Decision) => void,
) {
	const seen = {Allow: 0, ExplicitDeny: 0, ImplicitDeny: 0};
	fc.assert(
		fc.property(
			policiesArbitrary,
			statementArbitrary(fc.constant(effect)),
			fc.nat(),
			requestArbitrary,
			(documents, added, where, request) => {
				const before = decide(attach(documents), request).decision;
				const after = decide(
					attach(withStatement(documents, added, where)),
					request,
				).decision;
				seen[before]++;
				check(before, after);
			},
		),
		{numRuns: 2000, ...seed},
	);
	expect(Math.min(...Object.values(seen))).toBeGreaterThan(100);
}

describe('RAM decisions over generated policies and requests', () => {
	it('adding an Allow statement never denies what was allowed, nor lifts an explicit deny', () => {
		afterAdding('Allow', (before, after) => {
			if (before === 'Allow') expect(after).toBe('Allow');
			if (before === 'ExplicitDeny') expect(after).toBe('ExplicitDeny');
		});
	});

	it('adding a Deny statement never allows what was denied', () => {
		afterAdding('Deny', (before, after) => {
			if (before !== 'Allow') expect(after).not.toBe('Allow');
			if (before === 'ExplicitDeny') expect(after).toBe('ExplicitDeny');
		});
	});

	it('the traced evaluation reaches the fast decision, and its trace explains it', () => {
		fc.assert(
			fc.property(policiesArbitrary, requestArbitrary, (documents, request) => {
				const policies = attach(documents);
				const {trace, ...verdict} = evaluate(policies, request);
				expect(verdict).toEqual(decide(policies, request));
				expect(trace).toHaveLength(
					documents.reduce((sum, statements) => sum + statements.length, 0),
				);
				const matched = trace.filter((statement) => statement.matched);
				const expected = matched.some(({effect}) => effect === 'Deny')
					? 'ExplicitDeny'
					: matched.length > 0
						? 'Allow'
						: 'ImplicitDeny';
				expect(verdict.decision).toBe(expected);
				for (const statement of trace) {
					expect(statement.matched).toBe(
						statement.action.matched &&
							statement.resource.matched &&
							statement.conditions.every((condition) => condition.holds),
					);
				}
			}),
			{numRuns: 1000, ...seed},
		);
	});
});
