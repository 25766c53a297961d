import {readFile, writeFile} from 'node:fs/promises';
import stringWidth from 'string-width';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {resourceTypes, rules} from '../../source/core/catalogue.js';
import {
	DemoWorlds,
	ok,
	okJson,
	type ResourceView,
	tagdeck,
	sameBytes,
} from '../helpers/cli-run.js';

// Read-only commands on one shared demo world; the last test checks that
// none of them changed the file.

type RegionView = {
	id: string;
	name: string;
	zones: string[];
	resources: number;
	inheritanceSupported: boolean;
};

let worlds: DemoWorlds;
let db: string;
let before: Buffer;
let regions: RegionView[];
let all: ResourceView[];
const scopeOf = new Map(resourceTypes.map((t) => [t.name, t.scope]));

beforeAll(async () => {
	worlds = await DemoWorlds.create();
	db = await worlds.copy();
	before = await readFile(db);
	regions = okJson<RegionView[]>(await tagdeck(['regions', '--json'], {db}));
	all = okJson<ResourceView[]>(await tagdeck(['list', '--json'], {db}));
});

afterAll(async () => {
	await worlds?.remove();
});

const names = (resources: ResourceView[]) => resources.map((r) => r.name);

describe.concurrent('regions', () => {
	test('--json: an array of {id, name, zones, resources, inheritanceSupported}', () => {
		expect(Array.isArray(regions)).toBe(true);
		for (const region of regions) {
			expect(Object.keys(region).toSorted()).toEqual([
				'id',
				'inheritanceSupported',
				'name',
				'resources',
				'zones',
			]);
			expect(typeof region.id).toBe('string');
			expect(typeof region.name).toBe('string');
			expect(region.zones.length).toBeGreaterThan(0);
			for (const zone of region.zones)
				expect(zone.startsWith(region.id)).toBe(true);
			expect(Number.isInteger(region.resources)).toBe(true);
			expect(typeof region.inheritanceSupported).toBe('boolean');
		}
	});

	test('--json: the regions of docs/behaviour.md §1, with the demo world’s counts', () => {
		const byId = new Map(regions.map((r) => [r.id, r]));
		expect(regions.filter((r) => r.inheritanceSupported)).toHaveLength(24);
		for (const id of [
			'ap-northeast-2',
			'me-east-1',
			'me-central-1',
			'cn-wuhan-lr',
		])
			expect(byId.get(id)?.inheritanceSupported, id).toBe(false);
		// Closed regions (Mumbai, Sydney) are absent.
		expect(byId.has('ap-south-1')).toBe(false);
		expect(byId.has('ap-southeast-2')).toBe(false);
		expect(byId.get('cn-hangzhou')).toMatchObject({
			name: 'China (Hangzhou)',
			resources: 71,
			inheritanceSupported: true,
		});
		expect(byId.get('cn-hangzhou')!.zones).toContain('cn-hangzhou-h');
		expect(byId.get('ap-southeast-1')!.zones).toContain('ap-southeast-1a');
		expect(byId.get('cn-shanghai')!.resources).toBe(33);
		expect(byId.get('ap-southeast-1')!.resources).toBe(18);
		expect(byId.get('eu-central-1')!.resources).toBe(16);
		expect(byId.get('ap-northeast-2')!.resources).toBe(15);
		expect(regions.reduce((sum, r) => sum + r.resources, 0)).toBe(163);
	});

	test('text: a table with names, counts and inheritance support', async () => {
		const out = ok(await tagdeck(['regions'], {db}));
		const lines = out.trimEnd().split('\n');
		expect(lines[0]).toMatch(/^ID\s+NAME\s+ZONES\s+RESOURCES\s+INHERITANCE$/v);
		expect(lines).toHaveLength(regions.length + 1);
		expect(out).toMatch(
			/^cn-hangzhou\s+China \(Hangzhou\)\s+\S+\s+71\s+yes$/mv,
		);
		expect(out).toMatch(
			/^ap-northeast-2\s+South Korea \(Seoul\)\s+\S+\s+15\s+no$/mv,
		);
	});
});

