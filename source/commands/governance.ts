import {compliance, fixPlan} from '../core/governance/compliance.js';
import {
	effectiveRules,
	presets,
	tagPolicies,
	tagPolicy,
} from '../core/governance/governance.js';
import {tagPolicyCode, tagPolicyLimit} from '../core/governance/tag-policy.js';
import {TagdeckError} from '../core/errors.js';
import {parseTagArgument, visible} from '../core/tags.js';
import {
	authorizeRead,
	dbFlag,
	noteHidden,
	openStore,
	readWorld,
	regionFlag,
	UsageError,
} from './context.js';
import {readDocumentFile} from './document-file.js';
import {csvText, plural, print, printJson, table} from './output.js';
import {applyAndReport} from './report.js';
import {defineCommand} from './spec.js';

const jsonFlag = {json: {type: 'boolean', default: false}} as const;

/** `KEY` or `KEY=V1,V2`: a preset key and its values. */
function presetArgument(text: string): {key: string; values: string[]} {
	const equals = text.indexOf('=');
	if (equals === -1) {
		const [key] = parseTagArgument(`${text}=`);
		return {key, values: []};
	}

	const [key, value] = parseTagArgument(text);
	return {
		key,
		values: value === '' ? [] : value.split(',').map((v) => v.trim()),
	};
}

export const preset = defineCommand({
	name: 'preset',
	summary: 'preset tags: keys and values made ahead of use, in every region',
	help: `
	Usage
	  $ tagdeck preset add KEY[=V1,V2…]… [--description TEXT]
	  $ tagdeck preset rm KEY[=VALUE]…
	  $ tagdeck preset list [--json]

	Preset tags are made ahead of use for the whole account: every region's key
	list shows them (tagdeck keys, kind preset) and the tag editor offers them,
	even where no resource carries them. At most ${'1,000'} keys, ${'1,000'} values per key,
	and 10 keys and 10 values of a key in one command (CreateTags). rm removes a
	value, or a key with no values left that no resource carries (DeleteTag).
	Each change is a step that tagdeck undo reverses.

	Options
	  --description TEXT   With add: what the keys are for
	  --json               Print JSON
	  --db FILE            The world file

	Examples
	  $ tagdeck preset add CostCenter=retail,marketing,infra --description "who pays"
	  $ tagdeck preset rm CostCenter=marketing
	`,
	flags: {...dbFlag, ...jsonFlag, description: {type: 'string'}},
	async run(cli) {
		const [verb, ...words] = cli.input;
		const store = openStore(cli.flags.db);
		if (verb === 'list' || verb === undefined) {
			if (words.length > 0) throw new UsageError('preset list takes no words.');
			const world = await store.load();
			const list = presets(world.data);
			if (cli.flags.json) printJson(list);
			else if (list.length === 0)
				print('No preset tags. Add one with: tagdeck preset add KEY=V1,V2');
			else
				print(
					table(
						['KEY', 'VALUES', 'DESCRIPTION'],
						list.map((p) => [
							p.key,
							p.values.join(', ') || '-',
							visible(p.description) || '-',
						]),
					),
				);
			return 0;
		}

		if (verb !== 'add' && verb !== 'rm')
			throw new UsageError(
				`Unknown "preset ${visible(verb)}": use add, rm or list.`,
			);
		if (words.length === 0)
			throw new UsageError(
				`Name the keys: tagdeck preset ${verb} KEY[=VALUE]…`,
			);
		const parsed = words.map((word) => presetArgument(word));
		return applyAndReport(
			store,
			verb === 'add'
				? {
						op: 'preset',
						add: parsed,
						...(cli.flags.description === undefined
							? {}
							: {description: cli.flags.description}),
					}
				: {
						op: 'preset',
						remove: parsed.flatMap(({key, values}) =>
							values.length === 0
								? [{key}]
								: values.map((value) => ({key, value})),
						),
					},
			{
				json: cli.flags.json,
				done: (r) =>
					`Done: ${r.event!.summary} (step #${r.event!.seq}; tagdeck undo reverses it).`,
			},
		);
	},
});

