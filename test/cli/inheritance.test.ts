import {readFile} from 'node:fs/promises';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import regionsFile from '../../data/regions.json' with {type: 'json'};
import rulesFile from '../../data/rules.json' with {type: 'json'};
import {
	DemoWorlds,
	ok,
	okJson,
	readWorld,
	refused,
	resourcesOf,
	type ResourceView,
	sameBytes,
	tagdeck,
} from '../helpers/cli-run.js';

/*
Associated tag inheritance through the built command line (npm run build):
`rules`, `rules enable|disable`, `inheritance on|off`, and how `show` and
`list` explain inherited tags. Each test works on its own copy of the demo
world, given with --db.
*/

type RuleRow = {
	settingName: string;
	primary: string;
	associated: string;
	region: string;
	enabled: boolean;
	keys: string[] | null;
	existing: boolean;
	existingSupported: boolean;
	removeOnUnlink: boolean;
};

type StepJson = {
	changed: Array<{
		id: string;
		added: Record<string, string>;
		changed: Record<string, {from: string; to: string}>;
		inherited: Record<string, {from: string; rule: string}>;
	}>;
	failed: unknown[];
	step?: number;
	dryRun?: boolean;
};

const diskRule = 'rule:AttachDisk-DetachDisk-TagInstance:Ecs-Instance:Ecs-Disk';
const eniRule = 'rule:AttachEni-DetachEni-TagInstance:Ecs-Instance:Ecs-Eni';
const supported = regionsFile.regions
	.filter((r) => r.inheritance)
	.map((r) => r.id);

let worlds: DemoWorlds;
let webProd1: string;
let webProd1Data: string;
let webProd1System: string;
let webProd1Eni: string;
let crmProd1Data: string;

beforeAll(async () => {
	worlds = await DemoWorlds.create();
	webProd1 = worlds.id('web-prod-1', 'Ecs-Instance');
	webProd1Data = worlds.id('web-prod-1-data', 'Ecs-Disk');
	webProd1System = worlds.id('web-prod-1-system', 'Ecs-Disk');
	webProd1Eni = worlds.id('web-prod-1-eni-secondary', 'Ecs-Eni');
	crmProd1Data = worlds.id('crm-prod-1-data', 'Ecs-Disk');
});

afterAll(async () => {
	await worlds?.remove();
});

/** Runs tagdeck on the world file `db`, named with --db. */
async function td(db: string, ...args: string[]) {
	return tagdeck([...args, '--db', db], {db});
}

/** A fresh demo world with the feature switched on. */
async function switchedOn(): Promise<string> {
	const db = await worlds.copy();
	ok(await td(db, 'inheritance', 'on'));
	return db;
}

async function ruleRows(db: string, ...args: string[]) {
	return okJson<RuleRow[]>(await td(db, 'rules', '--json', ...args));
}

async function view(db: string, id: string) {
	return okJson<ResourceView>(await td(db, 'show', id, '--json'));
}

async function inheritedOf(db: string, id: string) {
	const resource = await view(db, id);
	return resource.inherited;
}

async function tagsOf(db: string, id: string) {
	const resource = await view(db, id);
	return resource.tags;
}

/** Row `index` (0-based, in the order of docs/cloud-facts.md §6.1) of `rules --json`. */
async function ruleRow(db: string, index: number) {
	const rows = await ruleRows(db);
	return rows[index];
}

