/*
Reading RAM policy documents (docs/cloud-facts.md §11): good documents are read,
malformed ones are refused with the line, the reason and the fix.
*/
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {TagdeckError} from '../../source/core/errors.js';
import {
	checkPolicy,
	parsePolicy,
	policyDocumentLimit,
} from '../../source/core/ram/policy.js';
import {systemPolicies} from '../../source/core/ram/system-policies.js';
import {wildcardMatcher} from '../../source/core/ram/wildcard.js';
import {projectRoot} from '../helpers/root.js';

function refusal(text: string): TagdeckError {
	try {
		parsePolicy(text);
	} catch (error) {
		expect(error).toBeInstanceOf(TagdeckError);
		return error as TagdeckError;
	}

	throw new Error('the document was not refused');
}

/** A document of one statement, pretty-printed so lines are predictable. */
function oneStatement(statement: Record<string, unknown>): string {
	return JSON.stringify({Version: '1', Statement: [statement]}, null, '\t');
}

const allowAll = {Effect: 'Allow', Action: 'ecs:*', Resource: '*'};

describe('reading a policy document', () => {
	it('reads the tutorial’s documents from data/ram', () => {
		for (const name of ['policyForDevTeam', 'policyForOpsTeam']) {
			const text = readFileSync(
				path.join(projectRoot, 'data', 'ram', `${name}.json`),
				'utf8',
			);
			const document = parsePolicy(text);
			expect(document.Version).toBe('1');
			expect(document.Statement).toHaveLength(4);
			expect(document.Statement[3]!.Effect).toBe('Deny');
		}
	});

	it('takes one string or a list for Action and Resource, and the Bool operator', () => {
		const document = parsePolicy(
			oneStatement({
				Effect: 'Deny',
				Action: ['ecs:Describe*', 'tag:*'],
				Resource: ['acs:ecs:*:*:instance/*', '*'],
				Condition: {
					StringLike: {'acs:ResourceTag/env': ['prod*', 'stag?']},
					Bool: {'acs:SecureTransport': true},
				},
			}),
		);
		expect(document.Statement[0]!.Action).toEqual(['ecs:Describe*', 'tag:*']);
	});

	it('checks the system policies like any other document', () => {
		expect([...systemPolicies.keys()]).toEqual([
			'AliyunECSFullAccess',
			'AliyunECSReadOnlyAccess',
			'AliyunTagFullAccess',
			'AliyunTagReadOnlyAccess',
			'AliyunRAMFullAccess',
			'AliyunRAMReadOnlyAccess',
		]);
		for (const policy of systemPolicies.values()) {
			expect(checkPolicy(policy.document)).toBe(policy.document);
		}
	});
});

