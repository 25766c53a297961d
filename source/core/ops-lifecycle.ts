import {forEachInBatch} from './batch.js';
import {
	creationLink,
	getRegion,
	linkKinds,
	regionOfZone,
	resolveType,
	typeNamed,
	type ResourceType,
} from './catalogue.js';
import {TagdeckError, type Failure} from './errors.js';
import {checkIdName, isNamed, makeId, shortName} from './ids.js';
import type {Command, LinkKind, Resource} from './model.js';
import {checkLink, unlink} from './ops-links.js';
import {stampCreator} from './ops-account.js';
import {checkQuota} from './ops-tags.js';
import {
	checkDisk,
	checkSpec,
	defaultCategory,
	defaultDiskSize,
	defaultSpec,
	sizeOf,
} from './prices.js';
import {checkName, checkTags} from './tags.js';
import type {Txn} from './txn.js';
import {enforce} from './governance/governance.js';

const maxCreateCount = 100;
export const defaultImage = 'aliyun_3_x64_20G_alibase_20230727.vhd';

type CreateOptions = Omit<Extract<Command, {op: 'create'}>, 'op'>;

function placement(
	txn: Txn,
	type: ResourceType,
	options: CreateOptions,
	parent: Resource | undefined,
): {region: string; zone: string | null} {
	let region = options.region?.toLowerCase();
	if (parent) {
		if (region && region !== parent.region) {
			throw new TagdeckError(
				'InvalidOperation.CrossRegion',
				`--in ${parent.id} is in ${parent.region}, not ${region}; drop --region, the region comes from --in.`,
			);
		}

		region = parent.region;
	}

	if (!region) {
		throw new TagdeckError(
			'MissingParameter.RegionId',
			`Say where to create the ${type.label}: --region R (see tagdeck regions).`,
		);
	}

	const known = getRegion(region);
	if (type.scope !== 'zone') {
		if (options.zone) {
			throw new TagdeckError(
				'InvalidParameter.Zone',
				`A ${type.label} is ${type.scope === 'global' ? 'global (it lives in a home region)' : 'region-scoped'}; drop --zone.`,
			);
		}

		return {region, zone: null};
	}

	if (!options.zone) return {region, zone: txn.random.pick(known.zones)};
	if (regionOfZone(options.zone) !== region) {
		throw new TagdeckError(
			'InvalidParameter.Zone',
			`Zone "${options.zone}" is not in ${region}; its zones are ${known.zones.join(', ')}.`,
		);
	}

	return {region, zone: options.zone};
}

function parentLink(type: ResourceType, parent: Resource): LinkKind {
	const kind = creationLink(type.name, parent.type);
	if (!kind) {
		const accepted = Object.values(linkKinds)
			.filter((spec) => spec.atCreation && spec.from.includes(type.name))
			.flatMap((spec) => spec.to.map((t) => typeNamed(t).label));
		throw new TagdeckError(
			'InvalidParameter.Link',
			accepted.length > 0
				? `A ${type.label} can be created in a ${accepted.join(' or ')}, not in a ${typeNamed(parent.type).label}.`
				: `A ${type.label} is not created inside another resource; drop --in.`,
		);
	}

	return kind;
}

/**
What a new resource is billed by (docs/costs.md): an instance's type, a disk's
size and category, a snapshot's size (its disk's). Options that do not apply to
the type are refused rather than ignored.
*/
function billedFields(
	type: ResourceType,
	options: CreateOptions,
	parent: Resource | undefined,
): Partial<Resource> {
	const given = (
		[
			['--spec', options.spec],
			['--size', options.size],
			['--category', options.category],
		] as const
	).filter(([, value]) => value !== undefined);
	const allowed =
		type.name === 'Ecs-Instance'
			? ['--spec']
			: type.name === 'Ecs-Disk'
				? ['--size', '--category']
				: [];
	const wrong = given.find(([flag]) => !allowed.includes(flag));
	if (wrong) {
		throw new TagdeckError(
			'InvalidParameter.Spec',
			`${wrong[0]} applies to ${wrong[0] === '--spec' ? 'instances' : 'disks'} only, not to ${type.label}s; drop it.`,
		);
	}

	if (type.name === 'Ecs-Instance') {
		const spec = options.spec ?? defaultSpec;
		checkSpec(spec);
		return {spec};
	}

	if (type.name === 'Ecs-Disk') {
		const size = options.size ?? defaultDiskSize;
		const category = options.category ?? defaultCategory;
		checkDisk(size, category);
		return {size, category};
	}

	if (type.name === 'Ecs-Snapshot' && parent) return {size: sizeOf(parent)};
	return {};
}

