/*
Tag policies (docs/governance.md; docs/cloud-facts.md §12): the JSON syntax,
parsed strictly, and the effective policy of several attached ones.

A document is `{"tags": {POLICY_KEY: {...}}}`; each policy key (matched
ignoring case) has `tag_key` (`{"@@assign": "CostCenter"}`), and optionally
`tag_value` (`{"@@assign": ["Beijing", "Shanghai"]}`, `"*"` for any value),
`resource_type_scope`, `region_scope` and `enforced_for` (lists of
`service:type`, region IDs, `service:type`). Anything else is refused with its
path in the document and the reason: a construct half-understood would check
resources wrongly.
*/
/* eslint-disable @typescript-eslint/naming-convention -- tag policies write their elements in snake_case */
import type {ValueNode as AnyNode} from '@humanwhocodes/momoa';
import {readJson} from '../json-document.js';
import {findRegion, resourceTypes} from '../catalogue.js';
import {TagdeckError} from '../errors.js';
import {checkKey, checkValue} from '../tags.js';

/** One key's rule, as the policy states it. */
export type KeyRule = {
	/** The policy key, lower case (how policies are merged). */
	policyKey: string;
	/** The tag key, in the spelling the policy asks for. */
	key: string;
	/** The values allowed; undefined: any value. */
	values?: string[];
	/** `service:type` names; undefined: every type. */
	types?: string[];
	/** Region IDs; undefined: every region. */
	regions?: string[];
	/** `service:type` names for which a non-compliant change is refused. */
	enforcedFor: string[];
};

export type TagPolicy = {rules: KeyRule[]};

export const tagPolicyCode = 'InvalidParameter.PolicyContent';
/** The longest policy document tagdeck takes (characters). */
export const tagPolicyLimit = 10_000;

const assignable = new Set([
	'tag_key',
	'tag_value',
	'resource_type_scope',
	'region_scope',
	'enforced_for',
]);
/** What the cloud's syntax has that tagdeck does not take, with why. */
const unsupported: Record<string, string> = {
	rg_scope: 'resource groups are not simulated',
	tag_value_correction:
		'remediation is done by `tagdeck fix`, not by the policy',
};

/** `service:type` of each resource type, as tag policies name them (`ecs:instance`). */
export const policyTypeNames: ReadonlyMap<string, string> = new Map(
	resourceTypes.map((t) => [`${t.product}:${t.arnType}`, t.name]),
);

function refuse(path: string, line: number | undefined, reason: string): never {
	throw new TagdeckError(
		tagPolicyCode,
		`${line === undefined ? '' : `line ${line}, `}${path}: ${reason}`,
	);
}

/** An object's members, refusing a name given twice. */
function members(
	node: AnyNode,
	path: string,
): Array<{name: string; value: AnyNode; line: number}> {
	if (node.type !== 'Object')
		refuse(path, node.loc.start.line, 'must be an object');
	const seen = new Set<string>();
	return node.members.map((member) => {
		const name = member.name.type === 'String' ? member.name.value : '';
		if (seen.has(name))
			refuse(`${path}.${name}`, member.loc.start.line, 'is given twice');
		seen.add(name);
		return {name, value: member.value, line: member.loc.start.line};
	});
}

function stringOf(node: AnyNode, path: string): string {
	if (node.type !== 'String')
		refuse(path, node.loc.start.line, 'must be a string');
	return node.value;
}

function stringsOf(node: AnyNode, path: string): string[] {
	if (node.type === 'String') return [node.value];
	if (node.type !== 'Array')
		refuse(path, node.loc.start.line, 'must be a string or a list of strings');
	return node.elements.map((element, index) =>
		stringOf(element.value, `${path}[${index}]`),
	);
}

/** `{"@@assign": …}`: the only operator tagdeck takes. */
function assigned(node: AnyNode, path: string): AnyNode {
	const found = members(node, path);
	for (const {name, line} of found) {
		if (name !== '@@assign') {
			refuse(
				`${path}.${name}`,
				line,
				name.startsWith('@@')
					? `the operator ${name} is not supported; use @@assign`
					: 'only @@assign may be given here',
			);
		}
	}

	const value = found.find((m) => m.name === '@@assign');
	if (!value) refuse(path, node.loc.start.line, 'needs @@assign');
	return value.value;
}

