/*
RAM policy documents (docs/cloud-facts.md §11): reading a document's text,
refusing a malformed one with the line and the reason, and the meaning of the
condition keys tagdeck understands.

A document is `{"Version": "1", "Statement": [...]}`; each statement has
`Effect` (`Allow` or `Deny`), `Action` and `Resource` (one string or a list)
and an optional `Condition` (`{operator: {key: value or list}}`). Element
names, operators and `Allow`/`Deny` are case-sensitive, as RAM writes them.
RAM takes a custom policy of at most 6,144 characters.

What tagdeck refuses although RAM takes it (code `Unsupported.PolicyElement`):
`NotAction`, `NotResource`, `Principal`, and the condition operators and keys
other than the string operators, `Bool` and the tag keys (`acs:ResourceTag/`,
`acs:RequestTag/`, the older `ecs:tag/`), with `acs:SecureTransport` under
`Bool` as the one exception (see `conditionKey`).
*/
/* eslint-disable @typescript-eslint/naming-convention -- RAM writes its elements in PascalCase */
import {evaluate as jsonValue, type ValueNode} from '@humanwhocodes/momoa';
import {Ajv, type ErrorObject} from 'ajv';
import {TagdeckError} from '../errors.js';
import {readJson} from '../json-document.js';

/** The most characters RAM takes in a custom policy document (§11). */
export const policyDocumentLimit = 6144;

/** The condition operators tagdeck evaluates. */
export const conditionOperators = [
	'StringEquals',
	'StringNotEquals',
	'StringEqualsIgnoreCase',
	'StringNotEqualsIgnoreCase',
	'StringLike',
	'StringNotLike',
	'Bool',
] as const;

export type ConditionOperator = (typeof conditionOperators)[number];
export type Effect = 'Allow' | 'Deny';
/** A value in a condition: a string, or (under `Bool`) a JSON boolean. */
export type ConditionValue = string | boolean;
export type ConditionBlock = Partial<
	Record<ConditionOperator, Record<string, ConditionValue | ConditionValue[]>>
>;

export type PolicyStatement = {
	Effect: Effect;
	Action: string | string[];
	Resource: string | string[];
	Condition?: ConditionBlock;
};

export type PolicyDocument = {Version: '1'; Statement: PolicyStatement[]};

/** What a condition key reads from a request. */
export type ConditionKey =
	| {kind: 'ResourceTag'; tagKey: string}
	| {kind: 'RequestTag'; tagKey: string}
	| {kind: 'SecureTransport'};

/** A policy document is malformed (its JSON, its shape or a value): RAM's code (§11). */
export const invalidPolicyCode = 'MalformedPolicyDocument';
/** A policy document is longer than RAM takes: RAM's code (§11). */
export const policyLengthCode = 'InvalidParameter.PolicyDocument.Length';
/** A policy document uses a part of RAM's language tagdeck does not evaluate (tagdeck's own code). */
export const unsupportedPolicyCode = 'Unsupported.PolicyElement';

const operatorSet = new Set<string>(conditionOperators);

/*
Operators RAM (like IAM) has that tagdeck does not evaluate: refused as not
supported rather than as unknown, so the learner knows the document would be
taken by the cloud.
*/
const otherRamOperator =
	/^(?:Numeric|Date|IpAddress$|NotIpAddress$|Null$|Arn|Binary|ForAllValues:|ForAnyValue:)|IfExists$/v;

const tagKeyPrefixes: Array<
	[prefix: string, kind: 'ResourceTag' | 'RequestTag']
> = [
	['acs:resourcetag/', 'ResourceTag'],
	['acs:requesttag/', 'RequestTag'],
	// The older form, which means the same as acs:ResourceTag/ (§11).
	['ecs:tag/', 'ResourceTag'],
];

/**
What a condition key reads, or undefined when tagdeck does not support it. The
prefix is matched whatever its case (condition key names are case-insensitive
in IAM, and RAM documents nothing else); the tag key after it keeps its case,
as tag keys are case-sensitive (docs/cloud-facts.md, tag rules).
`acs:SecureTransport` is supported under `Bool` only and is always true:
requests to tagdeck never leave the machine.
*/
export function conditionKey(
	key: string,
	operator: ConditionOperator,
): ConditionKey | undefined {
	for (const [prefix, kind] of tagKeyPrefixes) {
		const head = key.slice(0, prefix.length).toLowerCase();
		if (head === prefix && key.length > prefix.length) {
			return {kind, tagKey: key.slice(prefix.length)};
		}
	}

	if (key.toLowerCase() === 'acs:securetransport' && operator === 'Bool') {
		return {kind: 'SecureTransport'};
	}

	return undefined;
}