describe.concurrent('tagdeck rules (listing)', () => {
	test('--json lists the 17 rules of the region, in order, with settingName, enabled, keys, existing, existingSupported', async () => {
		const db = await worlds.copy();
		const rows = await ruleRows(db);
		expect(rows).toHaveLength(17);
		expect(rows.map((r) => r.settingName)).toEqual(
			rulesFile.rules.map((r) => r.settingName),
		);
		for (const [i, row] of rows.entries()) {
			const seed = rulesFile.rules[i]!;
			expect(row).toMatchObject({
				settingName: seed.settingName,
				primary: seed.primary,
				associated: seed.associated,
				region: 'cn-hangzhou',
				enabled: false,
				keys: null,
				existing: false,
				existingSupported: seed.existing,
				removeOnUnlink: seed.removeOnUnlink,
			});
		}

		// Seed 001's "Supports applying to existing resources" column: 8 Yes, 9 No.
		expect(
			rows.filter((r) => r.existingSupported).map((r) => r.associated),
		).toEqual([
			'Ecs-Disk',
			'Ecs-Eni',
			'Vpc-Eip',
			'Ecs-Snapshot',
			'Kafka-Topic',
			'Kafka-ConsumerGroup',
			'Vpc-Eip',
			'Vpc-Eip',
		]);
	});

	test('text: the feature state, the region, and one row per rule with status, scope, existing and unlink', async () => {
		const db = await worlds.copy();
		const out = ok(await td(db, 'rules'));
		expect(out).toContain('Associated tag inheritance is off');
		expect(out).toContain('tagdeck inheritance on');
		expect(out).toContain('Rules in cn-hangzhou:');
		const rows = out
			.split('\n')
			.filter((line) => /^[A-Z][\w\-]+:[A-Z][\w\-]+\s/v.test(line));
		expect(rows).toHaveLength(17);
		for (const [i, rule] of rulesFile.rules.entries()) {
			const columns = rows[i]!.trim().split(/\s{2,}/v);
			expect(columns).toEqual([
				`${rule.primary}:${rule.associated}`,
				'disabled',
				'all keys',
				rule.existing ? 'off' : 'n/a',
				rule.removeOnUnlink ? 'removes tags' : 'keeps tags',
			]);
		}
	});

	test('text for ap-northeast-2 says it is not supported and names the regions that are', async () => {
		const db = await worlds.copy();
		const out = ok(await td(db, 'rules', '--region', 'ap-northeast-2'));
		expect(out).toContain(
			'ap-northeast-2 does not support associated tag inheritance',
		);
		for (const id of supported) expect(out).toContain(id);
	});
});

describe.concurrent('tagdeck inheritance on|off', () => {
	test('on creates the service-linked role AliyunServiceRoleForTag; rules and inheritance show it', async () => {
		const db = await worlds.copy();
		const out = ok(await td(db, 'inheritance', 'on'));
		expect(out).toContain('AliyunServiceRoleForTag');
		const state = okJson<{enabled: boolean; role: string; since: string}>(
			await td(db, 'inheritance', '--json'),
		);
		expect(state.enabled).toBe(true);
		expect(state.role).toBe('AliyunServiceRoleForTag');
		expect(Date.parse(state.since)).not.toBeNaN();
		expect(ok(await td(db, 'rules'))).toContain(
			'Associated tag inheritance is on (service-linked role AliyunServiceRoleForTag)',
		);
		expect(ok(await td(db, 'inheritance'))).toContain(
			'AliyunServiceRoleForTag',
		);

		const off = ok(await td(db, 'inheritance', 'off'));
		expect(off).toContain('off');
		expect(ok(await td(db, 'inheritance')).trim()).toBe('off');
	});

	test('rules enable before the feature is on: exit 1 with InvalidOperation.NotActivated, nothing written', async () => {
		const db = await worlds.copy();
		const before = await readFile(db);
		const line = refused(
			await td(db, 'rules', 'enable', 'Ecs-Instance:Ecs-Disk'),
			'InvalidOperation.NotActivated',
		);
		expect(line).toContain('tagdeck inheritance on');
		expect(await sameBytes(db, before)).toBe(true);
	});
});

