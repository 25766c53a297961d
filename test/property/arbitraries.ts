import fc from 'fast-check';
import {now} from '../helpers/world.js';
import {rules} from '../../source/core/catalogue.js';
import type {Command, WorldData} from '../../source/core/model.js';
import {demoWorld} from '../../source/core/worlds.js';

/** The regions whose resources the generated commands act on. */
export const regionPool = ['cn-hangzhou', 'cn-shanghai'] as const;
export const keyPool = [
	'env',
	'app',
	'owner',
	'CostCenter',
	'k1',
	'k2',
	'k3',
	'k4',
	'k5',
	'k6',
] as const;
export const valuePool = ['prod', 'dev', 'test', 'a', 'b', ''] as const;
/** Keys named like members of every object's prototype: tags like any other. */
export const prototypeKeys = ['__proto__', 'constructor', 'toString'] as const;
/** Reserved prefixes in another case than the rule's: a tag command holding one is refused. */
export const reservedKeys = ['ALIYUN-k', 'Acs:k'] as const;

/**
Placeholders for resources a sequence creates: `@newN` stands for the
(N modulo how many) ID the run created, an ID that does not exist while it
created none. They are resolved when the command is applied.
*/
export const createdRefs = ['@new0', '@new1', '@new2', '@new3'] as const;
/** An ID no world holds. */
export const unknownId = 'i-bp1doesnotexist0000';

/** The demo world, built once; every run starts from a copy of it. */
const demoData: WorldData = demoWorld(now);

export function freshData(): WorldData {
	return structuredClone(demoData);
}

const ruleTypes = new Set(rules.flatMap((r) => [r.primary, r.associated]));
const pooled = Object.values(demoData.resources).filter(
	(r) =>
		(regionPool as readonly string[]).includes(r.region) &&
		ruleTypes.has(r.type),
);

function idsOf(...types: string[]): string[] {
	return pooled.filter((r) => types.includes(r.type)).map((r) => r.id);
}

const instances = idsOf('Ecs-Instance');
const disks = idsOf('Ecs-Disk');
const enis = idsOf('Ecs-Eni');
const eips = idsOf('Vpc-Eip');
const kafkas = idsOf('Kafka-Instance');
const clusters = idsOf('Cs-Cluster');
const primaries = idsOf(...new Set(rules.map((r) => r.primary)));
const eipTargetTypes = new Set(
	rules.filter((r) => r.associated === 'Vpc-Eip').map((r) => r.primary),
);
const eipTargets = idsOf(...eipTargetTypes);

/** Pairs the core may accept: a disk with an instance of its zone, an ENI or EIP with a target of its region. */
function pairs(
	children: string[],
	parents: string[],
	fits: (child: string, parent: string) => boolean,
): Array<[string, string]> {
	return children.flatMap((c) =>
		parents.filter((p) => fits(c, p)).map((p): [string, string] => [c, p]),
	);
}

const of = (id: string) => demoData.resources[id]!;
const attachPairs = pairs([...disks, ...enis], instances, (c, p) =>
	of(c).type === 'Ecs-Disk'
		? of(c).zone === of(p).zone
		: of(c).region === of(p).region,
);
const associatePairs = pairs(
	eips,
	eipTargets,
	(c, p) => of(c).region === of(p).region,
);

/** A created ID (when the run created any), or an unknown one. */
const createdOrUnknown = fc.oneof(
	{weight: 3, arbitrary: fc.constantFrom(...createdRefs)},
	{weight: 1, arbitrary: fc.constant(unknownId)},
);

/** Any pooled ID, more often a primary; sometimes a created or an unknown one. */
const anyId: fc.Arbitrary<string> = fc.oneof(
	{weight: 6, arbitrary: fc.constantFrom(...primaries)},
	{weight: 6, arbitrary: fc.constantFrom(...pooled.map((r) => r.id))},
	{weight: 1, arbitrary: createdOrUnknown},
);

/** An ID of one of these, sometimes a created or an unknown one. */
function idFrom(ids: string[]): fc.Arbitrary<string> {
	return fc.oneof(
		{weight: 10, arbitrary: fc.constantFrom(...ids)},
		{weight: 1, arbitrary: createdOrUnknown},
	);
}