describe.concurrent('list', () => {
	test('--region written before the command is the command’s; a command without --region says so', async () => {
		const before = okJson<ResourceView[]>(
			await tagdeck(['--region', 'cn-shanghai', 'list', '--json'], {db}),
		);
		expect(before.length).toBe(33);
		expect(new Set(before.map((r) => r.region))).toEqual(
			new Set(['cn-shanghai']),
		);
		const refused = await tagdeck(['--region', 'cn-shanghai', 'log'], {db});
		expect(refused.code).toBe(2);
		expect(refused.stderr).toContain('tagdeck log takes no --region');
	});

	test('--json: every resource with id, type, region, zone, name, status, tags, inherited, links', () => {
		expect(all).toHaveLength(163);
		const regionIds = new Map(regions.map((r) => [r.id, r]));
		for (const r of all) {
			const where = `${r.id} (${r.type})`;
			expect(typeof r.id, where).toBe('string');
			expect(scopeOf.has(r.type), `${where}: canonical type`).toBe(true);
			expect(regionIds.has(r.region), where).toBe(true);
			if (scopeOf.get(r.type) === 'zone')
				expect(regionIds.get(r.region)!.zones, where).toContain(r.zone);
			else expect(r.zone, `${where}: region-scoped, zone null`).toBeNull();
			expect(typeof r.name, where).toBe('string');
			if (r.type === 'Ecs-Instance')
				expect(['Running', 'Stopped', 'Starting', 'Stopping'], where).toContain(
					r.status,
				);
			else expect(r.status, `${where}: no status`).toBeNull();
			expect(r.tags, where).toBeTypeOf('object');
			for (const value of Object.values(r.tags))
				expect(typeof value).toBe('string');
			expect(r.inherited, where).toEqual({});
			expect(r.links, where).toBeTypeOf('object');
		}

		// Every type of docs/behaviour.md §1 is in the demo world.
		expect(new Set(all.map((r) => r.type)).size).toBe(resourceTypes.length);
	});

	test('--json: links name linked resources, system tags are included', () => {
		const disk = all.find((r) => r.name === 'web-prod-1-data')!;
		const instance = all.find(
			(r) => r.name === 'web-prod-1' && r.type === 'Ecs-Instance',
		)!;
		expect(disk.links).toEqual({attachedTo: instance.id});
		expect(disk.zone).toBe(instance.zone);
		const eip = all.find((r) => r.name === 'eip-web-prod-1')!;
		expect(eip.links).toEqual({associatedWith: instance.id});
		expect(instance.tags).toMatchObject({
			env: 'prod',
			app: 'shop',
			cost: 'shanghai',
		});
		expect(Object.keys(instance.tags)).toContain('acs:tag:createdby');
	});

	test('--region: only that region; the text table has no REGION column', async () => {
		const hangzhou = okJson<ResourceView[]>(
			await tagdeck(['list', '--region', 'cn-hangzhou', '--json'], {db}),
		);
		expect(hangzhou).toHaveLength(71);
		expect(new Set(hangzhou.map((r) => r.region))).toEqual(
			new Set(['cn-hangzhou']),
		);
		const out = ok(await tagdeck(['list', '--region', 'cn-hangzhou'], {db}));
		const lines = out.trimEnd().split('\n');
		expect(lines[0]).toMatch(/^ID\s+TYPE\s+NAME\s+ZONE\s+STATUS\s+TAGS$/v);
		expect(lines.at(-1)).toMatch(/^71 resources/v);
		expect(out).toMatch(/web-prod-1\s+cn-hangzhou-h\s+Running\s+env=prod/v);
	});

	test('text without --region: a REGION column and every resource', async () => {
		const out = ok(await tagdeck(['list'], {db}));
		const lines = out.trimEnd().split('\n');
		expect(lines[0]).toMatch(/^REGION\s+ID\s+TYPE/v);
		expect(lines.at(-1)).toMatch(/^163 resources/v);
		for (const r of all) expect(out).toContain(r.id);
	});

	test('--filter by the Tag overview example tag', async () => {
		const found = okJson<ResourceView[]>(
			await tagdeck(['list', '--filter', 'Test=Server-Windows', '--json'], {
				db,
			}),
		);
		expect(names(found)).toEqual(
			expect.arrayContaining(['win-test-1', 'win-test-2', 'win-test-sh-1']),
		);
		for (const r of found) expect(r.tags.Test).toBe('Server-Windows');
		expect(found).toHaveLength(
			all.filter((r) => r.tags.Test === 'Server-Windows').length,
		);
	});

	test('--filter with attributes: stopped instances', async () => {
		const found = okJson<ResourceView[]>(
			await tagdeck(
				['list', '--filter', 'type:instance status:Stopped', '--json'],
				{db},
			),
		);
		expect(names(found).toSorted()).toEqual(
			names(
				all.filter((r) => r.type === 'Ecs-Instance' && r.status === 'Stopped'),
			).toSorted(),
		);
		expect(names(found)).toEqual(
			expect.arrayContaining(['win-test-2', 'api-eu-staging-1']),
		);
	});

	test('--filter tag terms are case-sensitive', async () => {
		const lower = okJson<ResourceView[]>(
			await tagdeck(['list', '--filter', 'env=prod', '--json'], {db}),
		);
		const upper = okJson<ResourceView[]>(
			await tagdeck(['list', '--filter', 'Env=Production', '--json'], {db}),
		);
		expect(names(lower)).not.toContain('legacy-reporting-db');
		expect(names(upper)).toEqual(['legacy-reporting-db']);
		expect(lower).toHaveLength(all.filter((r) => r.tags.env === 'prod').length);
	});

	test('--filter with an empty value, a missing key, and a region', async () => {
		const empty = okJson<ResourceView[]>(
			await tagdeck(['list', '--filter', 'temporary=""', '--json'], {db}),
		);
		expect(names(empty)).toEqual(['scratch-data-01']);
		const untagged = okJson<ResourceView[]>(
			await tagdeck(
				['list', '--region', 'ap-northeast-2', '--filter', '!env', '--json'],
				{db},
			),
		);
		expect(names(untagged)).toContain('legacy-jump-kr');
		for (const r of untagged) {
			expect(r.region).toBe('ap-northeast-2');
			expect(r.tags).not.toHaveProperty('env');
		}
	});

	test('a filter that matches nothing says so and exits 0', async () => {
		const out = ok(
			await tagdeck(['list', '--filter', 'env=nowhere-at-all'], {db}),
		);
		expect(out).toMatch(/No resources match/v);
		expect(
			okJson(
				await tagdeck(['list', '--filter', 'env=nowhere-at-all', '--json'], {
					db,
				}),
			),
		).toEqual([]);
	});

	test("the seeds' notation Test:Server-Windows: a note on stderr says how to write the tag and how many it matches", async () => {
		const result = await tagdeck(
			['list', '--filter', 'Test:Server-Windows', '--json'],
			{db},
		);
		expect(result.code).toBe(0);
		expect(JSON.parse(result.stdout)).toEqual([]);
		expect(result.stderr).toBe(
			'tagdeck: note: no attribute "Test" — for the tag, write Test=Server-Windows (5 resources match it).\n',
		);
		const inShanghai = await tagdeck(
			['list', '--filter', 'Test:Server-Windows', '--region', 'cn-shanghai'],
			{db},
		);
		expect(inShanghai.stdout).toMatch(/No resources match/v);
		expect(inShanghai.stderr).toContain('(1 resource matches it)');
	});

	test('name: and id: are attributes', async () => {
		const webProd1 = all.find(
			(r) => r.name === 'web-prod-1' && r.type === 'Ecs-Instance',
		)!;
		const byName = okJson<ResourceView[]>(
			await tagdeck(['list', '--filter', 'name:WEB-PROD-1', '--json'], {db}),
		);
		expect(byName.map((r) => r.id)).toEqual([webProd1.id]);
		const byId = okJson<ResourceView[]>(
			await tagdeck(['list', '--filter', `id:${webProd1.id}`, '--json'], {db}),
		);
		expect(byId.map((r) => r.name)).toEqual(['web-prod-1']);
	});
});

