import {costTags} from './cost-tags.js';
import type {Command, Resource} from './model.js';
import type {PastStep} from './past.js';
import {diskCategories, instanceTypes, sizeOf} from './prices.js';
import type {Random} from './random.js';
import type {World} from './world.js';

/*
A generated world's past (docs/behaviour.md §7): what it is billed by, and last
month's steps, chosen with the world's own generator so that the same seed and
month give the same world. Small shares, so the log stays far inside its limits
at a million resources.
*/

/** The cost allocation tag key the account enabled, and the values it takes. */
export const costCenterKey = 'CostCenter';

/** How many resources a world of `count` releases in its past: it is generated with as many more. */
export const releasedCount = (count: number) => Math.floor(count / 200);

/** The most IDs one past step names; bigger selections are split. */
const stepLimit = 2000;

/** Share of CostCenter carriers moved to another cost centre, of running instances stopped, of associated EIPs unassociated. */
const shares = {retag: 0.02, stop: 0.03, unassociate: 0.01};
/** Unassociation is a step per EIP: at most this many, so the log keeps room. */
const maxUnassociations = 20;

/** Mostly system disks of 40 GiB, some data disks up to 1 TiB. */
const diskSizes = [40, 40, 40, 40, 100, 100, 200, 500, 1024];

/**
Gives instances an instance type and disks a size and category, and snapshots
their disk's size; in insertion order, so a snapshot's disk comes first.
*/
export function equip(world: World, random: Random) {
	world.each((resource) => {
		switch (resource.type) {
			case 'Ecs-Instance': {
				resource.spec = random.pick(instanceTypes);
				break;
			}

			case 'Ecs-Disk': {
				resource.size = random.pick(diskSizes);
				resource.category = random.pick(diskCategories);
				break;
			}

			case 'Ecs-Snapshot': {
				const disk = world.get(resource.links?.sourceDisk ?? '');
				resource.size = sizeOf(disk ?? {});
				break;
			}

			default:
		}
	});
}

const chunks = (ids: readonly string[]): string[][] =>
	Array.from({length: Math.ceil(ids.length / stepLimit)}, (_, index) =>
		ids.slice(index * stepLimit, (index + 1) * stepLimit),
	);

/**
Last month's steps, from `lastMonth` (ms): on the 3rd CostCenter is enabled for
cost allocation (when it is in the list); on the 10th `release` resources are
released; on the 15th some carriers of CostCenter move to another cost centre;
on the 20th some running instances are stopped in economical mode; on the 25th
some EIPs are unassociated and left idle. One walk of the world chooses them.
*/
export function generatedPast(
	world: World,
	random: Random,
	lastMonth: number,
	release: number,
	costCenters: readonly string[],
): PastStep[] {
	const steps: PastStep[] = [];
	const add = (day: number, hour: number, commands: Command[]) => {
		const at = lastMonth + ((day - 1) * 24 + hour) * 3_600_000;
		for (const [minute, command] of commands.entries()) {
			steps.push({at: new Date(at + minute * 60_000).toISOString(), command});
		}
	};

	const enableAt = new Date(lastMonth + (2 * 24 + 9) * 3_600_000).toISOString();
	if (costTags(world.data, enableAt).some((tag) => tag.key === costCenterKey))
		add(3, 9, [{op: 'costs', enable: [costCenterKey]}]);

	const all = world.resources();
	const gone = released(all, random, release);
	// The move to each cost centre is one tag step (per chunk).
	const moves = new Map<string, string[]>(costCenters.map((cc) => [cc, []]));
	const stopped: string[] = [];
	const idle: string[] = [];
	for (const resource of all) {
		if (gone.has(resource.id)) continue;
		const current = resource.tags[costCenterKey];
		if (current !== undefined && random.chance(shares.retag)) {
			const to = random.pick(costCenters.filter((cc) => cc !== current));
			moves.get(to)!.push(resource.id);
		}

		if (
			resource.type === 'Ecs-Instance' &&
			resource.status === 'Running' &&
			random.chance(shares.stop)
		)
			stopped.push(resource.id);
		const target = resource.links?.associatedWith;
		if (
			resource.type === 'Vpc-Eip' &&
			target !== undefined &&
			!gone.has(target) &&
			idle.length < maxUnassociations &&
			random.chance(shares.unassociate)
		)
			idle.push(resource.id);
	}

	add(
		10,
		14,
		chunks([...gone]).map((ids) => ({op: 'release', ids})),
	);
	add(
		15,
		11,
		[...moves].flatMap(([value, ids]) =>
			chunks(ids).map((batch) => ({
				op: 'tag' as const,
				ids: batch,
				tags: {[costCenterKey]: value},
			})),
		),
	);
	add(
		20,
		20,
		chunks(stopped).map((ids) => ({op: 'stop', ids, economical: true})),
	);
	add(
		25,
		10,
		idle.map((id) => ({op: 'unassociate', id})),
	);
	return steps;
}

/**
Exactly `count` resources to release (fewer only in a world with too few),
none that takes others with it (a Kafka instance) or that a snapshot names as
its source, so no link is left broken.
*/
function released(
	all: readonly Resource[],
	random: Random,
	count: number,
): Set<string> {
	const sources = new Set<string>();
	for (const resource of all) {
		if (resource.links?.sourceDisk) sources.add(resource.links.sourceDisk);
	}

	const chosen = new Set<string>();
	for (let tries = 0; chosen.size < count && tries < count * 100; tries++) {
		const resource = random.pick(all);
		if (resource.type !== 'Kafka-Instance' && !sources.has(resource.id))
			chosen.add(resource.id);
	}

	return chosen;
}
