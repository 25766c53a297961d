import type {Command} from '../../source/core/model.js';

/*
Shrunk counterexamples of R4 property 4 (managed links carry the primary's
current tags, in scope), run first by the sequence test as fast-check
`examples` so they stay checked once the core is fixed. Demo world IDs:
i-bp1sjndm88vsrpr07lef web-prod-1 (its disks d-bp1y48f1fqvsrfbmq2fz and
d-bp1nyurvvttrzy28qcqh), i-bp14isrt7rgtzdfqvvp2 dev-box-1 with the free disk
d-bp1hl6gg4dm2p7wc21x9, i-bp14tqyptmwpnnptjqxo crm-prod-1 with the disk
d-bp142sfyhbtcgzdj7a8g.
*/

const on: Command = {op: 'inheritance', enabled: true};
const off: Command = {op: 'inheritance', enabled: false};
const instanceDisk = 'Ecs-Instance:Ecs-Disk';

export const knownCounterexamples: Array<[Command[]]> = [
	// Found by the property: the feature is turned on again and nothing brings
	// the managed links in line; the disks keep app="shop" from before.
	[
		[
			on,
			{
				op: 'rules',
				region: 'cn-hangzhou',
				rules: [instanceDisk],
				enable: true,
				existing: true,
			},
			off,
			{op: 'tag', ids: ['i-bp1sjndm88vsrpr07lef'], tags: {app: 'prod'}},
			on,
		],
	],
	// Found by the property: a rule disabled and enabled again (without
	// apply-to-existing) leaves the link it still manages stale.
	[
		[
			on,
			{op: 'rules', region: 'cn-hangzhou', rules: [instanceDisk], enable: true},
			{
				op: 'attach',
				id: 'd-bp1hl6gg4dm2p7wc21x9',
				to: 'i-bp14isrt7rgtzdfqvvp2',
			},
			{
				op: 'rules',
				region: 'cn-hangzhou',
				rules: [instanceDisk],
				enable: false,
			},
			{op: 'tag', ids: ['i-bp14isrt7rgtzdfqvvp2'], tags: {env: 'prod'}},
			{op: 'rules', region: 'cn-hangzhou', rules: [instanceDisk], enable: true},
		],
	],
	// Found by the property: re-enabling a disabled rule with a narrower scope
	// leaves the out-of-scope inherited tags (env, owner, team) in place.
	[
		[
			on,
			{op: 'rules', region: 'cn-hangzhou', rules: [instanceDisk], enable: true},
			{
				op: 'attach',
				id: 'd-bp1hl6gg4dm2p7wc21x9',
				to: 'i-bp14isrt7rgtzdfqvvp2',
			},
			{
				op: 'rules',
				region: 'cn-hangzhou',
				rules: [instanceDisk],
				enable: false,
			},
			{
				op: 'rules',
				region: 'cn-hangzhou',
				rules: [instanceDisk],
				enable: true,
				keys: ['k1'],
			},
		],
	],
	// Written by hand from reading deliver(): a quota skip (docs/behaviour.md §4) skips
	// the whole delivery, so the disk also keeps the stale env="prod" although
	// changing a value never adds a tag. The spec allows the skip; R4 does not
	// allow the stale value: a decision for the core, see the report.
	[
		[
			on,
			{
				op: 'rules',
				region: 'cn-hangzhou',
				rules: [instanceDisk],
				enable: true,
				existing: true,
			},
			{op: 'tag', ids: ['d-bp142sfyhbtcgzdj7a8g'], tags: {k2: 'x'}},
			{
				op: 'tag',
				ids: ['i-bp14tqyptmwpnnptjqxo'],
				tags: {env: 'dev', k1: 'a'},
			},
		],
	],
];