const stringOrList = {
	type: ['string', 'array'],
	minLength: 1,
	minItems: 1,
	items: {type: 'string', minLength: 1},
};

const policySchema = {
	type: 'object',
	required: ['Version', 'Statement'],
	additionalProperties: false,
	properties: {
		Version: {const: '1'},
		Statement: {
			type: 'array',
			minItems: 1,
			items: {
				type: 'object',
				required: ['Effect', 'Action', 'Resource'],
				additionalProperties: false,
				properties: {
					Effect: {enum: ['Allow', 'Deny']},
					Action: stringOrList,
					Resource: stringOrList,
					Condition: {
						type: 'object',
						minProperties: 1,
						additionalProperties: {
							type: 'object',
							minProperties: 1,
							additionalProperties: {
								type: ['string', 'boolean', 'array'],
								minItems: 1,
								items: {type: ['string', 'boolean']},
							},
						},
					},
				},
			},
		},
	},
};

let compiledSchema: ReturnType<Ajv['compile']> | undefined;

type Path = Array<string | number>;
/** Where a path is in the text, as "line 7" or "line 7, column 3", if known. */
type Locate = (path: Path) => string | undefined;

function refuse(
	code: string,
	locate: Locate,
	path: Path,
	reason: string,
): never {
	const where = locate(path);
	throw new TagdeckError(code, where ? `${where}: ${reason}` : reason);
}

function shown(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (value === null) return 'null';
	if (typeof value === 'object') return 'an object';
	return JSON.stringify(value);
}

/** The element a path names, e.g. `"Effect" of statement 2`. */
function describe(path: Path): string {
	if (path.length === 0) return 'the document';
	const last = path.at(-1)!;
	const name =
		typeof last === 'number'
			? `item ${last + 1} of "${String(path.at(-2))}"`
			: `"${last}"`;
	if (
		path[0] === 'Statement' &&
		typeof path[1] === 'number' &&
		path.length > 2
	) {
		return `${name} of statement ${path[1] + 1}`;
	}

	return name;
}

function valueAt(value: unknown, path: Path): unknown {
	let current = value;
	for (const segment of path) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string | number, unknown>)[segment];
	}

	return current;
}

const knownStatementKeys = ['Effect', 'Action', 'Resource', 'Condition'];
const knownDocumentKeys = ['Version', 'Statement'];
const ramOnlyKeys = new Set(['NotAction', 'NotResource', 'Principal']);

type Refusal = {code: string; path: Path; reason: string};

/** What the first schema error means, in the learner's words. */
function schemaRefusal(error: ErrorObject, value: unknown): Refusal {
	const path: Path = error.instancePath
		.split('/')
		.slice(1)
		.map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
		.map((segment) => (/^\d+$/v.test(segment) ? Number(segment) : segment));
	const actual = valueAt(value, path);
	const what = describe(path);
	const inStatement = path[0] === 'Statement' && path.length === 2;
	const invalid = (reason: string, at = path): Refusal => ({
		code: invalidPolicyCode,
		path: at,
		reason,
	});
	switch (error.keyword) {
		case 'additionalProperties': {
			const key = String(error.params.additionalProperty);
			const keyPath = [...path, key];
			if (inStatement && ramOnlyKeys.has(key)) {
				return {
					code: unsupportedPolicyCode,
					path: keyPath,
					reason: `tagdeck does not support "${key}" (statement ${Number(path[1]) + 1}); write the statement with "Action" and "Resource"`,
				};
			}

			const known =
				path.length === 0
					? knownDocumentKeys
					: inStatement
						? knownStatementKeys
						: [];
			const meant = known.find(
				(name) => name.toLowerCase() === key.toLowerCase(),
			);
			const hint = meant
				? `; did you mean "${meant}"? Element names are case-sensitive`
				: `; ${path.length === 0 ? 'a document' : 'a statement'} has only ${known.map((name) => `"${name}"`).join(', ')}`;
			return invalid(`"${key}" is not a RAM policy element${hint}`, keyPath);
		}

		case 'required': {
			const key = String(error.params.missingProperty);
			const owner = inStatement
				? `statement ${Number(path[1]) + 1}`
				: 'the document';
			const needs = inStatement
				? 'every statement needs "Effect", "Action" and "Resource"'
				: 'a document needs "Version": "1" and a "Statement" list';
			return invalid(`${owner} has no "${key}"; ${needs}`);
		}

		case 'const': {
			return invalid(`"Version" must be "1", not ${shown(actual)}`);
		}

		case 'enum': {
			return invalid(`${what} must be "Allow" or "Deny", not ${shown(actual)}`);
		}

		case 'type': {
			const wanted = String(error.params.type)
				.split(',')
				.map((type) =>
					type === 'array'
						? 'a list'
						: type === 'object'
							? 'an object'
							: `a ${type}`,
				)
				.join(' or ');
			return invalid(`${what} must be ${wanted}, not ${shown(actual)}`);
		}

		case 'minItems':
		case 'minLength':
		case 'minProperties': {
			return invalid(`${what} must not be empty`);
		}

		default: {
			return invalid(`${what} ${error.message ?? 'is not valid'}`);
		}
	}
}