describe.concurrent('show', () => {
	test('text: where it is, tags with own and system origin, links both ways', async () => {
		const instance = worlds.resource('web-prod-1', 'Ecs-Instance');
		const out = ok(await tagdeck(['show', instance.id], {db}));
		expect(out).toContain(instance.id);
		expect(out).toContain('web-prod-1');
		expect(out).toContain('Ecs-Instance');
		expect(out).toContain('cn-hangzhou-h');
		expect(out).toContain('Running');
		expect(out).toMatch(/^\s+env\s+prod\s+own$/mv);
		expect(out).toMatch(/^\s+cost\s+shanghai\s+own$/mv);
		expect(out).toMatch(/^\s+acs:tag:createdby\s+customer:\d{16}\s+system$/mv);
		// What links to it: its disks, ENI and EIP.
		for (const name of [
			'web-prod-1-data',
			'web-prod-1-system',
			'web-prod-1-eni-secondary',
			'eip-web-prod-1',
		])
			expect(out, name).toContain(worlds.id(name));
	});

	test('text: a disk names the instance it is attached to; an empty value is shown as ""', async () => {
		const disk = worlds.resource('web-prod-1-data');
		const out = ok(await tagdeck(['show', disk.id], {db}));
		expect(out).toMatch(
			new RegExp(`attached to ${worlds.id('web-prod-1', 'Ecs-Instance')}`, 'v'),
		);
		const scratch = ok(
			await tagdeck(['show', worlds.id('scratch-data-01')], {db}),
		);
		expect(scratch).toMatch(/^\s+temporary\s+""\s+own$/mv);
	});

	test('text: an untagged resource has only its system tag', async () => {
		const out = ok(await tagdeck(['show', worlds.id('legacy-jump-kr')], {db}));
		expect(out).not.toMatch(/\bown$/mv);
	});

	test('--json: one object with the resource fields', async () => {
		const disk = worlds.resource('web-prod-1-data');
		const shown = okJson<ResourceView>(
			await tagdeck(['show', disk.id, '--json'], {db}),
		);
		expect(shown).toMatchObject({
			id: disk.id,
			type: 'Ecs-Disk',
			region: 'cn-hangzhou',
			zone: 'cn-hangzhou-h',
			name: 'web-prod-1-data',
			status: null,
			tags: {cost: 'hangzhou', backup: 'daily'},
			inherited: {},
			links: {attachedTo: worlds.id('web-prod-1', 'Ecs-Instance')},
		});
		expect(shown).toMatchObject(disk);
	});
});

