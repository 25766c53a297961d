import {linkKinds, typeNamed, rules} from '../core/catalogue.js';
import type {LinkKind} from '../core/model.js';
import {showResource} from '../core/query.js';
import {explainInherited} from '../core/rule-views.js';
import {isSystemKey, own, visible} from '../core/tags.js';
import {checkDescribe, dbFlag, openStore, UsageError} from './context.js';
import {print, printJson, table} from './output.js';
import {defineCommand} from './spec.js';

const reverse: Record<LinkKind, string> = {
	attachedTo: 'attached',
	associatedWith: 'associated EIPs',
	sourceDisk: 'snapshots',
	kafkaInstance: 'topics and consumer groups',
	cluster: 'cluster members',
};

/** "inherited from i-… (web-prod-1) by Ecs-Instance:Ecs-Disk, rule on" */
export default defineCommand({
	name: 'show',
	summary: 'one resource: tags with provenance, links',
	help: `
	Usage
	  $ tagdeck show ID [--json]

	One resource: where it is, its tags (own, inherited with where from, or
	system), what it is linked to and what links to it.

	Options
	  --json      Print JSON: the resource with tags, inherited, links and linkedBy
	  --db FILE   The world file

	Examples
	  $ tagdeck show i-bp1a3t36vhg8maa46og9
	  $ tagdeck show i-bp1a3t36vhg8maa46og9 --json | jq .tags
	`,
	flags: {...dbFlag, json: {type: 'boolean', default: false}},
	async run(cli) {
		if (cli.input.length !== 1)
			throw new UsageError('show takes exactly one resource ID.');
		const world = await openStore(cli.flags.db).load();
		checkDescribe(world, cli.input[0]!);
		const r = showResource(world, cli.input[0]!);
		if (cli.flags.json) {
			printJson(r);
			return 0;
		}

		const type = typeNamed(r.type);
		const lines = [
			`${r.id}  ${r.name}`,
			`  type      ${r.type} (${type.label}, ${type.api})`,
			`  arn       ${r.arn}`,
			`  location  ${r.zone ? `zone ${r.zone}, ` : ''}region ${r.region}${type.scope === 'global' ? ' (global service; this is its home region)' : ''}`,
		];
		if (r.status)
			lines.push(
				`  status    ${r.status}${r.economical ? ' (economical mode: compute is not billed)' : ''}`,
			);
		if (r.spec) lines.push(`  spec      ${r.spec}`);
		if (r.size !== undefined)
			lines.push(
				`  size      ${r.size} GiB${r.category ? ` ${r.category}` : ''}`,
			);
		if (r.image) lines.push(`  image     ${r.image}`);
		lines.push(`  created   ${r.created}`, '', 'Tags');
		const entries = Object.entries(r.tags);
		if (entries.length === 0) lines.push('  (none)');
		else {
			const rows = entries.map(([key, value]) => {
				const p = own(r.inherited, key);
				const origin = isSystemKey(key)
					? 'system'
					: p
						? explainInherited(world, r.region, p)
						: 'own';
				return [key, value === '' ? '""' : value, origin];
			});
			lines.push(
				...table(['KEY', 'VALUE', 'ORIGIN'], rows)
					.split('\n')
					.map((l) => `  ${l}`),
			);
		}

		const links = Object.entries(r.links) as Array<[LinkKind, string]>;
		const linkedBy = Object.entries(r.linkedBy) as Array<[LinkKind, string[]]>;
		if (links.length > 0 || linkedBy.length > 0) {
			lines.push('', 'Links');
			for (const [kind, target] of links) {
				lines.push(
					`  ${linkKinds[kind].verb} ${target}${world.get(target) ? '' : ' (released)'}`,
				);
			}

			for (const [kind, ids] of linkedBy) {
				lines.push(`  ${reverse[kind]}: ${ids.join(', ')}`);
			}

			for (const name of world.get(r.id)?.managed ?? []) {
				const rule = rules.find((x) => x.settingName === name);
				if (rule) {
					lines.push(
						`  its link to its ${rule.primary} is managed by ${rule.primary}:${rule.associated}`,
					);
				}
			}
		}

		print(lines.map((line) => visible(line)).join('\n'));
		return 0;
	},
});
