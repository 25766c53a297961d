import {forEachInBatch} from './batch.js';
import {TagdeckError, type Failure} from './errors.js';
import type {Resource} from './model.js';
import {
	checkKey,
	checkTags,
	customTagCount,
	isSystemKey,
	own,
	visible,
	put,
} from './tags.js';
import {maxTagsPerRequest} from './api-calls.js';
import {quotaOf} from './ops-account.js';
import type {Txn} from './txn.js';
import {enforce} from './governance/governance.js';

/**
Refuses a change that would leave a resource with more custom tags than its
type's quota. The code is the Tag API's; the reason is the same whichever API
is asked (docs/cloud-facts.md §1.9, §2.4).
*/
export function checkQuota(
	txn: Txn,
	resource: Resource,
	tags: Record<string, string>,
	remove: readonly string[] = [],
) {
	const after = {...resource.tags, ...tags};
	for (const key of remove) delete after[key];
	const count = customTagCount(after);
	const quota = quotaOf(txn.account(), resource.type);
	if (count > quota) {
		throw new TagdeckError(
			'QuotaExceed.TagsPerResource',
			`${resource.id} would have ${count} custom tags; the tag quota of ${resource.type} is ${quota}. Remove some first (tagdeck untag ${resource.id} --key K).`,
		);
	}
}

/** Sets tags on one resource; a tag set directly becomes the resource's own. */
function setTags(txn: Txn, id: string, tags: Record<string, string>) {
	const current = txn.need(id);
	const changes = Object.entries(tags).filter(
		([key, value]) =>
			own(current.tags, key) !== value ||
			own(current.inherited, key) !== undefined,
	);
	if (changes.length === 0) return;
	checkQuota(txn, current, tags);
	enforce(txn, current, Object.fromEntries(changes), false);
	const resource = txn.edit(id);
	for (const [key, value] of changes) {
		put(resource.tags, key, value);
		if (resource.inherited) delete resource.inherited[key];
	}

	if (resource.inherited && Object.keys(resource.inherited).length === 0) {
		delete resource.inherited;
	}

	txn.noteTags(
		id,
		changes.map(([key]) => key),
	);
}

function removeTags(txn: Txn, id: string, keys: readonly string[]) {
	const current = txn.need(id);
	const present = keys.filter((key) => Object.hasOwn(current.tags, key));
	if (present.length === 0) return;
	const resource = txn.edit(id);
	for (const key of present) {
		delete resource.tags[key];
		if (resource.inherited) delete resource.inherited[key];
	}

	if (resource.inherited && Object.keys(resource.inherited).length === 0) {
		delete resource.inherited;
	}

	txn.noteTags(id, present);
}

/** Checks keys to remove: valid, and not system tags. */
function checkRemovable(keys: readonly string[]) {
	for (const key of keys) {
		if (isSystemKey(key)) {
			throw new TagdeckError(
				'NoPermission.SystemTag',
				`Tag key "${visible(key)}" is a system tag and cannot be removed.`,
			);
		}

		checkKey(key);
	}
}

/**
Sets tags on many resources; `remove` also removes keys in the same step (the
UI's tag editor: `key=value` and `-key` lines). The quota is checked on the result.
*/
export function tag(
	txn: Txn,
	ids: readonly string[],
	tags: Record<string, string>,
	partial?: boolean,
	remove: readonly string[] = [],
): Failure[] {
	if (Object.keys(tags).length === 0 && remove.length === 0) {
		throw new TagdeckError(
			'MissingParameter.Tags',
			'No tags given: add at least one --tag key=value.',
		);
	}

	const count = Object.keys(tags).length;
	if (count > maxTagsPerRequest) {
		throw new TagdeckError(
			'NumberExceed.Tags',
			`${count} tags in one request; at most ${maxTagsPerRequest} (ECS TagResources' Tag.N; a resource's default quota is 20 too). Split them into several requests.`,
		);
	}

	checkTags(tags);
	checkRemovable(remove);
	const both = remove.find((key) => Object.hasOwn(tags, key));
	if (both !== undefined) {
		throw new TagdeckError(
			'Duplicate.TagKey',
			`Tag key "${visible(both)}" is both set and removed; keep one of them.`,
		);
	}

	return forEachInBatch(txn, ids, partial, (id) => {
		checkQuota(txn, txn.need(id), tags, remove);
		removeTags(txn, id, remove);
		setTags(txn, id, tags);
	});
}

export function untag(
	txn: Txn,
	ids: readonly string[],
	keys: readonly string[] | undefined,
	all: boolean | undefined,
	partial?: boolean,
): Failure[] {
	if (all && keys && keys.length > 0) {
		throw new TagdeckError(
			'InvalidParameter.TagKey',
			'Give either --key or --all, not both.',
		);
	}

	if (!all && (!keys || keys.length === 0)) {
		throw new TagdeckError(
			'MissingParameter.TagKey',
			'Name the keys to remove with --key K, or remove every custom tag with --all.',
		);
	}

	checkRemovable(keys ?? []);

	return forEachInBatch(txn, ids, partial, (id) => {
		const resource = txn.need(id);
		const remove = all
			? Object.keys(resource.tags).filter((key) => !isSystemKey(key))
			: keys!;
		removeTags(txn, id, remove);
	});
}
