import {schemaVersion, type WorldData} from '../core/model.js';
import {defaultCategory, defaultDiskSize, defaultSpec} from '../core/prices.js';
import {Random, seedState} from '../core/random.js';
import {newAccessKey} from '../core/ram/identities.js';

type Json = Record<string, unknown>;

/**
Upgrades from each older schema version to the next; each version's fixture is
in test/fixtures/worlds.
*/
const steps = new Map<number, (old: Json) => Json>([
	[1, toVersion2],
	[2, toVersion3],
	[3, toVersion4],
	[4, toVersion5],
	[5, toVersion6],
	[6, toVersion7],
]);

export function migrate(value: {schema: number}): WorldData {
	let current = value as Json & {schema: number};
	while (current.schema < schemaVersion) {
		const step = steps.get(current.schema);
		// A version without its step is a defect of this table, never of the file.
		if (!step) throw new Error(`no migration from schema ${current.schema}`);
		current = {...step(current), schema: current.schema + 1};
	}

	return current as unknown as WorldData;
}

const createdByKey = 'acs:tag:createdby';

/**
The log with every whole document its patches hold, of the collections named
(`a` accounts, `r` resources), passed through that collection's change.
*/
function documentsInLog(
	log: unknown,
	changes: Partial<Record<'a' | 'r', (document: unknown) => unknown>>,
) {
	if (!Array.isArray(log)) return log;
	return log.map((event: unknown) => {
		if (!isRecord(event) || !Array.isArray(event.patches)) return event;
		const patches = event.patches.map((patch: unknown) => {
			const change =
				isRecord(patch) && (patch.c === 'a' || patch.c === 'r')
					? changes[patch.c]
					: undefined;
			return change && isRecord(patch)
				? {...patch, b: change(patch.b), a: change(patch.a)}
				: patch;
		});
		return {...event, patches};
	});
}

/**
Version 2 (docs/cloud-facts.md §5.1, §8):
- the account has per-type tag quotas (none set: every type has the default);
- a Kafka topic or consumer group is `Kafka_<instanceId>_<name>`, no longer
  `<instanceId>/<name>`: every reference to one is renamed, in the resources and
  the log, but tag keys and values, which are the user's text, stay as written;
- the createdby tag holds `customer:<AccountId>`, no longer the bare ID.
*/
function toVersion2(old: Json): Json {
	// A file of the wrong shape is left as it is: the check of the current
	// schema that follows refuses it, naming what is wrong.
	if (!isRecord(old.account) || !isRecord(old.resources)) return old;
	const accountId = old.account.id;
	const renamed = new Map<string, string>();
	for (const resource of Object.values(old.resources)) {
		const from = kafkaChildId(resource);
		if (from) renamed.set(from.id, `Kafka_${from.parent}_${from.name}`);
	}

	const creator =
		typeof accountId === 'string'
			? {from: accountId, to: `customer:${accountId}`}
			: {from: undefined, to: undefined};
	const rewritten = rewrite(old, renamed, creator) as Json;
	// The account, and each account the log recorded, has no quota set.
	for (const event of Array.isArray(rewritten.log) ? rewritten.log : []) {
		const patches: unknown = isRecord(event) ? event.patches : undefined;
		for (const patch of Array.isArray(patches) ? patches : []) {
			if (!isRecord(patch) || patch.c !== 'a') continue;
			if (isRecord(patch.b)) patch.b = {...patch.b, quotas: {}};
			if (isRecord(patch.a)) patch.a = {...patch.a, quotas: {}};
		}
	}

	return {...rewritten, account: {...(rewritten.account as Json), quotas: {}}};
}

