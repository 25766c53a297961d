import demoFile from '../../data/demo-world.json' with {type: 'json'};
import devPolicy from '../../data/ram/policyForDevTeam.json' with {type: 'json'};
import opsPolicy from '../../data/ram/policyForOpsTeam.json' with {type: 'json'};
import {findRegion, rules} from './catalogue.js';
import {
	type Command,
	type LinkKind,
	type RamCommand,
	type WorldData,
} from './model.js';
import {create} from './ops-lifecycle.js';
import {link} from './ops-links.js';
import {Txn} from './txn.js';
import {World} from './world.js';
import {emptyWorld} from './generated-world.js';
import {monthStart, replayPast, type PastStep} from './past.js';
import {changeRam} from './ram/identities.js';

export {generatedWorld} from './generated-world.js';

type DemoResource = {
	ref: string;
	type: string;
	region: string;
	zone?: string;
	name: string;
	status?: string;
	tags: Record<string, string>;
	links?: Partial<Record<LinkKind, string>>;
	spec?: string;
	size?: number;
	category?: string;
};

type DemoStep = {day: number; time: string; command: Record<string, unknown>};

/** A past step's command with the demo file's refs replaced by IDs. */
function pastCommand(
	command: Record<string, unknown>,
	id: (ref: string) => string,
): Command {
	const out = {...command};
	if (typeof out.id === 'string') out.id = id(out.id);
	if (typeof out.to === 'string') out.to = id(out.to);
	if (Array.isArray(out.ids)) out.ids = out.ids.map((ref: string) => id(ref));
	return out as Command;
}

const creationKinds: LinkKind[] = ['sourceDisk', 'kafkaInstance', 'cluster'];

/**
The demo world of data/demo-world.json, built with the same operations a user
has, so it obeys every rule of the simulator. `now` is the world time it is
made at: its resources were created two months before, and its log holds its
past, the steps of last month (docs/demo-world.md), so last month's bill has a
retag, an economical stop, a release and an EIP left idle to show.
*/
export function demoWorld(now: string): WorldData {
	const created = new Date(monthStart(now, -2) + 9 * 3_600_000).toISOString();
	const data = emptyWorld(demoFile.account.id, demoFile.seed, created);
	// The createdby feature is turned on just before `createdByFrom` is created.
	data.account.createdBy = false;
	const world = new World(data);
	const txn = new Txn(world, created);
	const ids = new Map<string, string>();
	const id = (ref: string) => {
		const found = ids.get(ref);
		if (!found) throw new Error(`demo world: unknown ref ${ref}`);
		return found;
	};

	for (const spec of demoFile.resources as DemoResource[]) {
		if (spec.ref === demoFile.account.createdByFrom)
			data.account.createdBy = true;
		const parentKind = creationKinds.find((kind) => spec.links?.[kind]);
		const [created] = create(txn, {
			type: spec.type,
			region: parentKind ? undefined : spec.region,
			zone: spec.zone,
			name: spec.name,
			in: parentKind ? id(spec.links![parentKind]!) : undefined,
			tags: spec.tags,
			spec: spec.spec,
			size: spec.size,
			category: spec.category,
		});
		ids.set(spec.ref, created!);
		if (spec.links?.attachedTo)
			link(txn, 'attach', created!, id(spec.links.attachedTo));
		if (spec.links?.associatedWith) {
			link(txn, 'associate', created!, id(spec.links.associatedWith));
		}

		if (spec.status && spec.status !== 'Running')
			txn.edit(created!).status = spec.status;
	}

	markPastLinks(txn, [...ids.values()]);
	world.applyPatches(txn.patches(), 'forward');
	data.rng = txn.random.state;
	addTutorialRam(world, created);
	const lastMonth = monthStart(now, -1);
	const past: PastStep[] = (demoFile.past as DemoStep[]).map((step) => {
		const [hours, minutes] = step.time.split(':').map(Number);
		const at =
			lastMonth +
			((step.day - 1) * 24 + hours!) * 3_600_000 +
			minutes! * 60_000;
		return {
			at: new Date(at).toISOString(),
			command: pastCommand(step.command, id),
		};
	});
	replayPast(world, past);
	return data;
}

/** The demo policies' documents, as data/ram/ holds them (tab-indented JSON). */
const demoPolicies: Record<string, unknown> = {
	policyForDevTeam: devPolicy,
	policyForOpsTeam: opsPolicy,
};

/**
The RAM tutorial, ready to try (docs/access.md): the policies, the users and
the groups, each policy attached to its group, made when the resources were.
*/
function addTutorialRam(world: World, at: string) {
	const change = (command: Omit<RamCommand, 'op'>) => {
		const txn = new Txn(world, at);
		changeRam(txn, {op: 'ram', ...command});
		world.applyPatches(txn.patches(), 'forward');
		world.data.rng = txn.random.state;
	};

	const {ram} = demoFile;
	for (const policy of ram.policies) {
		change({
			action: 'create-policy',
			name: policy.name,
			description: policy.description,
			document: `${JSON.stringify(demoPolicies[policy.name], undefined, '\t')}\n`,
		});
	}

	for (const name of ram.users) change({action: 'create-user', name});
	for (const group of ram.groups) {
		change({action: 'create-group', name: group.name});
		change({action: 'add-to-group', name: group.name, users: group.members});
		for (const policy of group.policies) {
			change({
				action: 'attach',
				name: policy,
				policyType: 'Custom',
				group: group.name,
			});
		}
	}
}

/**
The demo world's links for rules that cannot apply to existing resources were
made, in the world's past, while those rules were on: they are managed, so a
learner who enables such a rule sees it act on them at the next tag change.
*/
function markPastLinks(txn: Txn, ids: string[]) {
	for (const id of ids) {
		const child = txn.get(id)!;
		if (!findRegion(child.region)?.inheritance) continue;
		const managed = rules
			.filter((rule) => {
				const parent = child.links?.[rule.link];
				return (
					!rule.existing &&
					rule.associated === child.type &&
					parent !== undefined &&
					txn.get(parent)?.type === rule.primary
				);
			})
			.map((rule) => rule.settingName);
		if (managed.length > 0) txn.edit(id).managed = managed;
	}
}