export const policy = defineCommand({
	name: 'policy',
	summary:
		'tag policies: create, attach, the effective policy, strong verification',
	help: `
	Usage
	  $ tagdeck policy create NAME --file FILE|- [--description TEXT]
	  $ tagdeck policy delete|attach|detach|show NAME
	  $ tagdeck policy list|effective [--json]
	  $ tagdeck policy strong on|off

	A tag policy says which tag keys resources must carry, with which values
	(docs/governance.md): {"tags": {"costcenter": {"tag_key": {"@@assign":
	"CostCenter"}, "tag_value": {"@@assign": ["retail", "infra"]},
	"enforced_for": {"@@assign": ["ecs:instance"]}}}}. Also resource_type_scope
	and region_scope. Anything else is refused with its place in the document.
	At most ${tagPolicyLimit.toLocaleString('en-US')} characters.

	Attached policies are in force: merged by key, the first attached wins a key
	two state. For the enforced_for types, create and tag refuse a value outside
	the list (TagPolicy.NonCompliant); with strong verification on, creating one
	without the key is refused too. tagdeck compliance reports, tagdeck fix
	renames what is only spelled differently. Each change is a step.

	Options
	  --file FILE          With create: the document (- reads standard input)
	  --description TEXT   With create: what the policy is for
	  --json               Print JSON
	  --db FILE            The world file

	Examples
	  $ tagdeck policy create costcenter --file data/tag-policies/costcenter.json
	  $ tagdeck policy attach costcenter
	  $ tagdeck policy effective
	`,
	flags: {
		...dbFlag,
		...jsonFlag,
		file: {type: 'string'},
		description: {type: 'string'},
	},
	async run(cli) {
		const [verb, name, ...rest] = cli.input;
		const store = openStore(cli.flags.db);
		const report = async (command: Parameters<typeof applyAndReport>[1]) =>
			applyAndReport(store, command, {
				json: cli.flags.json,
				done: (r) =>
					`Done: ${r.event!.summary} (step #${r.event!.seq}; tagdeck undo reverses it).`,
			});
		if (verb === 'list' || verb === 'effective' || verb === undefined) {
			if (name !== undefined)
				throw new UsageError(`policy ${verb ?? 'list'} takes no name.`);
			const world = await store.load();
			const {attached, strong} = world.data.account.tagPolicies;
			if (verb === 'effective') {
				const rules = effectiveRules(world.data);
				if (cli.flags.json) printJson({strong, rules});
				else if (rules.length === 0)
					print('No tag policy is attached: nothing is checked or enforced.');
				else
					print(
						`${table(
							['KEY', 'VALUES', 'TYPES', 'REGIONS', 'ENFORCED FOR', 'FROM'],
							rules.map((r) => [
								r.key,
								r.values?.join(', ') ?? 'any',
								r.types?.join(', ') ?? 'all',
								r.regions?.join(', ') ?? 'all',
								r.enforcedFor.join(', ') || '-',
								r.from,
							]),
						)}\nStrong verification: ${strong ? 'on' : 'off'}.`,
					);
				return 0;
			}

			const list = tagPolicies(world.data).map((p) => ({
				name: p.name,
				attached: attached.includes(p.name),
				description: p.description,
				created: p.created,
			}));
			if (cli.flags.json) printJson(list);
			else if (list.length === 0)
				print(
					'No tag policies. Make one with: tagdeck policy create NAME --file FILE',
				);
			else
				print(
					table(
						['NAME', 'ATTACHED', 'DESCRIPTION'],
						list.map((p) => [
							p.name,
							p.attached ? `yes (#${attached.indexOf(p.name) + 1})` : 'no',
							visible(p.description) || '-',
						]),
					),
				);
			return 0;
		}

		if (verb === 'strong') {
			if (name !== 'on' && name !== 'off')
				throw new UsageError('policy strong takes on or off.');
			return report({
				op: 'tag-policy',
				action: 'strong',
				enabled: name === 'on',
			});
		}

		if (!['create', 'delete', 'attach', 'detach', 'show'].includes(verb))
			throw new UsageError(
				`Unknown "policy ${visible(verb)}": use create, delete, attach, detach, show, list, effective or strong.`,
			);
		// `--file -` reaches here as a lone "-" word.
		const stdin = verb === 'create' && rest[0] === '-' && !cli.flags.file;
		if (name === undefined || rest.length > (stdin ? 1 : 0))
			throw new UsageError(
				`Give one policy name: tagdeck policy ${verb} NAME.`,
			);
		if (verb === 'show') {
			const world = await store.load();
			const entry = tagPolicy(world.data, name);
			if (!entry)
				throw new TagdeckError(
					'TagPolicy.NotFound',
					`There is no tag policy "${visible(name)}" (tagdeck policy list).`,
				);
			const attached = world.data.account.tagPolicies.attached.includes(name);
			if (cli.flags.json) printJson({...entry, attached});
			else
				print(
					[
						`${entry.name}  (tag policy, ${attached ? 'attached' : 'not attached'}, created ${entry.created})`,
						...(entry.description ? [`  ${visible(entry.description)}`] : []),
						'',
						entry.document.trimEnd(),
					].join('\n'),
				);
			return 0;
		}

		if (verb === 'create') {
			const file = stdin ? '-' : cli.flags.file;
			if (!file)
				throw new UsageError(
					`Give the document: tagdeck policy create ${name} --file FILE (or --file -).`,
				);
			const document = await readDocumentFile(file, {
				limit: tagPolicyLimit,
				tooLong: tagPolicyCode,
				malformed: tagPolicyCode,
				what: 'a tag policy',
			});
			return report({
				op: 'tag-policy',
				action: 'create',
				name,
				document,
				...(cli.flags.description === undefined
					? {}
					: {description: cli.flags.description}),
			});
		}

		return report({
			op: 'tag-policy',
			action: verb as 'delete' | 'attach' | 'detach',
			name,
		});
	},
});