describe.concurrent('tagdeck rules enable|disable', () => {
	test('in ap-northeast-2: exit 1 with InvalidOperation.RegionNotSupported, naming the supported regions', async () => {
		const db = await switchedOn();
		const before = await readFile(db);
		const line = refused(
			await td(
				db,
				'rules',
				'enable',
				'Ecs-Instance:Ecs-Disk',
				'--region',
				'ap-northeast-2',
			),
			'InvalidOperation.RegionNotSupported',
		);
		expect(line).toContain('ap-northeast-2');
		for (const id of supported) expect(line).toContain(id);
		expect(await sameBytes(db, before)).toBe(true);
	});

	test('--existing --dry-run lists the changes under "inherited by Ecs-Instance:Ecs-Disk" and changes nothing; then it is applied', async () => {
		const db = await switchedOn();
		const before = await readFile(db);
		const dry = ok(
			await td(
				db,
				'rules',
				'enable',
				'Ecs-Instance:Ecs-Disk',
				'--existing',
				'--dry-run',
			),
		);
		expect(dry).toContain('Dry run: nothing was changed');
		const lines = dry.split('\n');
		const header = lines.indexOf('  inherited by Ecs-Instance:Ecs-Disk:');
		expect(header, dry).toBeGreaterThanOrEqual(0);
		const group = lines.slice(header + 1).filter((l) => l.startsWith('    '));
		expect(group.join('\n')).toContain(
			`${webProd1Data} ← ${webProd1}  + env=prod`,
		);
		expect(group.join('\n')).toContain('~ cost: hangzhou → shanghai');
		expect(group.join('\n')).toContain(`${webProd1System} ← ${webProd1}`);
		// The quota skip is reported too.
		expect(dry).toContain(`! ${crmProd1Data}  QuotaExceed.TagsPerResource`);
		expect(await sameBytes(db, before)).toBe(true);

		const done = ok(
			await td(db, 'rules', 'enable', 'Ecs-Instance:Ecs-Disk', '--existing'),
		);
		expect(done).not.toContain('Dry run');
		expect(done).toContain('  inherited by Ecs-Instance:Ecs-Disk:');
		expect(done).toMatch(/Enabled in cn-hangzhou \(step #\d+; tagdeck undo/v);
		const rows = await ruleRows(db);
		expect(rows[0]).toMatchObject({
			settingName: diskRule,
			enabled: true,
			keys: null,
			existing: true,
		});
		const data = await view(db, webProd1Data);
		expect(data.tags.cost).toBe('shanghai');
		expect(data.tags.env).toBe('prod');
		expect(await inheritedOf(db, crmProd1Data)).toEqual({});
	});

	test('--json reports the step with each inherited change and its provenance', async () => {
		const db = await switchedOn();
		const result = okJson<StepJson>(
			await td(
				db,
				'rules',
				'enable',
				'Ecs-Instance:Ecs-Disk',
				'--existing',
				'--json',
			),
		);
		expect(result.failed).toEqual([]);
		expect(typeof result.step).toBe('number');
		const data = result.changed.find((c) => c.id === webProd1Data);
		expect(data?.changed.cost).toEqual({from: 'hangzhou', to: 'shanghai'});
		expect(data?.added.env).toBe('prod');
		expect(data?.inherited.env).toEqual({from: webProd1, rule: diskRule});
	});

	test('show explains an inherited tag: from the instance (by name) by the rule, rule on; then rule now off, inheritance now off', async () => {
		const db = await switchedOn();
		ok(await td(db, 'rules', 'enable', 'Ecs-Instance:Ecs-Disk', '--existing'));
		const envLine = (text: string) =>
			text.split('\n').find((l) => /^\s+env\s/v.test(l)) ?? '';
		const backupLine = (text: string) =>
			text.split('\n').find((l) => /^\s+backup\s/v.test(l)) ?? '';

		const shown = ok(await td(db, 'show', webProd1Data));
		expect(envLine(shown)).toContain(
			`inherited from ${webProd1} (web-prod-1) by Ecs-Instance:Ecs-Disk, rule on`,
		);
		expect(backupLine(shown)).toMatch(/\sown$/v);
		expect(shown).toContain('acs:tag:createdby');

		ok(await td(db, 'rules', 'disable', 'Ecs-Instance:Ecs-Disk'));
		const afterDisable = ok(await td(db, 'show', webProd1Data));
		expect(envLine(afterDisable)).toContain(
			`inherited from ${webProd1} (web-prod-1) by Ecs-Instance:Ecs-Disk, rule now off`,
		);

		ok(await td(db, 'inheritance', 'off'));
		expect(envLine(ok(await td(db, 'show', webProd1Data)))).toContain(
			'inheritance now off',
		);
	});

	test('list --json and show --json carry inherited as {key: {from, rule}}', async () => {
		const db = await switchedOn();
		ok(await td(db, 'rules', 'enable', 'Ecs-Instance:Ecs-Disk', '--existing'));
		const expected = Object.fromEntries(
			['env', 'app', 'team', 'CostCenter', 'owner', 'project', 'cost'].map(
				(key) => [key, {from: webProd1, rule: diskRule}],
			),
		);
		expect(await inheritedOf(db, webProd1Data)).toEqual(expected);
		const all = okJson<ResourceView[]>(await td(db, 'list', '--json'));
		const data = all.find((r) => r.id === webProd1Data)!;
		expect(data.inherited).toEqual(expected);
		expect(all.find((r) => r.id === webProd1)!.inherited).toEqual({});
		// The world file keeps the same provenance.
		const file = await readWorld(db);
		expect(file.resources[webProd1Data]!.inherited).toEqual(expected);
	});

	test('--keys env,team limits the scope to those keys', async () => {
		const db = await switchedOn();
		ok(
			await td(
				db,
				'rules',
				'enable',
				'Ecs-Instance:Ecs-Eni',
				'--existing',
				'--keys',
				'env,team',
			),
		);
		const rows = await ruleRows(db);
		expect(rows[1]).toMatchObject({
			settingName: eniRule,
			enabled: true,
			keys: ['env', 'team'],
			existing: true,
		});
		const text = ok(await td(db, 'rules'));
		expect(text).toMatch(/Ecs-Instance:Ecs-Eni\s+enabled\s+env,team\s+on\s/v);
		const eni = await view(db, webProd1Eni);
		expect(eni.inherited).toEqual({
			env: {from: webProd1, rule: eniRule},
			team: {from: webProd1, rule: eniRule},
		});
		expect(eni.tags.app).toBeUndefined();

		// Tagging the instance: only keys in scope follow.
		ok(
			await td(db, 'tag', webProd1, '--tag', 'team=platform', '--tag', 'new=1'),
		);
		const after = await view(db, webProd1Eni);
		expect(after.tags.team).toBe('platform');
		expect(after.tags.new).toBeUndefined();

		// Enable sets the settings as given: without --keys the scope is all keys again
		// (the new key arrives at once, the ENI being managed by --existing).
		ok(await td(db, 'rules', 'enable', 'Ecs-Instance:Ecs-Eni', '--existing'));
		expect(await ruleRow(db, 1)).toMatchObject({keys: null, existing: true});
		const widened = await tagsOf(db, webProd1Eni);
		expect(widened.new).toBe('1');

		// ... and without --existing, apply-to-existing is off again.
		ok(await td(db, 'rules', 'enable', 'Ecs-Instance:Ecs-Eni'));
		expect(await ruleRow(db, 1)).toMatchObject({
			enabled: true,
			keys: null,
			existing: false,
		});
	});

	test('--keys reads quoted keys as --tag does: "cost center" is one key, spaces around the commas dropped', async () => {
		const db = await switchedOn();
		ok(
			await td(
				db,
				'rules',
				'enable',
				'Ecs-Instance:Ecs-Eni',
				'--keys',
				'"cost center", env',
			),
		);
		expect(await ruleRow(db, 1)).toMatchObject({keys: ['cost center', 'env']});
	});

	test('--keys with more than 50 keys: exit 1 with NumberExceed.TagKeys', async () => {
		const db = await switchedOn();
		const keys = Array.from({length: 51}, (_, i) => `k${i}`).join(',');
		refused(
			await td(db, 'rules', 'enable', 'Ecs-Instance:Ecs-Disk', '--keys', keys),
			'NumberExceed.TagKeys',
		);
	});

	test('--existing on a rule docs/cloud-facts.md §6.1 marks No: exit 1 with InvalidParameter.ExistingStatus, nothing written', async () => {
		const db = await switchedOn();
		const before = await readFile(db);
		for (const rule of [
			'Cs-Cluster:Ecs-SecurityGroup',
			'rule:AssociateEip-UnassociateEip-TagEci:Eci-ContainerGroup:Vpc-Eip',
		]) {
			const line = refused(
				await td(db, 'rules', 'enable', rule, '--existing'),
				'InvalidParameter.ExistingStatus',
			);
			expect(line).toContain('--existing');
		}

		expect(await sameBytes(db, before)).toBe(true);
		// Without --existing it is enabled.
		ok(await td(db, 'rules', 'enable', 'Cs-Cluster:Ecs-SecurityGroup'));
		expect(await ruleRow(db, 6)).toMatchObject({
			enabled: true,
			existing: false,
			existingSupported: false,
		});
	});

	test('an unknown rule: exit 1 with InvalidSettingName.NotFound', async () => {
		const db = await switchedOn();
		refused(
			await td(db, 'rules', 'enable', 'Ecs-Instance:Nothing'),
			'InvalidSettingName.NotFound',
		);
	});

	test('a new link made through the CLI inherits, and undo takes the step back exactly', async () => {
		const db = await switchedOn();
		ok(await td(db, 'rules', 'enable', diskRule));
		const scratch = worlds.id('scratch-data-01', 'Ecs-Disk');
		const devBox = worlds.id('dev-box-1', 'Ecs-Instance');
		const before = await resourcesOf(db);
		const attached = ok(await td(db, 'attach', scratch, devBox));
		expect(attached).toContain('inherited by Ecs-Instance:Ecs-Disk:');
		const disk = await view(db, scratch);
		expect(disk.tags).toMatchObject({env: 'dev', owner: 'li.wei', team: 'web'});
		expect(disk.inherited.owner).toEqual({from: devBox, rule: diskRule});
		expect(ok(await td(db, 'show', scratch))).toContain(
			'its link to its Ecs-Instance is managed by Ecs-Instance:Ecs-Disk',
		);
		ok(await td(db, 'undo'));
		expect(await resourcesOf(db)).toEqual(before);
	});
});
