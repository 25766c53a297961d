import {linkKinds, typeNamed} from '../../../core/catalogue.js';
import type {Command, Resource} from '../../../core/model.js';
import type {World} from '../../../core/world.js';

/** An entry of the actions menu: a command, a list to choose from, or a text to type. */
export type MenuItem = {
	label: string;
	command?: Command;
	submenu?: MenuItem[];
	/** The command made of the text typed (a name, a command to run, an image). */
	named?: (text: string) => Command;
	/** What to type, when it is not a name. */
	typed?: string;
	/** The prompt's label for that text (`command`, `image`); `name` by default. */
	field?: string;
};

const label = (r: Resource) =>
	`${r.id}  ${r.name}${r.zone ? `  ${r.zone}` : ''}`;

/** Instances a disk or ENI could be attached to: same zone (disks) or region (ENIs). */
function attachTargets(world: World, child: Resource): Resource[] {
	return world
		.inRegion(child.region)
		.filter(
			(r) =>
				r.type === 'Ecs-Instance' &&
				(child.type !== 'Ecs-Disk' || r.zone === child.zone),
		);
}

/** Targets an EIP could be associated with: allowed types in its region without an EIP. */
function associateTargets(world: World, eip: Resource): Resource[] {
	const allowed = new Set(linkKinds.associatedWith.to);
	return world
		.inRegion(eip.region)
		.filter(
			(r) =>
				allowed.has(r.type) &&
				!world
					.children(r.id, 'associatedWith')
					.some((c) => c.type === 'Vpc-Eip'),
		);
}

function single(world: World, r: Resource): MenuItem[] {
	const items: MenuItem[] = [];
	const links = r.links ?? {};
	if (r.type === 'Ecs-Disk' || r.type === 'Ecs-Eni') {
		if (links.attachedTo) {
			items.push({
				label: `Detach from ${links.attachedTo}`,
				command: {op: 'detach', id: r.id},
			});
		} else {
			const choices = attachTargets(world, r).map((t) => ({
				label: `Attach to ${label(t)}`,
				command: {op: 'attach', id: r.id, to: t.id} satisfies Command,
			}));
			items.push({
				label:
					choices.length > 0
						? 'Attach to an instance…'
						: `Attach: no instance in ${r.type === 'Ecs-Disk' ? `zone ${r.zone ?? ''}` : r.region}`,
				submenu: choices,
			});
		}
	}

	if (r.type === 'Vpc-Eip') {
		if (links.associatedWith) {
			items.push({
				label: `Unassociate from ${links.associatedWith}`,
				command: {op: 'unassociate', id: r.id},
			});
		} else {
			const choices = associateTargets(world, r).map((t) => ({
				label: `Associate with ${typeNamed(t.type).label} ${label(t)}`,
				command: {op: 'associate', id: r.id, to: t.id} satisfies Command,
			}));
			items.push({label: 'Associate with…', submenu: choices});
		}
	}

	if (r.type === 'Ecs-Disk')
		items.push({
			label: 'Create a snapshot',
			command: {op: 'create', type: 'Ecs-Snapshot', in: r.id},
		});
	if (r.type === 'Kafka-Instance') {
		items.push(
			{
				label: 'Create a topic (type its name)',
				named: (name) => ({op: 'create', type: 'Kafka-Topic', in: r.id, name}),
			},
			{
				label: 'Create a consumer group (type its name)',
				named: (name) => ({
					op: 'create',
					type: 'Kafka-ConsumerGroup',
					in: r.id,
					name,
				}),
			},
		);
	}

	if (r.type === 'Cs-Cluster')
		items.push({
			label: 'Scale out: add an instance',
			command: {op: 'create', type: 'Ecs-Instance', in: r.id},
		});
	return items;
}

/** Run a command on the running instances, replace the image of the stopped ones: the text is typed. */
function typedActions(instances: Resource[], what: string): MenuItem[] {
	const items: MenuItem[] = [];
	const running = instances.filter((r) => r.status === 'Running');
	const stopped = instances.filter((r) => r.status === 'Stopped');
	const part = (some: Resource[], status: string) =>
		some.length === instances.length
			? what
			: `${some.length} ${status} of ${instances.length} instances`;
	if (running.length > 0) {
		const ids = running.map((r) => r.id);
		items.push({
			label: `Run a command on ${part(running, 'running')} (type it)`,
			typed: 'the command to run',
			field: 'command',
			named: (command) => ({op: 'run', ids, command}),
		});
	}

	if (stopped.length > 0) {
		const ids = stopped.map((r) => r.id);
		items.push({
			label: `Replace the image of ${part(stopped, 'stopped')} (type the image)`,
			typed: 'a public image name or a custom image ID (m-…) of the region',
			field: 'image',
			named: (image) => ({op: 'replace-image', ids, image}),
		});
	}

	return items;
}

/** The actions that are valid for these resources. */
export function actionsFor(
	world: World,
	ids: string[],
): {title: string; items: MenuItem[]} {
	const resources = ids
		.map((id) => world.get(id))
		.filter((r) => r !== undefined);
	const items: MenuItem[] =
		resources.length === 1 ? single(world, resources[0]!) : [];
	const instances = resources.filter((r) => r.type === 'Ecs-Instance');
	const instanceIds = instances.map((r) => r.id);
	const what =
		instances.length === 1 ? instances[0]!.id : `${instances.length} instances`;
	if (instances.some((r) => r.status === 'Stopped')) {
		items.push({
			label: `Start ${what}`,
			command: {
				op: 'start',
				ids: instanceIds.filter((id) => world.get(id)!.status === 'Stopped'),
			},
		});
	}

	if (instances.some((r) => r.status === 'Running')) {
		const running = instanceIds.filter(
			(id) => world.get(id)!.status === 'Running',
		);
		items.push(
			{label: `Stop ${what}`, command: {op: 'stop', ids: running}},
			{label: `Reboot ${what}`, command: {op: 'reboot', ids: running}},
		);
	}

	items.push(...typedActions(instances, what));
	if (resources.length > 0) {
		const name =
			resources.length === 1
				? resources[0]!.id
				: `${resources.length} resources`;
		items.push({
			label: `Release ${name}`,
			command: {op: 'release', ids: resources.map((r) => r.id)},
		});
	}

	const title =
		resources.length === 1
			? `Actions on ${resources[0]!.id}`
			: `Actions on ${resources.length} marked resources`;
	return {title, items};
}
