/*
Preset tags and tag policies as a world keeps them (`WorldData.governance`,
the account's `tagPolicies`), the changes to them, the effective policy, and
its enforcement on create and tag (docs/governance.md).
*/
import {TagdeckError} from '../errors.js';
import {parsedOnce} from '../parsed-once.js';
import type {
	Command,
	GovernanceEntity,
	PresetTag,
	Resource,
	TagPolicyEntry,
	WorldData,
} from '../model.js';
import {typeNamed} from '../catalogue.js';
import {checkKey, checkValue, visible} from '../tags.js';
import type {Txn} from '../txn.js';
import {
	effectivePolicy,
	parseTagPolicy,
	type KeyRule,
	type TagPolicy,
} from './tag-policy.js';

/** The most preset keys of an account, and values of a key (docs/cloud-facts.md §12). */
export const presetLimits = {
	keys: 1000,
	valuesPerKey: 1000,
	keysPerCall: 10,
	valuesPerCall: 10,
};

/** Tagdeck's own code for a change a tag policy refuses: the cloud's is not documented. */
export const nonCompliantCode = 'TagPolicy.NonCompliant';

export function presets(data: WorldData): PresetTag[] {
	return Object.values(data.governance)
		.filter(
			(e): e is Extract<GovernanceEntity, {kind: 'preset'}> =>
				e.kind === 'preset',
		)
		.toSorted((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function tagPolicies(data: WorldData): TagPolicyEntry[] {
	return Object.values(data.governance)
		.filter(
			(e): e is Extract<GovernanceEntity, {kind: 'policy'}> =>
				e.kind === 'policy',
		)
		.toSorted((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function tagPolicy(
	data: WorldData,
	name: string,
): TagPolicyEntry | undefined {
	const entry = data.governance[`policy:${name}`];
	return entry?.kind === 'policy' ? entry : undefined;
}

const parsedDocument = parsedOnce(parseTagPolicy);

/** A policy's document, parsed once per text. */
export function parsedPolicy(entry: TagPolicyEntry): TagPolicy {
	return parsedDocument(entry.document);
}

/** The rules in force: the attached policies merged by key, the first attached winning. */
export function effectiveRules(
	data: WorldData,
	only?: string,
): Array<KeyRule & {from: string}> {
	const names = only === undefined ? data.account.tagPolicies.attached : [only];
	return effectivePolicy(
		names.flatMap((name) => {
			const entry = tagPolicy(data, name);
			return entry ? [{name, policy: parsedPolicy(entry)}] : [];
		}),
	);
}

const policyTypes = new Map<string, string>();

/** A resource type as tag policies name it: `ecs:instance`. */
export function policyTypeOf(typeName: string): string {
	let name = policyTypes.get(typeName);
	if (name === undefined) {
		const type = typeNamed(typeName);
		name = `${type.product}:${type.arnType}`;
		policyTypes.set(typeName, name);
	}

	return name;
}

/** Whether a rule applies to a resource of this type in this region. */
export function inScope(
	rule: KeyRule,
	resource: Pick<Resource, 'type' | 'region'>,
): boolean {
	return (
		(rule.types === undefined ||
			rule.types.includes(policyTypeOf(resource.type))) &&
		(rule.regions === undefined || rule.regions.includes(resource.region))
	);
}

/**
Refuses a change that leaves an enforced resource out of its policy: a value
outside the rule's list for its key, or, under strong verification, a new
resource without the key. `created`: the resource is being created.
*/
export function enforce(
	txn: Txn,
	resource: Pick<Resource, 'id' | 'type' | 'region'>,
	tags: Readonly<Record<string, string>>,
	created: boolean,
) {
	const {data} = txn.world;
	if (data.account.tagPolicies.attached.length === 0) return;
	const type = policyTypeOf(resource.type);
	for (const rule of txn.tagRules()) {
		if (!rule.enforcedFor.includes(type) || !inScope(rule, resource)) continue;
		const value = Object.hasOwn(tags, rule.key) ? tags[rule.key] : undefined;
		if (value !== undefined && rule.values && !rule.values.includes(value)) {
			throw new TagdeckError(
				nonCompliantCode,
				`The tag policy ${rule.from} allows ${rule.key} on ${type} only with ${rule.values.map((v) => `"${visible(v)}"`).join(', ')}, not "${visible(value)}" (tagdeck policy effective shows the rules).`,
			);
		}

		if (created && value === undefined && data.account.tagPolicies.strong) {
			throw new TagdeckError(
				nonCompliantCode,
				`Strong verification is on: a new ${type} must carry ${rule.key} (the tag policy ${rule.from}); create it with --tag ${rule.key}=${rule.values?.[0] ?? 'VALUE'}.`,
			);
		}
	}
}

function put(txn: Txn, key: string, entity: GovernanceEntity | undefined) {
	txn.setDoc('g', key, entity);
}

function changePresets(txn: Txn, command: Extract<Command, {op: 'preset'}>) {
	const {data} = txn.world;
	const add = command.add ?? [];
	if (add.length > presetLimits.keysPerCall) {
		throw new TagdeckError(
			'NumberExceed.Tags',
			`At most ${presetLimits.keysPerCall} preset keys at once (CreateTags); give ${add.length} in several commands.`,
		);
	}

	for (const {key, values, description} of add) {
		checkKey(key);
		for (const value of values) checkValue(key, value);
		if (values.length > presetLimits.valuesPerCall) {
			throw new TagdeckError(
				'NumberExceed.Tags',
				`At most ${presetLimits.valuesPerCall} values of ${visible(key)} at once (CreateTags); add the rest in another command.`,
			);
		}

		const id = `preset:${key}`;
		const existing = txn.governance(id);
		const before = existing?.kind === 'preset' ? existing : undefined;
		if (!before && presets(data).length >= presetLimits.keys) {
			throw new TagdeckError(
				'PresetTag.Quota',
				`The account has ${presetLimits.keys} preset keys, the most it may; remove some first (tagdeck preset rm KEY).`,
			);
		}

		const merged = [...new Set([...(before?.values ?? []), ...values])];
		if (merged.length > presetLimits.valuesPerKey) {
			throw new TagdeckError(
				'PresetTag.Quota',
				`${visible(key)} would have ${merged.length} preset values; a key has at most ${presetLimits.valuesPerKey}.`,
			);
		}

		put(txn, id, {
			kind: 'preset',
			key,
			values: merged,
			description:
				description ?? command.description ?? before?.description ?? '',
			created: before?.created ?? txn.now,
		});
	}

	for (const {key, value} of command.remove ?? []) {
		const id = `preset:${key}`;
		const existing = txn.governance(id);
		if (existing?.kind !== 'preset') {
			throw new TagdeckError(
				'MetaTagKeyNotFound',
				`There is no preset key "${visible(key)}" (tagdeck preset list).`,
			);
		}

		if (value === undefined) {
			const bound = txn.world
				.resources()
				.filter((r) => Object.hasOwn(r.tags, key)).length;
			if (bound > 0) {
				throw new TagdeckError(
					'MetaTagKey.BindingResources',
					`The preset key ${visible(key)} is on ${bound} resource${bound === 1 ? '' : 's'}; untag them first (tagdeck untag --filter '${visible(key)}=*' --key ${visible(key)}).`,
				);
			}

			// DeleteTag: a key alone only when it has no values left.
			if (existing.values.length > 0) {
				throw new TagdeckError(
					'MetaTagKeyHasValue',
					`The preset key ${visible(key)} has values (${existing.values.map((v) => visible(v)).join(', ')}); remove them first: tagdeck preset rm ${visible(key)}=VALUE.`,
				);
			}

			put(txn, id, undefined);
			continue;
		}

		if (!existing.values.includes(value)) {
			throw new TagdeckError(
				'PresetTag.ValueNotFound',
				`The preset key ${visible(key)} has no value "${visible(value)}".`,
			);
		}

		put(txn, id, {
			...existing,
			values: existing.values.filter((v) => v !== value),
		});
	}
}

/** The length RAM-style names take: tag policies are named 1 to 128 characters. */
function checkPolicyName(name: string) {
	if (!/^[\w\-]{1,128}$/v.test(name)) {
		throw new TagdeckError(
			'InvalidParameter.PolicyName',
			`A tag policy name is 1 to 128 letters, digits, "_" and "-": "${visible(name)}" is not.`,
		);
	}
}

function changePolicies(
	txn: Txn,
	command: Extract<Command, {op: 'tag-policy'}>,
) {
	const {data} = txn.world;
	const {action} = command;
	if (action === 'strong') {
		const enabled = command.enabled ?? false;
		txn.setDoc('a', 'account', {
			...structuredClone(data.account),
			tagPolicies: {...data.account.tagPolicies, strong: enabled},
		});
		return;
	}

	const name = command.name ?? '';
	checkPolicyName(name);
	const entry = tagPolicy(data, name);
	const {attached} = data.account.tagPolicies;
	if (action === 'create') {
		if (entry) {
			throw new TagdeckError(
				'TagPolicy.Exists',
				`A tag policy named ${name} exists; choose another name, or delete it first.`,
			);
		}

		parseTagPolicy(command.document ?? '');
		put(txn, `policy:${name}`, {
			kind: 'policy',
			name,
			description: command.description ?? '',
			document: command.document!,
			created: txn.now,
		});
		return;
	}

	if (!entry) {
		throw new TagdeckError(
			'TagPolicy.NotFound',
			`There is no tag policy "${visible(name)}" (tagdeck policy list).`,
		);
	}

	if (action === 'modify') {
		// A new document or description, or both; what is not given stays.
		if (command.document !== undefined) parseTagPolicy(command.document);
		put(txn, `policy:${name}`, {
			...entry,
			kind: 'policy',
			document: command.document ?? entry.document,
			description: command.description ?? entry.description,
		});
		return;
	}

	const isAttached = attached.includes(name);
	if (action === 'delete') {
		if (isAttached) {
			throw new TagdeckError(
				'TagPolicy.Attached',
				`The tag policy ${name} is attached; detach it first (tagdeck policy detach ${name}).`,
			);
		}

		put(txn, `policy:${name}`, undefined);
		return;
	}

	if ((action === 'attach') === isAttached) {
		throw new TagdeckError(
			action === 'attach' ? 'TagPolicy.Attached' : 'TagPolicy.NotAttached',
			`The tag policy ${name} is ${isAttached ? 'already' : 'not'} attached to the account.`,
		);
	}

	txn.setDoc('a', 'account', {
		...structuredClone(data.account),
		tagPolicies: {
			...data.account.tagPolicies,
			attached:
				action === 'attach'
					? [...attached, name]
					: attached.filter((n) => n !== name),
		},
	});
}

/** Applies a `preset` or `tag-policy` command inside a transaction. */
export function changeGovernance(
	txn: Txn,
	command: Extract<Command, {op: 'preset' | 'tag-policy'}>,
) {
	if (command.op === 'preset') changePresets(txn, command);
	else changePolicies(txn, command);
}