function isRecord(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A schema-1 Kafka topic or group's ID `<instanceId>/<name>`, in parts. */
function kafkaChildId(
	resource: unknown,
): {id: string; parent: string; name: string} | undefined {
	if (!isRecord(resource) || typeof resource.id !== 'string') return undefined;
	if (
		resource.type !== 'Kafka-Topic' &&
		resource.type !== 'Kafka-ConsumerGroup'
	)
		return undefined;
	const parent = isRecord(resource.links)
		? resource.links.kafkaInstance
		: undefined;
	if (typeof parent !== 'string' || !resource.id.startsWith(`${parent}/`))
		return undefined;
	return {id: resource.id, parent, name: resource.id.slice(parent.length + 1)};
}

/** Version 3 (docs/behaviour.md §9): the world has a clock, not yet moved. */
function toVersion3(old: Json): Json {
	return {...old, clock: {offset: 0}};
}

/**
Version 4 (docs/costs.md): what resources are billed by, and the account's cost
allocation settings. Instances get the default instance type, disks the default
size and category, snapshots their source disk's size; no cost allocation tag
is enabled. Whole resources and accounts the log recorded get the same, so undo
and redo bring them back as they are now.
*/
function toVersion4(old: Json): Json {
	if (!isRecord(old.account) || !isRecord(old.resources)) return old;
	// Every disk of an older world gets the default size, so its snapshots do too.
	const billed = (resource: unknown): unknown => {
		if (!isRecord(resource)) return resource;
		if (resource.type === 'Ecs-Instance')
			return {spec: defaultSpec, ...resource};
		if (resource.type === 'Ecs-Disk')
			return {size: defaultDiskSize, category: defaultCategory, ...resource};
		if (resource.type === 'Ecs-Snapshot')
			return {size: defaultDiskSize, ...resource};
		return resource;
	};

	const costs = {enabled: {}, associated: false};
	const withCosts = (account: unknown) =>
		isRecord(account) ? {...account, costs} : account;
	const log = documentsInLog(old.log, {a: withCosts, r: billed});
	return {
		...old,
		account: withCosts(old.account),
		resources: Object.fromEntries(
			Object.entries(old.resources).map(([id, r]) => [id, billed(r)]),
		),
		log,
	};
}

/**
Version 5 (docs/access.md): RAM users, groups and custom policies. An older
world has none: every command in it was given by the account itself.
*/
function toVersion5(old: Json): Json {
	return {...old, ram: {}};
}

/**
Version 6 (docs/governance.md): preset tags and tag policies, and the account's
attached tag policies and strong verification. An older world has none; whole
accounts the log recorded get the same, so undo brings them back as they are.
*/
function toVersion6(old: Json): Json {
	const tagPolicies = {attached: [], strong: false};
	const withPolicies = (account: unknown) =>
		isRecord(account) ? {...account, tagPolicies} : account;
	return {
		...old,
		account: withPolicies(old.account),
		governance: {},
		log: documentsInLog(old.log, {a: withPolicies}),
	};
}

/**
Schema 7 gives the account its AccessKey pair (for `tagdeck serve`), drawn from
a generator seeded by the account and the world's generator state, so one file
always gets the same pair; the world's own generator does not move. It is
dated when the world's first resource was created.
*/
function toVersion7(old: Json): Json {
	const account = isRecord(old.account) ? old.account : {};
	const resources = isRecord(old.resources) ? Object.values(old.resources) : [];
	let created: string | undefined;
	for (const resource of resources) {
		const at = isRecord(resource) ? resource.created : undefined;
		if (typeof at === 'string' && (created === undefined || at < created))
			created = at;
	}

	const accessKey = newAccessKey(
		new Random(
			seedState(`account-key:${String(account.id)}:${String(old.rng)}`),
		),
		created ?? '1970-01-01T00:00:00.000Z',
	);
	const withKey = (document: unknown) =>
		isRecord(document) ? {...document, accessKey} : document;
	return {
		...old,
		account: withKey(old.account),
		log: documentsInLog(old.log, {a: withKey}),
	};
}

type Creator = {from: string | undefined; to: string | undefined};

/** A record of tags: createdby values rewritten, nothing else touched. */
function retag(tags: unknown, creator: Creator): unknown {
	if (!tags || typeof tags !== 'object' || Array.isArray(tags)) return tags;
	const value = (tags as Record<string, unknown>)[createdByKey];
	if (!Object.hasOwn(tags, createdByKey) || value !== creator.from) return tags;
	return {...tags, [createdByKey]: creator.to};
}

/** A `t` patch: the createdby pair rewritten, the other tag keys as they are. */
function retagPatch(changes: unknown, creator: Creator): unknown {
	if (!changes || typeof changes !== 'object' || Array.isArray(changes))
		return changes;
	const pair = (changes as Record<string, unknown>)[createdByKey];
	if (!Object.hasOwn(changes, createdByKey) || !Array.isArray(pair))
		return changes;
	return {
		...changes,
		[createdByKey]: pair.map((v: unknown) =>
			v === creator.from ? creator.to : v,
		),
	};
}

/** Properties that hold tag keys (user text) as values: never renamed. */
const tagKeyLists = new Set(['remove', 'keys']);
/** Properties whose property names are tag keys: only their values are renamed. */
const byTagKey = new Set(['inherited', 'h']);

/**
Renames IDs wherever a whole string (or a property name) is one, except in the
user's text: tag records (`tags`, and a patch's tag changes `t`), lists of tag
keys, and the tag keys that name inherited tags.
*/
function rewrite(
	value: unknown,
	renamed: ReadonlyMap<string, string>,
	creator: Creator,
	keepNames = false,
): unknown {
	if (typeof value === 'string') return renamed.get(value) ?? value;
	if (Array.isArray(value))
		return value.map((item) => rewrite(item, renamed, creator));
	if (!value || typeof value !== 'object') return value;
	const out: Json = {};
	for (const [key, item] of Object.entries(value as Json)) {
		const next: unknown =
			key === 'tags'
				? retag(item, creator)
				: key === 't'
					? retagPatch(item, creator)
					: tagKeyLists.has(key)
						? item
						: rewrite(item, renamed, creator, byTagKey.has(key));
		const name = keepNames ? key : (renamed.get(key) ?? key);
		Object.defineProperty(out, name, {
			value: next,
			writable: true,
			enumerable: true,
			configurable: true,
		});
	}

	return out;
}