/** A pair that fits (mostly) or any two IDs. */
function pairFrom(
	fitting: Array<[string, string]>,
	children: string[],
	parents: string[],
): fc.Arbitrary<{id: string; to: string}> {
	return fc
		.oneof(
			{weight: 3, arbitrary: fc.constantFrom(...fitting)},
			{weight: 1, arbitrary: fc.tuple(idFrom(children), idFrom(parents))},
		)
		.map(([id, to]) => ({id, to}));
}

const key = fc.constantFrom(...keyPool);
/** A key to set: mostly from the pool, now and then a prototype-named or reserved one. */
const tagKey = fc.oneof(
	{weight: 20, arbitrary: key},
	{weight: 2, arbitrary: fc.constantFrom(...prototypeKeys)},
	{weight: 1, arbitrary: fc.constantFrom(...reservedKeys)},
);
const value = fc.constantFrom(...valuePool);
const batchIds = fc.uniqueArray(anyId, {minLength: 1, maxLength: 4});
const partial = fc.option(fc.constant(true), {nil: undefined, freq: 3});

const tagCommand: fc.Arbitrary<Command> = fc
	.record({
		ids: batchIds,
		tags: fc.dictionary(tagKey, value, {minKeys: 1, maxKeys: 3}),
		partial,
	})
	.map(({ids, tags, partial}) => ({
		op: 'tag',
		ids,
		tags: {...tags},
		...(partial ? {partial} : {}),
	}));

const untagCommand: fc.Arbitrary<Command> = fc
	.record({
		ids: batchIds,
		keys: fc.option(fc.uniqueArray(key, {minLength: 1, maxLength: 3}), {
			nil: undefined,
			freq: 4,
		}),
		partial,
	})
	.map(({ids, keys, partial}) => ({
		op: 'untag',
		ids,
		...(keys ? {keys} : {all: true}),
		...(partial ? {partial} : {}),
	}));

const attachCommand: fc.Arbitrary<Command> = pairFrom(
	attachPairs,
	[...disks, ...enis],
	instances,
).map(({id, to}) => ({op: 'attach', id, to}));
const detachCommand: fc.Arbitrary<Command> = idFrom([...disks, ...enis]).map(
	(id) => ({op: 'detach', id}),
);
const associateCommand: fc.Arbitrary<Command> = pairFrom(
	associatePairs,
	eips,
	eipTargets,
).map(({id, to}) => ({op: 'associate', id, to}));
const unassociateCommand: fc.Arbitrary<Command> = idFrom(eips).map((id) => ({
	op: 'unassociate',
	id,
}));

const createCommand: fc.Arbitrary<Command> = fc.oneof(
	idFrom(disks).map((id): Command => ({
		op: 'create',
		type: 'Ecs-Snapshot',
		in: id,
	})),
	idFrom(kafkas).map((id): Command => ({
		op: 'create',
		type: 'Kafka-Topic',
		in: id,
	})),
	idFrom(kafkas).map((id): Command => ({
		op: 'create',
		type: 'Kafka-ConsumerGroup',
		in: id,
	})),
	idFrom(clusters).map((id): Command => ({
		op: 'create',
		type: 'Ecs-Instance',
		in: id,
	})),
);

const inheritanceCommand: fc.Arbitrary<Command> = fc
	.oneof(
		{weight: 1, arbitrary: fc.constant(true)},
		{weight: 1, arbitrary: fc.constant(false)},
	)
	.map((enabled) => ({op: 'inheritance', enabled}));

/** Rules, as indexes: mostly a few, sometimes many at once. */
const ruleIndexes = fc.oneof(
	{
		weight: 3,
		arbitrary: fc.uniqueArray(fc.nat({max: rules.length - 1}), {
			minLength: 1,
			maxLength: 3,
		}),
	},
	{
		weight: 1,
		arbitrary: fc.subarray(
			rules.map((_, i) => i),
			{minLength: 4},
		),
	},
);

/** How a rule is named on the command line: the `Primary:Associated` tail. */
const tail = (i: number) => `${rules[i]!.primary}:${rules[i]!.associated}`;

