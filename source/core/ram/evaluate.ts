/*
Deciding a request against the policies a RAM identity holds (docs/cloud-facts.md §11).

A statement matches a request when its action matches, its resource matches
and every condition holds. Any matching `Deny` denies (ExplicitDeny); failing
that, any matching `Allow` allows; failing that, the request is denied because
nothing allows it (ImplicitDeny).

Conditions: the values of one key are ORed, the keys under one operator and
the operators of a block are ANDed.

Missing values — tagdeck's rules, as RAM documents none:
- A condition on `acs:RequestTag/…` does not hold for a request that sets no
  tags, and one on `acs:ResourceTag/…` (or `ecs:tag/…`) does not hold for a
  request without a resource (no `resourceTags`), whatever the operator.
- Otherwise, when the tag key is missing (the resource has tags, just not that
  one), the positive operators do not hold and the Not operators hold: IAM's
  documented rule, a Not operator on a missing key is true. So
  `StringNotEquals acs:ResourceTag/team = dev` holds for a resource without a
  `team` tag, and does not hold for a request with no resource.

Action names are compared whatever their case (RAM's API names are matched
case-insensitively, as IAM's are; RAM's own pages say it only of the element
names, which are case-sensitive — if RAM turns out stricter, this is the one
place to change). Resource names and tag values keep their case, except under
the IgnoreCase operators.

Speed: a document's wildcards are turned into tests once, the first time the
document is evaluated (kept while the document object lives), not per call.
A document is therefore never changed once evaluated: a new version of a
policy is a new document object.
*/
import {
	conditionKey,
	type ConditionKey,
	type ConditionOperator,
	type Effect,
	type PolicyDocument,
} from './policy.js';
import {wildcardMatcher} from './wildcard.js';

export type PolicyType = 'System' | 'Custom';

/** A policy as an identity holds it. */
export type AttachedPolicy = {
	name: string;
	type: PolicyType;
	document: PolicyDocument;
};

/**
One request. `resource` is the RAM name it acts on (`acs:ecs:<region>:<account>:instance/<id>`,
or the name the new resource will have); `resourceTags` are the tags the resource
carries before the change — absent when the request has no existing resource
(a create, a list); `requestTags` are the tags the request sets or creates with.
*/
export type RamRequest = {
	action: string;
	resource: string;
	resourceTags?: Readonly<Record<string, string>>;
	requestTags?: Readonly<Record<string, string>>;
};

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** One condition key of a statement, with the values compared. */
export type ConditionTrace = {
	operator: ConditionOperator;
	key: string;
	/** The policy's values for the key (any one may match). */
	expected: string[];
	/** The request's value for the key, if it has one. */
	actual?: string;
	holds: boolean;
	/** Why there was nothing to compare, when so. */
	note?: string;
};

/** How one statement fared against the request. */
export type StatementTrace = {
	policy: string;
	policyType: PolicyType;
	/** The statement's position in its document, from 1. */
	statement: number;
	effect: Effect;
	/** Whether the action matched, and the first pattern that matched it. */
	action: {matched: boolean; pattern?: string};
	resource: {matched: boolean; pattern?: string};
	conditions: ConditionTrace[];
	/** Action, resource and every condition matched. */
	matched: boolean;
};

export type Verdict = {
	decision: Decision;
	/** The policy and statement (from 1) that decided; none for ImplicitDeny. */
	policy?: string;
	policyType?: PolicyType;
	statement?: number;
};

export type Evaluation = Verdict & {trace: StatementTrace[]};

type Pattern = {pattern: string; test: (value: string) => boolean};

type CompiledCondition = {
	operator: ConditionOperator;
	key: string;
	reads: ConditionKey;
	expected: string[];
	negated: boolean;
	/** Whether a present value matches any expected value (before negation). */
	matchesAny: (value: string) => boolean;
};

type CompiledStatement = {
	effect: Effect;
	actions: Pattern[];
	resources: Pattern[];
	conditions: CompiledCondition[];
};

const compiled = new WeakMap<PolicyDocument, CompiledStatement[]>();

function list<T>(value: T | T[]): T[] {
	return Array.isArray(value) ? value : [value];
}

function valueTest(
	operator: ConditionOperator,
	expected: string[],
): (value: string) => boolean {
	switch (operator) {
		case 'StringEquals':
		case 'StringNotEquals': {
			const set = new Set(expected);
			return (value) => set.has(value);
		}

		case 'StringEqualsIgnoreCase':
		case 'StringNotEqualsIgnoreCase':
		case 'Bool': {
			const set = new Set(expected.map((value) => value.toLowerCase()));
			return (value) => set.has(value.toLowerCase());
		}

		case 'StringLike':
		case 'StringNotLike': {
			const tests = expected.map((pattern) => wildcardMatcher(pattern));
			return (value) => tests.some((test) => test(value));
		}
	}
}