function checkedTypes(list: string[], path: string, line: number): string[] {
	for (const name of list) {
		if (name !== '*' && !policyTypeNames.has(name.toLowerCase())) {
			refuse(
				path,
				line,
				`"${name}" is not a resource type tagdeck knows; write service:type, e.g. ecs:instance, ecs:disk, vpc:eip`,
			);
		}
	}

	return list.map((name) => name.toLowerCase());
}

function rule(policyKey: string, node: AnyNode, path: string): KeyRule {
	const out: Partial<KeyRule> & {enforcedFor: string[]} = {
		policyKey: policyKey.toLowerCase(),
		enforcedFor: [],
	};
	for (const {name, value, line} of members(node, path)) {
		const where = `${path}.${name}`;
		if (Object.hasOwn(unsupported, name))
			refuse(where, line, `not supported: ${unsupported[name]!}`);
		if (!assignable.has(name))
			refuse(
				where,
				line,
				`unknown element; a key's rule has ${[...assignable].join(', ')}`,
			);
		const target = assigned(value, where);
		switch (name) {
			case 'tag_key': {
				const key = stringOf(target, `${where}.@@assign`);
				try {
					checkKey(key);
				} catch (error) {
					refuse(`${where}.@@assign`, line, (error as Error).message);
				}

				out.key = key;
				break;
			}

			case 'tag_value': {
				const values = stringsOf(target, `${where}.@@assign`);
				if (values.includes('*')) break;
				for (const v of values) {
					try {
						checkValue(policyKey, v);
					} catch (error) {
						refuse(`${where}.@@assign`, line, (error as Error).message);
					}
				}

				out.values = values;
				break;
			}

			case 'resource_type_scope': {
				const types = checkedTypes(
					stringsOf(target, `${where}.@@assign`),
					where,
					line,
				);
				if (!types.includes('*')) out.types = types;
				break;
			}

			case 'region_scope': {
				const list = stringsOf(target, `${where}.@@assign`);
				for (const region of list) {
					if (region !== '*' && !findRegion(region))
						refuse(
							where,
							line,
							`"${region}" is not a region (tagdeck regions lists them)`,
						);
				}

				if (!list.includes('*')) out.regions = list;
				break;
			}

			default: {
				out.enforcedFor = checkedTypes(
					stringsOf(target, `${where}.@@assign`),
					where,
					line,
				);
			}
		}
	}

	if (out.key === undefined) refuse(path, node.loc.start.line, 'needs tag_key');
	if (out.key.toLowerCase() !== out.policyKey) {
		refuse(
			`${path}.tag_key`,
			node.loc.start.line,
			`the tag key "${out.key}" must be the policy key "${policyKey}" in some case`,
		);
	}

	return out as KeyRule;
}

/** Parses a tag policy document; refuses anything outside the syntax with its path and line. */
export function parseTagPolicy(text: string): TagPolicy {
	if ([...text].length > tagPolicyLimit) {
		throw new TagdeckError(
			tagPolicyCode,
			`the policy document has ${[...text].length.toLocaleString('en-US')} characters; tagdeck takes at most ${tagPolicyLimit.toLocaleString('en-US')}`,
		);
	}

	const root = readJson(
		text,
		tagPolicyCode,
		'a tag policy needs at most 4 levels',
	);

	const top = members(root, '$');
	const rules: KeyRule[] = [];
	for (const {name, value, line} of top) {
		if (name !== 'tags')
			refuse(
				`$.${name}`,
				line,
				'unknown element; a tag policy has only "tags"',
			);
		for (const entry of members(value, '$.tags')) {
			rules.push(rule(entry.name, entry.value, `$.tags.${entry.name}`));
		}
	}

	if (!top.some((m) => m.name === 'tags'))
		refuse('$', root.loc.start.line, 'needs "tags"');
	const seen = new Set<string>();
	for (const r of rules) {
		if (seen.has(r.policyKey))
			refuse(
				`$.tags.${r.policyKey}`,
				undefined,
				'the key is given twice, in another case',
			);
		seen.add(r.policyKey);
	}

	return {rules};
}

/**
The effective policy of the policies attached, in attach order: merged by
policy key, the first attached winning a key both state.
*/
export function effectivePolicy(
	attached: ReadonlyArray<{name: string; policy: TagPolicy}>,
): Array<KeyRule & {from: string}> {
	const out = new Map<string, KeyRule & {from: string}>();
	for (const {name, policy} of attached) {
		for (const r of policy.rules) {
			if (!out.has(r.policyKey)) out.set(r.policyKey, {...r, from: name});
		}
	}

	return [...out.values()];
}
