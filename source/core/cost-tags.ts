import {TagdeckError} from './errors.js';
import type {Txn} from './txn.js';
import type {Command, WorldData} from './model.js';
import {isSystemKey} from './tags.js';

/*
Cost allocation tags (docs/costs.md): a custom tag key reaches the list one
world-day after it was first used, "not enabled"; a bill can be grouped or split
by a key only once it is enabled.
*/

export const syncDelay = 86_400_000;

export type CostTag = {
	key: string;
	status: 'enabled' | 'not enabled';
	/** When it was enabled, or when it reached the list. */
	since: string;
};

/**
The world time each custom tag key was first used, in ms: the earliest step
that set it, or, for a tag no step in the log set, the resource's creation.
*/
export function firstUses(data: WorldData): Map<string, number> {
	const first = new Map<string, number>();
	const note = (key: string, at: number) => {
		if (isSystemKey(key)) return;
		const seen = first.get(key);
		if (seen === undefined || at < seen) first.set(key, at);
	};

	// Keys a step set on a resource, by resource: the rest were there from its creation.
	const setByStep = new Map<string, Set<string>>();
	for (const event of data.log) {
		const at = Date.parse(event.at);
		for (const patch of event.patches) {
			if (patch.c !== 'r') continue;
			let keys = setByStep.get(patch.id);
			if (!keys) {
				keys = new Set();
				setByStep.set(patch.id, keys);
			}

			const created = patch.b === null ? (patch.a as {tags?: object}) : null;
			for (const key of Object.keys(created?.tags ?? {})) {
				keys.add(key);
				note(key, at);
			}

			for (const [key, [, after]] of Object.entries(patch.t ?? {})) {
				keys.add(key);
				if (after !== null) note(key, at);
			}
		}
	}

	// The earliest creation of a resource with each key from its creation; a
	// key's time is noted once, and a resource's creation parsed once (100,000).
	const fromCreation = new Map<string, number>();
	for (const id in data.resources) {
		if (!Object.hasOwn(data.resources, id)) continue;
		const resource = data.resources[id]!;
		const keys = setByStep.get(id);
		let created: number | undefined;
		for (const key in resource.tags) {
			if (keys?.has(key)) continue;
			created ??= Date.parse(resource.created);
			const seen = fromCreation.get(key);
			if (seen === undefined || created < seen) fromCreation.set(key, created);
		}
	}

	for (const [key, at] of fromCreation) note(key, at);

	return first;
}

/** The cost allocation tag list at world time `now`, enabled keys first, then by key. */
export function costTags(
	data: WorldData,
	now: string,
	first = firstUses(data),
): CostTag[] {
	const {enabled} = data.account.costs;
	const nowMs = Date.parse(now);
	const out: CostTag[] = Object.entries(enabled).map(([key, since]) => ({
		key,
		status: 'enabled',
		since,
	}));
	for (const [key, at] of first) {
		if (Object.hasOwn(enabled, key) || at + syncDelay > nowMs) continue;
		out.push({
			key,
			status: 'not enabled',
			since: new Date(at + syncDelay).toISOString(),
		});
	}

	return out.toSorted(
		(a, b) =>
			Number(b.status === 'enabled') - Number(a.status === 'enabled') ||
			(a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
	);
}

/** Refuses a key that bills cannot be grouped by (CostTag.NotEnabled), with how to enable it. */
export function needEnabled(data: WorldData, key: string, now: string) {
	if (Object.hasOwn(data.account.costs.enabled, key)) return;
	const first = firstUses(data);
	const listed = costTags(data, now, first).some((tag) => tag.key === key);
	throw new TagdeckError(
		'CostTag.NotEnabled',
		listed
			? `The tag key "${key}" is not enabled for cost allocation: enable it with tagdeck costs enable ${key}.`
			: `The tag key "${key}" is not a cost allocation tag yet: ${waitAdvice(first.get(key), key, now)}`,
	);
}

/** When a key will be listed, from its first use (undefined: never used). */
function waitAdvice(
	first: number | undefined,
	key: string,
	now: string,
): string {
	if (first === undefined)
		return `no resource has carried it. Tag resources with it; it is listed one world-day later (tagdeck costs tags).`;
	const when = new Date(first + syncDelay).toISOString();
	const hours = Math.ceil((first + syncDelay - Date.parse(now)) / 3_600_000);
	return `it is listed one world-day after it was first used, at ${when} (in ${hours} h; tagdeck clock advance ${hours}h), then enable it with tagdeck costs enable ${key}.`;
}

/** Enables or disables cost allocation tag keys, or switches associated-resource allocation. */
export function changeCosts(
	txn: Txn,
	command: Extract<Command, {op: 'costs'}>,
) {
	const {data} = txn.world;
	const costs = structuredClone(txn.account().costs);
	const first = firstUses(data);
	const listed = new Set(costTags(data, txn.now, first).map((tag) => tag.key));
	for (const key of command.enable ?? []) {
		if (Object.hasOwn(costs.enabled, key)) continue;
		if (!listed.has(key)) {
			throw new TagdeckError(
				'CostTag.NotFound',
				`"${key}" is not in the cost allocation tag list: ${waitAdvice(first.get(key), key, txn.now)}`,
			);
		}

		costs.enabled[key] = txn.now;
	}

	for (const key of command.disable ?? []) {
		if (!Object.hasOwn(costs.enabled, key)) {
			throw new TagdeckError(
				'CostTag.NotEnabled',
				`"${key}" is not enabled for cost allocation, so it cannot be disabled; see tagdeck costs tags.`,
			);
		}

		delete costs.enabled[key];
	}

	if (command.associated !== undefined) costs.associated = command.associated;
	txn.setDoc('a', 'account', {...txn.account(), costs});
}