describe.concurrent('keys and values', () => {
	type KeyCount = {
		region: string;
		key: string;
		resources: number;
		values: number;
		system: boolean;
	};
	type ValueCount = {
		region: string;
		key: string;
		value: string;
		resources: number;
	};

	test('keys --json: the region’s tag keys with counts that match list', async () => {
		const keys = okJson<KeyCount[]>(await tagdeck(['keys', '--json'], {db}));
		for (const k of keys) {
			const carriers = all.filter(
				(r) => r.region === k.region && Object.hasOwn(r.tags, k.key),
			);
			expect(k.resources, `${k.region} ${k.key}`).toBe(carriers.length);
			expect(k.values, `${k.region} ${k.key}`).toBe(
				new Set(carriers.map((r) => r.tags[k.key])).size,
			);
			expect(k.system).toBe(k.key.startsWith('acs:'));
		}

		// Exactly the bound tags: every key of every resource is listed.
		const listed = new Set(keys.map((k) => `${k.region} ${k.key}`));
		for (const r of all)
			for (const key of Object.keys(r.tags))
				expect(listed).toContain(`${r.region} ${key}`);
	});

	test('keys are regional: gdpr only in eu-central-1', async () => {
		const eu = okJson<KeyCount[]>(
			await tagdeck(['keys', '--region', 'eu-central-1', '--json'], {db}),
		);
		const hz = okJson<KeyCount[]>(
			await tagdeck(['keys', '--region', 'cn-hangzhou', '--json'], {db}),
		);
		expect(eu.map((k) => k.key)).toEqual(
			expect.arrayContaining(['gdpr', 'data-residency']),
		);
		expect(hz.map((k) => k.key)).not.toContain('gdpr');
		for (const k of hz) expect(k.region).toBe('cn-hangzhou');
	});

	test('keys text: a table of keys with counts and kind', async () => {
		const out = ok(await tagdeck(['keys', '--region', 'ap-northeast-2'], {db}));
		expect(out.split('\n')[0]).toMatch(/^KEY\s+RESOURCES\s+VALUES\s+KIND$/v);
		expect(out).toMatch(/^market\s+\d+\s+1\s+custom$/mv);
		expect(out).toMatch(/^acs:tag:createdby\s+15\s+1\s+system$/mv);
	});

	test('values --json: market is sea in Singapore and kr in Seoul', async () => {
		const found = okJson<ValueCount[]>(
			await tagdeck(['values', 'market', '--json'], {db}),
		);
		expect(found.map((v) => `${v.region} ${v.value}`).toSorted()).toEqual([
			'ap-northeast-2 kr',
			'ap-southeast-1 sea',
		]);
		for (const v of found) {
			expect(v.key).toBe('market');
			expect(v.resources).toBe(
				all.filter((r) => r.region === v.region && r.tags.market === v.value)
					.length,
			);
		}
	});

	test('values text, and a key nobody has', async () => {
		const out = ok(
			await tagdeck(['values', 'env', '--region', 'cn-hangzhou'], {db}),
		);
		expect(out.split('\n')[0]).toMatch(/^VALUE\s+RESOURCES$/v);
		const prod = all.filter(
			(r) => r.region === 'cn-hangzhou' && r.tags.env === 'prod',
		).length;
		expect(out).toMatch(new RegExp(String.raw`^prod\s+${prod}$`, 'mv'));
		const none = ok(await tagdeck(['values', 'ENV'], {db}));
		expect(none).toMatch(/case-sensitive/v);
		expect(okJson(await tagdeck(['values', 'ENV', '--json'], {db}))).toEqual(
			[],
		);
	});
});