export const complianceCommand = defineCommand({
	name: 'compliance',
	summary:
		'which resources the tag policies in force find non-compliant, and why',
	help: `
	Usage
	  $ tagdeck compliance [--region R] [--key K] [--json|--csv]

	For each key of the attached tag policies: how many resources in its scope
	are compliant, non-compliant or not applicable (out of scope), and the
	coverage. Then each non-compliant resource with the reason: missing (no such
	key), value (a value the policy does not allow), or similar (a key or value
	equal to the policy's after trimming spaces and ignoring case, which tagdeck
	fix renames). And how many resources carry no custom tag at all.

	Options
	  --region R   Only region R
	  --key K      Only the policy key K (any case)
	  --json       Print JSON: {keys, resources, untagged}
	  --csv        Print the non-compliant resources as CSV
	  --db FILE    The world file

	Examples
	  $ tagdeck compliance
	  $ tagdeck compliance --key CostCenter --csv > costcenter.csv
	`,
	flags: {
		...dbFlag,
		...jsonFlag,
		csv: {type: 'boolean', default: false},
		region: {type: 'string'},
		key: {type: 'string'},
	},
	async run(cli) {
		if (cli.flags.json && cli.flags.csv)
			throw new UsageError('Give --json or --csv, not both.');
		if (cli.input.length > 0)
			throw new UsageError('compliance takes no words; see --help.');
		const region = regionFlag(cli.flags.region);
		const {world, hidden} = await readWorld(cli.flags.db, region);
		authorizeRead(world, 'compliance');
		noteHidden(hidden);
		const rules = effectiveRules(world.data);
		if (rules.length === 0) {
			throw new TagdeckError(
				'TagPolicy.NotFound',
				'No tag policy is attached, so there is nothing to check against: tagdeck policy create NAME --file FILE, then tagdeck policy attach NAME.',
			);
		}

		const report = compliance(world, {region, key: cli.flags.key});
		if (cli.flags.key !== undefined && report.keys.length === 0) {
			throw new TagdeckError(
				'TagPolicy.NotFound',
				`No policy in force has the key "${visible(cli.flags.key)}"; its keys: ${rules.map((r) => r.key).join(', ')}.`,
			);
		}

		if (cli.flags.json) {
			printJson(report);
			return 0;
		}

		if (cli.flags.csv) {
			process.stdout.write(
				csvText([
					['id', 'key', 'status', 'reason', 'found'],
					...report.resources.map((f) => [
						f.id,
						f.key,
						f.status,
						f.reason,
						f.found ?? '',
					]),
				]),
			);
			return 0;
		}

		const percent = (coverage: number | null) =>
			coverage === null ? '-' : `${(coverage * 100).toFixed(1)}%`;
		const lines = [
			table(
				[
					'KEY',
					'COMPLIANT',
					'NON-COMPLIANT',
					'NOT APPLICABLE',
					'COVERAGE',
					'POLICY',
				],
				report.keys.map((k) => [
					k.key,
					k.compliant.toLocaleString('en-US'),
					k.nonCompliant.toLocaleString('en-US'),
					k.notApplicable.toLocaleString('en-US'),
					percent(k.coverage),
					k.policy,
				]),
			),
		];
		const similar = report.resources.filter((f) => f.reason === 'similar');
		if (similar.length > 0) {
			lines.push(
				'',
				`${plural(similar.length, 'resource')} differ only in case or spaces (tagdeck fix --dry-run shows the renames):`,
				table(
					['ID', 'KEY', 'FOUND'],
					similar
						.slice(0, 20)
						.map((f) => [f.id, f.key, visible(f.found ?? '')]),
				),
			);
			if (similar.length > 20)
				lines.push(
					`… and ${similar.length - 20} more (--json or --csv lists all).`,
				);
		}

		lines.push(
			'',
			`${plural(report.untagged, 'resource')} carry no custom tag at all.`,
		);
		print(lines.join('\n'));
		return 0;
	},
});

