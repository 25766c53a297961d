import {linkKinds, typeNamed} from './catalogue.js';
import {TagdeckError} from './errors.js';
import type {LinkKind, Resource} from './model.js';
import type {Txn} from './txn.js';

function describe(resource: Resource): string {
	const type = typeNamed(resource.type);
	const place = resource.zone
		? `zone ${resource.zone}`
		: `region ${resource.region}`;
	return `${type.label} ${resource.id} (${place})`;
}

/**
Checks that `child` may carry a link of `kind` to `parent` (docs/behaviour.md §1:
types, same zone for disks, same region for everything else).
*/
export function checkLink(kind: LinkKind, child: Resource, parent: Resource) {
	const spec = linkKinds[kind];
	if (!spec.from.includes(child.type)) {
		throw new TagdeckError(
			'InvalidParameter.Link',
			`A ${typeNamed(child.type).label} cannot be ${spec.verb} anything; ${spec.from.map((t) => typeNamed(t).label).join(', ')} can.`,
		);
	}

	if (!spec.to.includes(parent.type)) {
		throw new TagdeckError(
			'InvalidParameter.Link',
			`A ${typeNamed(child.type).label} cannot be ${spec.verb} a ${typeNamed(parent.type).label}; it can be ${spec.verb} a ${spec.to.map((t) => typeNamed(t).label).join(', ')}.`,
		);
	}

	if (child.region !== parent.region) {
		throw new TagdeckError(
			'InvalidOperation.CrossRegion',
			`${describe(child)} and ${describe(parent)} are in different regions; links stay within one region.`,
		);
	}

	if (child.type === 'Ecs-Disk' && child.zone !== parent.zone) {
		throw new TagdeckError(
			'InvalidOperation.CrossZone',
			`${describe(child)} cannot be attached to ${describe(parent)}: a disk attaches only to an instance in its own zone.`,
		);
	}
}

const attachKinds: Record<'attach' | 'associate', LinkKind> = {
	attach: 'attachedTo',
	associate: 'associatedWith',
};

/** Attaches a disk or ENI, or associates an EIP. */
export function link(
	txn: Txn,
	op: 'attach' | 'associate',
	id: string,
	to: string,
) {
	const kind = attachKinds[op];
	const child = txn.need(id);
	const parent = txn.need(to);
	checkLink(kind, child, parent);
	const current = child.links?.[kind];
	if (current) {
		throw new TagdeckError(
			'InvalidOperation.AlreadyLinked',
			`${describe(child)} is already ${linkKinds[kind].verb} ${current}; ${op === 'attach' ? 'detach' : 'unassociate'} it first.`,
		);
	}

	txn.setLink(id, kind, to);
}

/** Detaches a disk or ENI, or unassociates an EIP. */
export function unlink(txn: Txn, op: 'detach' | 'unassociate', id: string) {
	const kind = op === 'detach' ? 'attachedTo' : 'associatedWith';
	const child = txn.need(id);
	if (!linkKinds[kind].from.includes(child.type)) {
		throw new TagdeckError(
			'InvalidParameter.Link',
			`${describe(child)} cannot be ${op === 'detach' ? 'detached' : 'unassociated'}: only ${linkKinds[kind].from.map((t) => typeNamed(t).label).join(', ')} can.`,
		);
	}

	if (!child.links?.[kind]) {
		throw new TagdeckError(
			'InvalidOperation.NotLinked',
			`${describe(child)} is not ${linkKinds[kind].verb} anything.`,
		);
	}

	txn.setLink(id, kind, undefined);
}