function list<T>(value: T | T[]): T[] {
	return Array.isArray(value) ? value : [value];
}

/** The value problem of one condition value, if any. */
function valueProblem(
	operator: string,
	key: string,
	value: ConditionValue,
): string | undefined {
	if (operator === 'Bool') {
		if (typeof value === 'boolean' || /^(?:true|false)$/iv.test(value)) {
			return undefined;
		}

		return `a "Bool" value must be "true" or "false", not ${shown(value)}`;
	}

	if (typeof value !== 'string') {
		return `the value of "${key}" must be a string, not ${shown(value)}`;
	}

	return undefined;
}

/** Every operator and key of a condition block is one tagdeck evaluates. */
function checkCondition(
	condition: ConditionBlock,
	index: number,
	locate: Locate,
): void {
	const base: Path = ['Statement', index, 'Condition'];
	const supported = conditionOperators.join(', ');
	for (const [operator, keys] of Object.entries(condition)) {
		const path = [...base, operator];
		if (!operatorSet.has(operator)) {
			if (otherRamOperator.test(operator)) {
				refuse(
					unsupportedPolicyCode,
					locate,
					path,
					`tagdeck does not support the condition operator "${operator}" (statement ${index + 1}); it supports ${supported}`,
				);
			}

			refuse(
				invalidPolicyCode,
				locate,
				path,
				`"${operator}" is not a condition operator (statement ${index + 1}); tagdeck supports ${supported}`,
			);
		}

		for (const [key, values] of Object.entries(keys)) {
			const keyPath = [...path, key];
			if (!conditionKey(key, operator as ConditionOperator)) {
				const secure = key.toLowerCase() === 'acs:securetransport';
				refuse(
					unsupportedPolicyCode,
					locate,
					keyPath,
					secure
						? `tagdeck supports "acs:SecureTransport" only under "Bool" (statement ${index + 1})`
						: `tagdeck does not support the condition key "${key}" (statement ${index + 1}); it supports acs:ResourceTag/<key>, acs:RequestTag/<key>, ecs:tag/<key>, and acs:SecureTransport under Bool`,
				);
			}

			for (const [item, value] of list(values).entries()) {
				const problem = valueProblem(operator, key, value);
				if (problem === undefined) continue;
				refuse(
					invalidPolicyCode,
					locate,
					Array.isArray(values) ? [...keyPath, item] : keyPath,
					`${problem} (statement ${index + 1})`,
				);
			}
		}
	}
}