export const fix = defineCommand({
	name: 'fix',
	summary: 'rename tags that differ from the tag policy only in case or spaces',
	help: `
	Usage
	  $ tagdeck fix [--policy NAME] [--region R] [--dry-run] [--json]

	Every key and value tagdeck compliance calls similar (" retail" for retail,
	costcenter for CostCenter) is renamed to the policy's spelling: one step,
	previewed with --dry-run, that tagdeck undo reverses. Inheritance follows the
	renamed tags as it follows any tag change. --policy uses one policy,
	attached or not, instead of the policies in force.

	Options
	  --policy NAME   Only this tag policy's keys
	  --region R      Only region R
	  --dry-run       Show what would change; change nothing
	  --json          Print JSON
	  --db FILE       The world file
	`,
	flags: {
		...dbFlag,
		...jsonFlag,
		policy: {type: 'string'},
		region: {type: 'string'},
		dryRun: {type: 'boolean', default: false},
	},
	async run(cli) {
		if (cli.input.length > 0)
			throw new UsageError('fix takes no words; see --help.');
		const region = regionFlag(cli.flags.region);
		const store = openStore(cli.flags.db);
		const world = await store.load();
		if (
			cli.flags.policy !== undefined &&
			!tagPolicy(world.data, cli.flags.policy)
		)
			throw new TagdeckError(
				'TagPolicy.NotFound',
				`There is no tag policy "${visible(cli.flags.policy)}" (tagdeck policy list).`,
			);
		const options = {
			...(cli.flags.policy === undefined ? {} : {policy: cli.flags.policy}),
			...(region === undefined ? {} : {region}),
		};
		if (fixPlan(world, options).length === 0 && !cli.flags.json) {
			print(
				'Nothing to fix: no key or value differs from the policy only in case or spaces.',
			);
			return 0;
		}

		return applyAndReport(
			store,
			{op: 'fix', ...options},
			{json: cli.flags.json, dryRun: cli.flags.dryRun},
		);
	},
});