function compile(document: PolicyDocument): CompiledStatement[] {
	const known = compiled.get(document);
	if (known) return known;
	const statements = document.Statement.map((statement) => {
		const conditions: CompiledCondition[] = [];
		for (const [name, keys] of Object.entries(statement.Condition ?? {})) {
			const operator = name as ConditionOperator;
			for (const [key, values] of Object.entries(keys)) {
				const reads = conditionKey(key, operator);
				// A checked document only holds supported keys (policy.ts).
				if (!reads) throw new Error(`unsupported condition key ${key}`);
				const expected = list(values).map(String);
				conditions.push({
					operator,
					key,
					reads,
					expected,
					negated: operator.startsWith('StringNot'),
					matchesAny: valueTest(operator, expected),
				});
			}
		}

		return {
			effect: statement.Effect,
			actions: list(statement.Action).map((pattern) => ({
				pattern,
				test: wildcardMatcher(pattern, true),
			})),
			resources: list(statement.Resource).map((pattern) => ({
				pattern,
				test: wildcardMatcher(pattern),
			})),
			conditions,
		};
	});
	compiled.set(document, statements);
	return statements;
}

function firstMatch(patterns: Pattern[], value: string): string | undefined {
	for (const {pattern, test} of patterns) if (test(value)) return pattern;
	return undefined;
}

function hasTags(tags: Readonly<Record<string, string>> | undefined): boolean {
	if (!tags) return false;
	for (const key in tags) if (Object.hasOwn(tags, key)) return true;
	return false;
}

function checkCondition(
	condition: CompiledCondition,
	request: RamRequest,
): {holds: boolean; actual?: string; note?: string} {
	const {reads} = condition;
	if (reads.kind === 'SecureTransport') {
		const actual = 'true';
		return {holds: condition.matchesAny(actual), actual};
	}

	const tags =
		reads.kind === 'ResourceTag' ? request.resourceTags : request.requestTags;
	if (reads.kind === 'ResourceTag' && !tags) {
		return {holds: false, note: 'the request has no resource'};
	}

	if (reads.kind === 'RequestTag' && !hasTags(tags)) {
		return {holds: false, note: 'the request sets no tags'};
	}

	if (!Object.hasOwn(tags!, reads.tagKey)) {
		const what = reads.kind === 'ResourceTag' ? 'resource' : 'request';
		return {
			holds: condition.negated,
			note: `the ${what} has no tag "${reads.tagKey}"`,
		};
	}

	const actual = tags![reads.tagKey]!;
	return {holds: condition.matchesAny(actual) !== condition.negated, actual};
}

function statementMatches(
	statement: CompiledStatement,
	request: RamRequest,
): boolean {
	if (firstMatch(statement.actions, request.action) === undefined) return false;
	if (firstMatch(statement.resources, request.resource) === undefined) {
		return false;
	}

	for (const condition of statement.conditions) {
		if (!checkCondition(condition, request).holds) return false;
	}

	return true;
}

/**
The decision alone, for the common path (a batch decides every resource): it
stops at the first matching Deny and builds no trace.
*/
export function decide(
	policies: readonly AttachedPolicy[],
	request: RamRequest,
): Verdict {
	let allow: Verdict | undefined;
	for (const policy of policies) {
		for (const [index, statement] of compile(policy.document).entries()) {
			if (statement.effect === 'Allow' && allow) continue;
			if (!statementMatches(statement, request)) continue;
			const verdict = {
				policy: policy.name,
				policyType: policy.type,
				statement: index + 1,
			};
			if (statement.effect === 'Deny') {
				return {decision: 'ExplicitDeny', ...verdict};
			}

			allow = {decision: 'Allow', ...verdict};
		}
	}

	return allow ?? {decision: 'ImplicitDeny'};
}

/**
The decision with its reasons: for every statement of every policy, whether the
action, the resource and each condition matched, and the values compared (what
`tagdeck ram why` prints). The deciding statement is the first matching Deny,
else the first matching Allow, in the order the policies are given.
*/
export function evaluate(
	policies: readonly AttachedPolicy[],
	request: RamRequest,
): Evaluation {
	const trace: StatementTrace[] = [];
	let deny: Verdict | undefined;
	let allow: Verdict | undefined;
	for (const policy of policies) {
		for (const [index, statement] of compile(policy.document).entries()) {
			const action = firstMatch(statement.actions, request.action);
			const resource = firstMatch(statement.resources, request.resource);
			const conditions = statement.conditions.map((condition) => ({
				operator: condition.operator,
				key: condition.key,
				expected: condition.expected,
				...checkCondition(condition, request),
			}));
			const matched =
				action !== undefined &&
				resource !== undefined &&
				conditions.every((condition) => condition.holds);
			trace.push({
				policy: policy.name,
				policyType: policy.type,
				statement: index + 1,
				effect: statement.effect,
				action:
					action === undefined
						? {matched: false}
						: {matched: true, pattern: action},
				resource:
					resource === undefined
						? {matched: false}
						: {matched: true, pattern: resource},
				conditions,
				matched,
			});
			if (!matched) continue;
			const verdict = {
				policy: policy.name,
				policyType: policy.type,
				statement: index + 1,
			};
			if (statement.effect === 'Deny')
				deny ??= {decision: 'ExplicitDeny', ...verdict};
			else allow ??= {decision: 'Allow', ...verdict};
		}
	}

	return {...(deny ?? allow ?? {decision: 'ImplicitDeny'}), trace};
}