describe('a world edited by hand', () => {
	test('show and list display inherited tags with where they came from', async () => {
		// An inherited tag as the store records it (rule Ecs-Instance:Ecs-Disk).
		const file = await worlds.copy();
		const data = JSON.parse(await readFile(file, 'utf8')) as {
			resources: Record<
				string,
				{tags: Record<string, string>; inherited?: Record<string, unknown>}
			>;
		};
		const instance = worlds.id('web-prod-1', 'Ecs-Instance');
		const disk = worlds.id('web-prod-1-system');
		data.resources[disk]!.tags.env = 'prod';
		const rule = rules.find(
			(r) => r.primary === 'Ecs-Instance' && r.associated === 'Ecs-Disk',
		)!;
		data.resources[disk]!.inherited = {
			env: {from: instance, rule: rule.settingName},
		};
		await writeFile(file, JSON.stringify(data));
		const out = ok(await tagdeck(['show', disk], {db: file}));
		expect(out).toMatch(
			new RegExp(String.raw`^\s+env\s+prod\s+inherited from ${instance}`, 'mv'),
		);
		const shown = okJson<ResourceView>(
			await tagdeck(['show', disk, '--json'], {db: file}),
		);
		expect(shown.inherited).toEqual({
			env: {from: instance, rule: rule.settingName},
		});
		const listed = ok(
			await tagdeck(['list', '--filter', 'inherited:env'], {db: file}),
		);
		expect(listed).toContain(disk);
		expect(listed).toContain('↳env=prod');
	});
});

describe('wide characters', () => {
	test('show and keys line their columns up by the columns a terminal gives each character', async () => {
		const file = await worlds.copy();
		const id = worlds.id('web-prod-1', 'Ecs-Instance');
		ok(await tagdeck(['tag', id, '--tag', '项目=测试'], {db: file}));
		/** The terminal column where `text` starts on the line that holds `marker`. */
		const columnOf = (output: string, marker: string, text: string) => {
			const line = output.split('\n').find((l) => l.includes(marker))!;
			return stringWidth(
				line.slice(0, line.indexOf(text, line.indexOf(marker) + marker.length)),
			);
		};

		const shown = ok(await tagdeck(['show', id], {db: file}));
		expect(columnOf(shown, '项目', '测试')).toBe(
			columnOf(shown, 'env', 'prod'),
		);
		expect(columnOf(shown, '项目', 'own')).toBe(columnOf(shown, 'env', 'own'));

		const keys = ok(
			await tagdeck(['keys', '--region', 'cn-hangzhou'], {db: file}),
		);
		const wide = keys.split('\n').find((l) => l.startsWith('项目'))!;
		const plain = keys.split('\n').find((l) => l.startsWith('env '))!;
		expect(stringWidth(wide.slice(0, wide.search(/\d/v)))).toBe(
			stringWidth(plain.slice(0, plain.search(/\d/v))),
		);
	});
});

test('none of the read-only commands changed the world file', async () => {
	expect(await sameBytes(db, before)).toBe(true);
});