/** Enabling rules; `eager` favours apply-to-existing and all keys. */
const enabling = (eager: boolean): fc.Arbitrary<Command> =>
	fc
		.record({
			region: fc.constantFrom(...regionPool),
			chosen: ruleIndexes,
			// Undefined keeps the current scope, null is all keys.
			keys: fc.oneof(
				{weight: eager ? 2 : 1, arbitrary: fc.constant(undefined)},
				{weight: eager ? 2 : 1, arbitrary: fc.constant(null)},
				{
					weight: 1,
					arbitrary: fc.uniqueArray(key, {minLength: 1, maxLength: 4}),
				},
			),
			existing: fc.oneof(
				{weight: 1, arbitrary: fc.constant(undefined)},
				{weight: 1, arbitrary: fc.constant(false)},
				{weight: eager ? 4 : 1, arbitrary: fc.constant(true)},
			),
		})
		.map(({region, chosen, keys, existing}) => {
			// Apply-to-existing only for rules that support it.
			const supporting = chosen.filter((i) => rules[i]!.existing);
			const withExisting = existing === true && supporting.length > 0;
			const command: Command = {
				op: 'rules',
				region,
				rules: (withExisting ? supporting : chosen).map((i) => tail(i)),
				enable: true,
			};
			if (keys !== undefined) command.keys = keys;
			if (withExisting || existing === false) command.existing = existing;
			return command;
		});

const enableCommand = enabling(false);

const disableCommand: fc.Arbitrary<Command> = fc
	.record({region: fc.constantFrom(...regionPool), chosen: ruleIndexes})
	.map(({region, chosen}) => ({
		op: 'rules',
		region,
		rules: chosen.map((i) => tail(i)),
		enable: false,
	}));

export const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
	{weight: 8, arbitrary: tagCommand},
	{weight: 4, arbitrary: untagCommand},
	{weight: 2, arbitrary: attachCommand},
	{weight: 2, arbitrary: detachCommand},
	{weight: 2, arbitrary: associateCommand},
	{weight: 2, arbitrary: unassociateCommand},
	{weight: 3, arbitrary: createCommand},
	{weight: 3, arbitrary: inheritanceCommand},
	{weight: 5, arbitrary: enableCommand},
	{weight: 2, arbitrary: disableCommand},
	{weight: 3, arbitrary: fc.constant<Command>({op: 'undo'})},
	{weight: 2, arbitrary: fc.constant<Command>({op: 'redo'})},
);

/**
Most sequences begin by turning the feature on and enabling a few rules, so
that the rest of the sequence has inheritance to exercise; the rest may still
turn it off, disable rules, or undo all that.
*/
const setup: fc.Arbitrary<Command[]> = fc.oneof(
	{weight: 1, arbitrary: fc.constant<Command[]>([])},
	{
		weight: 3,
		arbitrary: fc
			.array(enabling(true), {maxLength: 3})
			.map((enable): Command[] => [
				{op: 'inheritance', enabled: true},
				...enable,
			]),
	},
);

/**
5 to 30 commands. The bound is checked on the whole sequence (not by a minimum
length of its parts) so that a failing sequence shrinks to its shortest form.
*/
export const sequenceArbitrary: fc.Arbitrary<Command[]> = fc
	.tuple(setup, fc.array(commandArbitrary, {maxLength: 26, size: 'max'}))
	.map(([first, rest]) => [...first, ...rest])
	.filter((commands) => commands.length >= 5);

/** Replaces `@newN` placeholders with the IDs the run created. */
export function resolve(command: Command, created: readonly string[]): Command {
	const id = (ref: string) =>
		ref.startsWith('@new')
			? (created.at(Number(ref.slice(4)) % Math.max(created.length, 1)) ??
				`${unknownId}-${ref.slice(1)}`)
			: ref;
	const out: Record<string, unknown> = {...command};
	for (const field of ['id', 'to', 'in']) {
		if (typeof out[field] === 'string') out[field] = id(out[field]);
	}

	if (Array.isArray(out.ids)) out.ids = (out.ids as string[]).map((i) => id(i));
	return out as Command;
}
