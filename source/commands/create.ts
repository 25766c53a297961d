import {resourceTypes} from '../core/catalogue.js';
import {
	defaultCategory,
	defaultDiskSize,
	defaultSpec,
	diskCategories,
	diskSizes,
	instanceTypes,
} from '../core/prices.js';
import {parseTagArguments} from '../core/tags.js';
import {dbFlag, openStore, UsageError} from './context.js';
import {applyAndReport} from './report.js';
import {defineCommand} from './spec.js';

const typeList = resourceTypes
	.map((t) => `${t.aliases[0]!.padEnd(15)}${t.name} (${t.scope})`)
	.join('\n\t  ');

export default defineCommand({
	name: 'create',
	summary: 'create resources (snapshots, topics, scale-out with --in)',
	help: `
	Usage
	  $ tagdeck create TYPE [--region R] [--zone Z] [--name N] [--in ID] [--count N] [--tag K=V…]
	  $ tagdeck create instance … [--spec TYPE]
	  $ tagdeck create disk … [--size GiB] [--category C]

	Creates resources, tagged at creation if asked. A zone-scoped type without
	--zone gets a zone of the region, as RunInstances does. With --in the new
	resource is made from or in another one, and the region comes from it:
	  snapshot --in DISK         a snapshot of the disk
	  topic|group --in KAFKA     a topic or consumer group of the Kafka instance
	  instance --in CLUSTER      scale-out: new nodes of the ACK cluster
	  sg|clb|eip|nat|asg --in CLUSTER   a resource that belongs to the cluster
	Named types (bucket, keypair, template, cdn, topic, group) use --name as their ID.
	What a resource is billed by (tagdeck bill): an instance's type (default
	${defaultSpec}; ${instanceTypes.join(', ')}), a disk's size (default
	${defaultDiskSize} GiB, ${diskSizes.min}-${diskSizes.max}) and category (default ${defaultCategory};
	${diskCategories.join(', ')}); a snapshot has its disk's size.

	Types (alias, canonical name, location scope)
	  ${typeList}

	Options
	  --region R   Region (required unless --in)
	  --zone Z     Zone, for zone-scoped types
	  --name N     Name (the ID of named types); with --count, named types get -1, -2, …
	  --in ID      Create from or in this resource (see above)
	  --count N    How many, 1-100 (default 1)
	  --tag K=V    Tag at creation (repeatable)
	  --spec TYPE  Instances: the instance type
	  --size GiB   Disks: the size
	  --category C Disks: the category
	  --dry-run    Show what would be created; change nothing
	  --json       Print JSON: {"changed": [...], "failed": [], "created": [IDs]}
	  --db FILE    The world file

	Examples
	  $ tagdeck create instance --region cn-hangzhou --zone cn-hangzhou-h --name web-9 --tag env=dev
	  $ tagdeck create disk --region cn-hangzhou --zone cn-hangzhou-h --count 2
	  $ tagdeck create snapshot --in d-bp1xxxxxxxxxxxxxxxxx
	  $ tagdeck create topic --in alikafka_post-cn-xxxxxxxxxxxx --name orders
	`,
	flags: {
		...dbFlag,
		region: {type: 'string'},
		zone: {type: 'string'},
		name: {type: 'string'},
		in: {type: 'string'},
		count: {type: 'number'},
		tag: {type: 'string', isMultiple: true},
		spec: {type: 'string'},
		size: {type: 'number'},
		category: {type: 'string'},
		dryRun: {type: 'boolean', default: false},
		json: {type: 'boolean', default: false},
	},
	async run(cli) {
		if (cli.input.length !== 1)
			throw new UsageError(
				'create takes one resource type, e.g. tagdeck create disk --region cn-hangzhou',
			);
		const {flags} = cli;
		return applyAndReport(
			openStore(flags.db),
			{
				op: 'create',
				type: cli.input[0]!,
				region: flags.region,
				zone: flags.zone,
				name: flags.name,
				in: flags.in,
				count: flags.count,
				tags: parseTagArguments(flags.tag ?? []),
				spec: flags.spec,
				size: flags.size,
				category: flags.category,
			},
			{
				json: flags.json,
				dryRun: flags.dryRun,
				done: (result) =>
					`Created ${result.created.join(', ')} (step #${result.event!.seq}; tagdeck undo reverses it).`,
			},
		);
	},
});