/** Creates resources (docs/behaviour.md §5); returns their IDs. */
export function create(txn: Txn, options: CreateOptions): string[] {
	const type = resolveType(options.type);
	const count = options.count ?? 1;
	if (!Number.isInteger(count) || count < 1 || count > maxCreateCount) {
		throw new TagdeckError(
			'InvalidParameter.Count',
			`--count must be a whole number from 1 to ${maxCreateCount} (as RunInstances' Amount).`,
		);
	}

	const parent = options.in ? txn.need(options.in) : undefined;
	const kind = parent ? parentLink(type, parent) : undefined;
	if (type.id.style === 'childName' && !parent) {
		throw new TagdeckError(
			'MissingParameter.Link',
			`A ${type.label} lives in a Kafka instance: give it with --in.`,
		);
	}

	const billed = billedFields(type, options, parent);
	const {region, zone: chosenZone} = placement(txn, type, options, parent);
	const tags = {...options.tags};
	checkTags(tags);
	if (options.name !== undefined) checkName(options.name);
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		const zone =
			i === 0 || options.zone
				? chosenZone
				: placement(txn, type, options, parent).zone;
		let name = options.name ?? `${type.aliases[0]}-${shortName(txn.random)}`;
		if (isNamed(type) && options.name !== undefined && count > 1) {
			name = `${options.name}-${i + 1}`;
		}

		if (isNamed(type)) checkIdName(type, name);
		const id = makeId(type, region, txn.random, name, parent?.id);
		const resource: Resource = {
			id,
			type: type.name,
			region,
			zone,
			name,
			status: type.statuses ? 'Running' : null,
			created: txn.now,
			tags: {...tags},
			...billed,
		};
		stampCreator(txn, resource);
		enforce(txn, resource, resource.tags, true);
		if (type.name === 'Ecs-Instance') resource.image = defaultImage;
		checkQuota(txn, resource, {});
		if (parent && kind) {
			checkLink(kind, resource, parent);
			resource.links = {[kind]: parent.id};
		}

		txn.add(resource);
		ids.push(id);
	}

	return ids;
}

/**
Releases resources. Links to a released resource are broken first: disks and
ENIs are detached, EIPs unassociated, cluster members leave the cluster; a
Kafka instance's topics and consumer groups go with it. Snapshots keep their
tags and still name their (released) source disk.
*/
export function release(
	txn: Txn,
	ids: readonly string[],
	partial?: boolean,
): Failure[] {
	return forEachInBatch(txn, ids, partial, (id) => {
		releaseOne(txn, id);
	});
}

function releaseOne(txn: Txn, id: string) {
	if (!txn.exists(id)) return;
	const resource = txn.need(id);
	if (resource.links?.attachedTo) unlink(txn, 'detach', id);
	if (resource.links?.associatedWith) unlink(txn, 'unassociate', id);
	for (const child of txn.children(id)) {
		const links = child.links ?? {};
		if (links.attachedTo === id) unlink(txn, 'detach', child.id);
		if (links.associatedWith === id) unlink(txn, 'unassociate', child.id);
		if (links.cluster === id) txn.setLink(child.id, 'cluster', undefined);
		if (links.kafkaInstance === id) releaseOne(txn, child.id);
	}

	txn.remove(id);
}

/**
Copies a custom image to another region, or imports a key pair there: a new
resource with a new ID; tags are regional and are not copied.
*/
export function copy(txn: Txn, id: string, to: string, name?: string): string {
	const source = txn.need(id);
	const region = getRegion(to).id;
	if (source.type !== 'Ecs-Image' && source.type !== 'Ecs-KeyPair') {
		throw new TagdeckError(
			'InvalidOperation.NotCopyable',
			`Only custom images (copy) and key pairs (import) cross regions; ${id} is a ${typeNamed(source.type).label}.`,
		);
	}

	if (region === source.region) {
		throw new TagdeckError(
			'InvalidParameter.Region',
			`${id} is already in ${region}; copy it to another region.`,
		);
	}

	const type = typeNamed(source.type);
	let newName = name ?? source.name;
	if (isNamed(type) && name === undefined) newName = `${source.name}-${region}`;
	if (name !== undefined) checkName(name);
	if (isNamed(type)) checkIdName(type, newName);
	const newId = makeId(type, region, txn.random, newName);
	const resource: Resource = {
		id: newId,
		type: source.type,
		region,
		zone: null,
		name: newName,
		status: null,
		created: txn.now,
		tags: {},
	};
	stampCreator(txn, resource);

	txn.add(resource);
	return newId;
}