describe('refusing a malformed document names the line and the reason', () => {
	it('bad JSON, with line and column', () => {
		const error = refusal('{\n\t"Version": "1",\n\t"Statement": [tru]\n}');
		expect(error.code).toBe('MalformedPolicyDocument');
		expect(error.message).toMatch(
			/^line 3, column 16: the document is not valid JSON \(unexpected identifier 'tru' found\)/v,
		);
		expect(refusal('').message).toMatch(/^line 1, column 1: .*not valid JSON/v);
		expect(refusal('{"Version": "1",}').message).toMatch(/^line 1, column 17/v);
		// A byte-order mark before the document is not a fault.
		expect(parsePolicy(`\uFEFF${oneStatement(allowAll)}`).Version).toBe('1');
	});

	it('a wrong Version', () => {
		const text = JSON.stringify(
			{Version: '2012-10-17', Statement: [allowAll]},
			null,
			'\t',
		);
		expect(refusal(text).message).toBe(
			'line 2: "Version" must be "1", not "2012-10-17"',
		);
		expect(refusal('{"Version": 1, "Statement": []}').message).toBe(
			'line 1: "Version" must be "1", not 1',
		);
	});

	it('a wrong Effect', () => {
		const error = refusal(oneStatement({...allowAll, Effect: 'allow'}));
		expect(error.message).toBe(
			'line 5: "Effect" of statement 1 must be "Allow" or "Deny", not "allow"',
		);
	});

	it('a missing Action', () => {
		const error = refusal(oneStatement({Effect: 'Allow', Resource: '*'}));
		expect(error.message).toBe(
			'line 4: statement 1 has no "Action"; every statement needs "Effect", "Action" and "Resource"',
		);
		expect(refusal('{"Version": "1"}').message).toMatch(
			/^line 1: the document has no "Statement"/v,
		);
	});

	it('unknown keys, with a hint for a wrong case and for RAM elements tagdeck does not evaluate', () => {
		const typo = refusal(oneStatement({...allowAll, effect: 'Allow'}));
		expect(typo.code).toBe('MalformedPolicyDocument');
		expect(typo.message).toMatch(
			/^line 8: "effect" is not a RAM policy element; did you mean "Effect"\?/v,
		);
		const top = refusal(
			JSON.stringify(
				{Version: '1', Statement: [allowAll], Id: 'x'},
				null,
				'\t',
			),
		);
		expect(top.message).toMatch(/^line 10: "Id" is not a RAM policy element/v);
		for (const key of ['NotAction', 'NotResource', 'Principal']) {
			const error = refusal(oneStatement({...allowAll, [key]: 'ecs:*'}));
			expect(error.code).toBe('Unsupported.PolicyElement');
			expect(error.message).toBe(
				`line 8: tagdeck does not support "${key}" (statement 1); write the statement with "Action" and "Resource"`,
			);
		}
	});

	it('non-strings where strings belong, and empty lists', () => {
		expect(refusal(oneStatement({...allowAll, Action: 5})).message).toBe(
			'line 6: "Action" of statement 1 must be a string or a list, not 5',
		);
		expect(
			refusal(oneStatement({...allowAll, Resource: ['*', null]})).message,
		).toBe(
			'line 9: item 2 of "Resource" of statement 1 must be a string, not null',
		);
		expect(refusal(oneStatement({...allowAll, Action: []})).message).toBe(
			'line 6: "Action" of statement 1 must not be empty',
		);
		expect(refusal('{"Version": "1", "Statement": {}}').message).toBe(
			'line 1: "Statement" must be a list, not an object',
		);
		expect(
			refusal(
				oneStatement({
					...allowAll,
					Condition: {StringEquals: {'acs:ResourceTag/team': 7}},
				}),
			).message,
		).toMatch(
			/^line 10: "acs:ResourceTag\/team" of statement 1 must be a string or a boolean or a list, not 7/v,
		);
		expect(
			refusal(
				oneStatement({
					...allowAll,
					Condition: {StringEquals: {'acs:ResourceTag/team': true}},
				}),
			).message,
		).toBe(
			'line 10: the value of "acs:ResourceTag/team" must be a string, not true (statement 1)',
		);
	});

	it('actions and resources not written as RAM writes them', () => {
		expect(
			refusal(oneStatement({...allowAll, Action: 'StopInstance'})).message,
		).toBe(
			'line 6: the action "StopInstance" of statement 1 must be written "<service>:<Action>" (e.g. "ecs:StopInstance") or "*"',
		);
		expect(
			refusal(oneStatement({...allowAll, Resource: 'arn:aws:ec2:::instance/*'}))
				.message,
		).toMatch(
			/^line 7: the resource .*; RAM resource names start with "acs:", not "arn:"$/v,
		);
	});

	it('unsupported and unknown condition operators', () => {
		const numeric = refusal(
			oneStatement({
				...allowAll,
				Condition: {NumericLessThan: {'acs:ResourceTag/n': '3'}},
			}),
		);
		expect(numeric.code).toBe('Unsupported.PolicyElement');
		expect(numeric.message).toMatch(
			/^line 9: tagdeck does not support the condition operator "NumericLessThan" \(statement 1\); it supports StringEquals, .*Bool$/v,
		);
		for (const operator of [
			'DateLessThan',
			'IpAddress',
			'StringEqualsIfExists',
		]) {
			expect(
				refusal(
					oneStatement({
						...allowAll,
						Condition: {[operator]: {'acs:ResourceTag/n': 'x'}},
					}),
				).code,
			).toBe('Unsupported.PolicyElement');
		}

		const typo = refusal(
			oneStatement({
				...allowAll,
				Condition: {StringEqual: {'acs:ResourceTag/n': 'x'}},
			}),
		);
		expect(typo.code).toBe('MalformedPolicyDocument');
		expect(typo.message).toMatch(
			/^line 9: "StringEqual" is not a condition operator/v,
		);
	});

	it('unsupported condition keys', () => {
		const ip = refusal(
			oneStatement({
				...allowAll,
				Condition: {StringEquals: {'acs:SourceIp': '10.0.0.1'}},
			}),
		);
		expect(ip.code).toBe('Unsupported.PolicyElement');
		expect(ip.message).toMatch(
			/^line 10: tagdeck does not support the condition key "acs:SourceIp" \(statement 1\)/v,
		);
		expect(
			refusal(
				oneStatement({
					...allowAll,
					Condition: {StringEquals: {'acs:SecureTransport': 'true'}},
				}),
			).message,
		).toBe(
			'line 10: tagdeck supports "acs:SecureTransport" only under "Bool" (statement 1)',
		);
		expect(
			refusal(
				oneStatement({
					...allowAll,
					Condition: {Bool: {'acs:SecureTransport': 'yes'}},
				}),
			).message,
		).toBe(
			'line 10: a "Bool" value must be "true" or "false", not "yes" (statement 1)',
		);
	});

	it('a key given twice, naming both lines', () => {
		const text =
			'{\n"Version": "1",\n"Statement": [{\n"Effect": "Allow",\n"Effect": "Deny",\n"Action": "*", "Resource": "*"}]}';
		expect(refusal(text).message).toBe(
			'line 5: "Effect" is given twice in one object (first on line 4); give it once — JSON would silently keep only the last',
		);
	});

	it('a document over RAM’s 6,144 characters, naming the limit', () => {
		const padding = ' '.repeat(policyDocumentLimit);
		const error = refusal(`${oneStatement(allowAll)}${padding}`);
		expect(error.code).toBe('InvalidParameter.PolicyDocument.Length');
		expect(error.message).toMatch(/RAM takes at most 6,144/v);
		// Exactly at the limit is taken.
		const text = oneStatement(allowAll);
		expect(() =>
			parsePolicy(text + ' '.repeat(policyDocumentLimit - text.length)),
		).not.toThrow();
	});

	it('deep nesting and long lists give a clear refusal, not a crash', () => {
		const deep = `{"Version": "1", "Statement": ${'['.repeat(3000)}${']'.repeat(3000)}}`;
		expect(refusal(deep).message).toBe(
			'line 1, column 46: the document nests lists and objects more than 16 deep; a policy needs at most 6 levels',
		);
		const many = `{"Version": "1", "Statement": [${Array.from({length: 2000}, () => '1').join(',')}]}`;
		expect(refusal(many).message).toBe(
			'line 1: item 1 of "Statement" must be an object, not 1',
		);
		expect(refusal('"just a string"').message).toBe(
			'line 1: the document must be an object, not "just a string"',
		);
	});
});

describe('RAM wildcards', () => {
	it('`*` is any run (with / and :), `?` one character, everything else literal', () => {
		const test = wildcardMatcher('acs:ecs:*:*:instance/i-?');
		expect(test('acs:ecs:cn-hangzhou:123:instance/i-a')).toBe(true);
		expect(test('acs:ecs:cn-hangzhou:123:instance/i-ab')).toBe(false);
		expect(wildcardMatcher('*')('a/b:c')).toBe(true);
		expect(
			wildcardMatcher('a[bc]{d,e}!(f).+$^|\\')('a[bc]{d,e}!(f).+$^|\\'),
		).toBe(true);
		expect(wildcardMatcher('a[bc]')('ab')).toBe(false);
		expect(wildcardMatcher('x.y')('xzy')).toBe(false);
		expect(
			wildcardMatcher('ECS:describe*', true)('ecs:DescribeInstances'),
		).toBe(true);
		expect(wildcardMatcher('ECS:describe*')('ecs:DescribeInstances')).toBe(
			false,
		);
	});
});