/*
The checks after the shape: actions and resources are written as RAM writes
them, and every operator and key is one tagdeck can evaluate.
*/
function checkValues(document: PolicyDocument, locate: Locate): void {
	for (const [index, statement] of document.Statement.entries()) {
		const base: Path = ['Statement', index];
		for (const [item, action] of list(statement.Action).entries()) {
			if (action === '*' || /^[^:\s]+:[^:\s]+$/v.test(action)) continue;
			const path = Array.isArray(statement.Action)
				? [...base, 'Action', item]
				: [...base, 'Action'];
			refuse(
				invalidPolicyCode,
				locate,
				path,
				`the action ${shown(action)} of statement ${index + 1} must be written "<service>:<Action>" (e.g. "ecs:StopInstance") or "*"`,
			);
		}

		for (const [item, resource] of list(statement.Resource).entries()) {
			if (resource === '*') continue;
			if (resource.startsWith('acs:') && resource.split(':').length >= 5) {
				continue;
			}

			const path = Array.isArray(statement.Resource)
				? [...base, 'Resource', item]
				: [...base, 'Resource'];
			const hint = resource.startsWith('arn:')
				? '; RAM resource names start with "acs:", not "arn:"'
				: '';
			refuse(
				invalidPolicyCode,
				locate,
				path,
				`the resource ${shown(resource)} of statement ${index + 1} must be "*" or "acs:<service>:<region>:<account>:<relative-id>" (e.g. "acs:ecs:*:*:instance/*")${hint}`,
			);
		}

		checkCondition(statement.Condition ?? {}, index, locate);
	}
}

function validate(value: unknown, locate: Locate): PolicyDocument {
	compiledSchema ??= new Ajv({
		allErrors: false,
		strict: true,
		allowUnionTypes: true,
	}).compile(policySchema);
	if (!compiledSchema(value)) {
		const error = compiledSchema.errors?.[0];
		if (error) {
			const {code, path, reason} = schemaRefusal(error, value);
			refuse(code, locate, path, reason);
		}

		refuse(invalidPolicyCode, locate, [], 'the document is not a RAM policy');
	}

	const document = value as PolicyDocument;
	checkValues(document, locate);
	return document;
}

/** The line (and column) of the node a path leads to, as far as it goes. */
function locator(root: ValueNode): Locate {
	return (path) => {
		let node = root;
		for (const segment of path) {
			if (node.type === 'Object') {
				const member = node.members.find(
					(candidate) =>
						candidate.name.type === 'String' &&
						candidate.name.value === segment,
				);
				if (!member) break;
				node = member.value;
			} else if (node.type === 'Array' && typeof segment === 'number') {
				const element = node.elements[segment];
				if (!element) break;
				node = element.value;
			} else {
				break;
			}
		}

		return `line ${node.loc.start.line}`;
	};
}

/** Refuses an object that gives one element twice (JSON would keep the last). */
function refuseDuplicates(root: ValueNode): void {
	const pending: ValueNode[] = [root];
	while (pending.length > 0) {
		const node = pending.pop()!;
		if (node.type === 'Array') {
			for (const element of node.elements) pending.push(element.value);
		} else if (node.type === 'Object') {
			const seen = new Map<string, number>();
			for (const member of node.members) {
				const name =
					member.name.type === 'String' ? member.name.value : member.name.name;
				const {line} = member.loc.start;
				const first = seen.get(name);
				if (first !== undefined) {
					throw new TagdeckError(
						invalidPolicyCode,
						`line ${line}: "${name}" is given twice in one object (first on line ${first}); give it once — JSON would silently keep only the last`,
					);
				}

				seen.set(name, line);
				pending.push(member.value);
			}
		}
	}
}

function characterCount(text: string): number {
	// UTF-16 units are never fewer than characters, so a short text is counted cheaply.
	return text.length <= policyDocumentLimit ? text.length : [...text].length;
}

/**
Reads a policy document from its JSON text, refusing a malformed one with a
`TagdeckError` whose message names the line (and column for bad JSON), the
reason and what to write instead.
*/
export function parsePolicy(text: string): PolicyDocument {
	const length = characterCount(text);
	if (length > policyDocumentLimit) {
		throw new TagdeckError(
			policyLengthCode,
			`the policy document has ${length.toLocaleString('en-US')} characters; RAM takes at most ${policyDocumentLimit.toLocaleString('en-US')} — split it into several policies`,
		);
	}

	const root = readJson(
		text,
		invalidPolicyCode,
		'a policy needs at most 6 levels',
	);
	refuseDuplicates(root);
	return validate(jsonValue(root), locator(root));
}

/**
Checks a document given as a value (a system policy, or one read back from a
saved world): the same checks as `parsePolicy`, with the element named instead
of the line.
*/
export function checkPolicy(value: unknown): PolicyDocument {
	return validate(value, () => undefined);
}
