import {resolveType, resourceTypes} from '../core/catalogue.js';
import {
	accountCreator,
	createdByKey,
	defaultTagQuota,
	maxTagQuota,
	quotaOf,
} from '../core/ops-account.js';
import {dbFlag, openStore, UsageError} from './context.js';
import {print, printJson, table} from './output.js';
import {applyAndReport} from './report.js';
import {defineCommand} from './spec.js';

const jsonFlag = {json: {type: 'boolean', default: false}} as const;

export const createdby = defineCommand({
	name: 'createdby',
	summary: 'the createdby system tag: on, off, status',
	help: `
	Usage
	  $ tagdeck createdby [on|off|status]

	While the createdby feature is on, every resource created gets the system tag
	${createdByKey}, naming who created it: customer:<AccountId> for the
	account (OpenCreatedBy, CloseCreatedBy, CheckCreatedByEnabled). Resources
	created while it was off never get the tag; turning it off keeps the tags
	already given. Nobody can set or remove the tag by hand.

	Options
	  --json      Print JSON
	  --db FILE   The world file

	Examples
	  $ tagdeck createdby status
	  $ tagdeck createdby on
	`,
	flags: {...dbFlag, ...jsonFlag},
	async run(cli) {
		const [state = 'status', ...rest] = cli.input;
		if (rest.length > 0 || !['on', 'off', 'status'].includes(state)) {
			throw new UsageError('createdby takes on, off or status.');
		}

		const store = openStore(cli.flags.db);
		if (state === 'status') {
			const world = await store.load();
			const {account} = world.data;
			if (cli.flags.json) {
				printJson({
					enabled: account.createdBy,
					key: createdByKey,
					value: accountCreator(account),
				});
			} else {
				print(
					account.createdBy
						? `on: new resources get ${createdByKey}=${accountCreator(account)}`
						: `off: new resources get no ${createdByKey} tag`,
				);
			}

			return 0;
		}

		return applyAndReport(
			store,
			{op: 'createdby', enabled: state === 'on'},
			{
				json: cli.flags.json,
				done: () =>
					state === 'on'
						? `The createdby tag is on: resources created from now on get ${createdByKey}.`
						: `The createdby tag is off: new resources get none; resources that have it keep it.`,
			},
		);
	},
});

function parseQuota(text: string): number | null {
	if (text === 'default') return null;
	const value = Number(text);
	if (!/^\d+$/v.test(text) || value < 1 || value > maxTagQuota) {
		throw new UsageError(
			`The quota is a whole number from 1 to ${maxTagQuota}, or "default" (${defaultTagQuota}).`,
		);
	}

	return value;
}

export const quota = defineCommand({
	name: 'quota',
	summary: 'tag quotas per resource type; set one',
	help: `
	Usage
	  $ tagdeck quota [--json]
	  $ tagdeck quota set TYPE N|default

	How many custom tags a resource of each type may carry: ${defaultTagQuota} unless
	raised (as a request in Quota Center does) or set otherwise. Tagging, creating
	and inheritance check it; system tags (acs:) do not count. A quota cannot be
	set below the custom tags a resource of the type already has.

	Options
	  --json      Print JSON
	  --db FILE   The world file

	Examples
	  $ tagdeck quota set Ecs-Instance 50
	  $ tagdeck quota set disk default
	`,
	flags: {...dbFlag, ...jsonFlag},
	async run(cli) {
		const [verb, type, value, ...rest] = cli.input;
		const store = openStore(cli.flags.db);
		if (verb === undefined) {
			const world = await store.load();
			const {account} = world.data;
			const quotas = resourceTypes.map((t) => ({
				type: t.name,
				quota: quotaOf(account, t.name),
			}));
			if (cli.flags.json) printJson(quotas);
			else
				print(
					table(
						['TYPE', 'QUOTA', ''],
						quotas.map((q) => [
							q.type,
							String(q.quota),
							q.quota === defaultTagQuota ? '' : 'set',
						]),
					),
				);
			return 0;
		}

		if (
			verb !== 'set' ||
			type === undefined ||
			value === undefined ||
			rest.length > 0
		) {
			throw new UsageError('Write: tagdeck quota set TYPE N|default.');
		}

		const {name} = resolveType(type);
		const next = parseQuota(value);
		return applyAndReport(
			store,
			{op: 'quota', type: name, quota: next},
			{
				json: cli.flags.json,
				done: () =>
					`The tag quota of ${name} is ${next ?? defaultTagQuota}${next === null ? ' (the default)' : ''}.`,
			},
		);
	},
});
