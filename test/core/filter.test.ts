import {describe, expect, it} from 'vitest';
import {
	FilterError,
	notationHint,
	parseFilter,
} from '../../source/core/filter.js';
import type {Resource} from '../../source/core/model.js';
import {listResources} from '../../source/core/query.js';
import {demoWorld} from '../../source/core/worlds.js';
import {World} from '../../source/core/world.js';
import {parseTagArguments} from '../../source/core/tags.js';
import {demo, named, now, run} from '../helpers/world.js';

const world = demo();

function find(expression: string, region?: string): Resource[] {
	return listResources(world, {filter: parseFilter(expression), region});
}

function names(expression: string, region?: string): string[] {
	return find(expression, region).map((r) => r.name);
}

function ids(resources: Resource[]): string[] {
	return resources.map((r) => r.id).toSorted();
}

function where(test: (r: Resource) => boolean): string[] {
	return ids(world.resources().filter((r) => test(r)));
}

function filterError(expression: string): FilterError {
	try {
		parseFilter(expression);
	} catch (error) {
		if (error instanceof FilterError) return error;
		throw error;
	}

	throw new Error(`expected ${JSON.stringify(expression)} to be refused`);
}

describe('tag terms (docs/behaviour.md §3)', () => {
	it('env=prod matches the value prod exactly and case-sensitively (docs/behaviour.md §3: env=prod)', () => {
		const found = names('env=prod');
		expect(found).toContain('web-prod-1');
		expect(found).not.toContain('dev-box-1');
		expect(found).not.toContain('legacy-reporting-db');
		expect(ids(find('env=prod'))).toEqual(where((r) => r.tags.env === 'prod'));
		expect(find('env=Prod')).toEqual([]);
	});

	it('Env=Production matches legacy-reporting-db only (docs/demo-world.md: case-sensitive keys)', () => {
		expect(names('Env=Production')).toEqual(['legacy-reporting-db']);
		expect(names('Env')).toContain('legacy-reporting-db');
	});

	it('env=prod,test matches either value (docs/behaviour.md §3: OR within one key)', () => {
		const found = names('env=prod,test');
		expect(found).toEqual(
			expect.arrayContaining(['web-prod-1', 'win-test-1', 'win-test-2']),
		);
		expect(found).not.toContain('dev-box-1');
		expect(ids(find('env=prod,test'))).toEqual(
			where((r) => r.tags.env === 'prod' || r.tags.env === 'test'),
		);
	});

	it('env=pro* matches values starting with pro (docs/behaviour.md §3: prefix)', () => {
		expect(ids(find('env=pro*'))).toEqual(
			where((r) => r.tags.env?.startsWith('pro') ?? false),
		);
		expect(ids(find('env=pro*'))).toEqual(ids(find('env=prod')));
		expect(names('Env=Prod*').toSorted()).toEqual(
			['legacy-reporting-db', 'shop-backups-eu'].toSorted(),
		);
		expect(names('Test=Server-*').toSorted()).toEqual(
			[
				'batch-restart-windows',
				'sg-test-windows',
				'win-test-1',
				'win-test-2',
				'win-test-sh-1',
			].toSorted(),
		);
	});

	it('temporary="" matches an empty value only (docs/behaviour.md §3: env="" value is empty; docs/demo-world.md: scratch-data-01)', () => {
		expect(names('temporary=""')).toEqual(['scratch-data-01']);
		expect(find('env=""')).toEqual([]);
	});

	it('env and env=* match every resource with the key, whatever its value (docs/behaviour.md §3: has key)', () => {
		const withEnv = where((r) => Object.hasOwn(r.tags, 'env'));
		expect(ids(find('env=*'))).toEqual(withEnv);
		for (const id of withEnv) expect(ids(find('env'))).toContain(id);
		expect(names('temporary=*')).toEqual(['scratch-data-01']);
	});

	it('!env matches the resources without the key (docs/behaviour.md §3: has no key; docs/demo-world.md: untagged resources)', () => {
		const found = names('!env');
		expect(found).toEqual(
			expect.arrayContaining([
				'legacy-jump-kr',
				'legacy-reporting-db',
				'access-logs-hz',
			]),
		);
		expect(found).not.toContain('web-prod-1');
		expect(ids(find('!env'))).toEqual(
			where((r) => !Object.hasOwn(r.tags, 'env')),
		);
	});

	it('env!=prod includes resources without env (docs/behaviour.md §3: does not have env=prod)', () => {
		const found = names('env!=prod');
		expect(found).toEqual(
			expect.arrayContaining([
				'dev-box-1',
				'legacy-jump-kr',
				'legacy-reporting-db',
			]),
		);
		expect(found).not.toContain('web-prod-1');
		expect(ids(find('env!=prod'))).toEqual(where((r) => r.tags.env !== 'prod'));
		expect(find('env!=prod').length + find('env=prod').length).toBe(
			world.resources().length,
		);
	});

	it('a key with a colon that is not an attribute is a tag key (docs/behaviour.md §3: acs:tag:createdby)', () => {
		expect(
			find(`acs:tag:createdby=customer:${world.data.account.id}`),
		).toHaveLength(
			world.resources().filter((r) => r.tags['acs:tag:createdby']).length,
		);
	});
});

describe('attribute terms (docs/behaviour.md §3: type, zone, status, region)', () => {
	it('type:disk matches the disks, by alias, canonical or API name in any case (docs/behaviour.md §1: names case-insensitive)', () => {
		const disks = where((r) => r.type === 'Ecs-Disk');
		expect(disks.length).toBeGreaterThan(0);
		for (const spelling of ['disk', 'DISK', 'Ecs-Disk', 'ALIYUN::ECS::DISK']) {
			expect(ids(find(`type:${spelling}`)), spelling).toEqual(disks);
		}
	});

	it('type:disk,eni matches either type (docs/behaviour.md §3: a list)', () => {
		expect(ids(find('type:disk,eni'))).toEqual(
			where((r) => r.type === 'Ecs-Disk' || r.type === 'Ecs-Eni'),
		);
	});

	it('zone:cn-hangzhou-h matches the resources in that zone (docs/behaviour.md §3)', () => {
		const found = find('zone:cn-hangzhou-h');
		expect(found.map((r) => r.name)).toContain('web-prod-1');
		expect(ids(found)).toEqual(where((r) => r.zone === 'cn-hangzhou-h'));
	});

	it('status:Running and status:Stopped match instance states (docs/behaviour.md §3; docs/demo-world.md: two stopped instances)', () => {
		expect(names('status:Stopped').toSorted()).toEqual([
			'api-eu-staging-1',
			'win-test-2',
		]);
		expect(ids(find('status:Running'))).toEqual(
			where((r) => r.status === 'Running'),
		);
	});

	it('region:cn-shanghai matches the Shanghai resources (docs/behaviour.md §3)', () => {
		const found = find('region:cn-shanghai');
		expect(found).toHaveLength(33);
		expect(found.every((r) => r.region === 'cn-shanghai')).toBe(true);
	});

	it('inherited:env matches resources whose env was inherited (docs/behaviour.md §3: inherited:env)', () => {
		const data = demoWorld(now);
		const handBuilt = new World(data);
		const instance = named(handBuilt, 'web-prod-1');
		const disk = named(handBuilt, 'web-prod-1-system');
		const rule = 'rule:AttachDisk-DetachDisk-TagInstance:Ecs-Instance:Ecs-Disk';
		data.resources[disk.id]!.tags.env = 'prod';
		data.resources[disk.id]!.inherited = {env: {from: instance.id, rule}};
		const inheritedWorld = new World(data);
		const found = listResources(inheritedWorld, {
			filter: parseFilter('inherited:env'),
		});
		expect(found.map((r) => r.id)).toEqual([disk.id]);
		expect(
			listResources(inheritedWorld, {filter: parseFilter('inherited:app')}),
		).toEqual([]);
		// The instance has env=prod too, but its own.
		expect(
			listResources(inheritedWorld, {filter: parseFilter('env=prod')}).map(
				(r) => r.id,
			),
		).toContain(instance.id);
	});
});

describe('name: and id: (docs/behaviour.md §3: attributes)', () => {
	it('name:web-prod-1 matches that name exactly, in any case; name:web-prod-1* the names starting with it', () => {
		expect(names('name:web-prod-1')).toEqual(['web-prod-1']);
		expect(names('name:WEB-PROD-1')).toEqual(['web-prod-1']);
		expect(names('name:web-prod-1*').toSorted()).toEqual(
			names('web-prod-1')
				.filter((n) => n.startsWith('web-prod-1'))
				.toSorted(),
		);
		expect(names('name:web-prod-1,dev-box-1').toSorted()).toEqual([
			'dev-box-1',
			'web-prod-1',
		]);
	});

	it('!name: excludes, and a quoted name may hold spaces', () => {
		expect(names('!name:web-prod-1')).not.toContain('web-prod-1');
		expect(find('!name:web-prod-1')).toHaveLength(world.resources().length - 1);
		expect(find('name:"web prod 1"')).toEqual([]);
	});

	it('id: matches an ID, or IDs by prefix, in any case', () => {
		const instance = named(world, 'web-prod-1');
		expect(ids(find(`id:${instance.id.toUpperCase()}`))).toEqual([instance.id]);
		expect(ids(find('id:i-*'))).toEqual(where((r) => r.id.startsWith('i-')));
	});

	it('a term with = is a tag term, whatever its key: name:x=y is the tag key name:x', () => {
		const tagged = demo();
		const box = named(tagged, 'dev-box-1');
		run(tagged, {op: 'tag', ids: [box.id], tags: {'name:x': 'y'}});
		expect(
			listResources(tagged, {filter: parseFilter('name:x=y')}).map((r) => r.id),
		).toEqual([box.id]);
	});
});

describe("the seeds' notation K:V (docs/behaviour.md §3)", () => {
	it('says Test:Server-Windows names no attribute and how to write the tag, with a filter that finds the tagged rows', () => {
		const filter = parseFilter('Test:Server-Windows type:instance');
		expect(find('Test:Server-Windows type:instance')).toEqual([]);
		const hint = notationHint(filter, world.resources())!;
		expect(hint.text).toBe(
			'no attribute "Test" — for the tag, write Test=Server-Windows',
		);
		expect(hint.filter?.source).toBe('Test=Server-Windows type:instance');
		expect(
			listResources(world, {filter: hint.filter})
				.map((r) => r.name)
				.toSorted(),
		).toEqual(['win-test-1', 'win-test-2', 'win-test-sh-1']);
	});

	it('names each such word, CostCenter:aliyun too', () => {
		const hint = notationHint(
			parseFilter('CostCenter:aliyun Test:Server-Windows'),
			world.resources(),
		)!;
		expect(hint.text).toBe(
			'no attribute "CostCenter" — for the tag, write CostCenter=aliyun; no attribute "Test" — for the tag, write Test=Server-Windows',
		);
	});

	it('says nothing when K is no tag key of the resources in view, nor for quoted words and attributes', () => {
		expect(
			notationHint(parseFilter('nosuchkey:x'), world.resources()),
		).toBeUndefined();
		expect(
			notationHint(
				parseFilter('Test:Server-Windows'),
				world.inRegion('ap-northeast-2'),
			),
		).toBeUndefined();
		expect(
			notationHint(parseFilter('"Test:Server-Windows"'), world.resources()),
		).toBeUndefined();
		expect(
			notationHint(parseFilter('type:disk Test=x'), world.resources()),
		).toBeUndefined();
	});
});

describe('bare words (docs/behaviour.md §3: ID or name contains word, ignoring case)', () => {
	it('matches names case-insensitively (docs/behaviour.md §3: bare words are not case-sensitive)', () => {
		expect(names('WEB-PROD-1').toSorted()).toEqual(
			[
				'eip-web-prod-1',
				'web-prod-1',
				'web-prod-1-data',
				'web-prod-1-data-20261030',
				'web-prod-1-eni-secondary',
				'web-prod-1-system',
			].toSorted(),
		);
	});

	it('matches part of an ID in any case (docs/behaviour.md §3: ID contains word)', () => {
		const instance = named(world, 'web-prod-1');
		const part = instance.id.slice(4, 14).toUpperCase();
		expect(ids(find(part))).toContain(instance.id);
	});

	it('matches a tag key that no name contains (docs/demo-world.md: temporary on scratch-data-01)', () => {
		expect(names('temporary')).toEqual(['scratch-data-01']);
	});

	it('finds nothing for a word nothing contains, without error (docs/behaviour.md §3)', () => {
		expect(find('zzzqqq')).toEqual([]);
	});
});

describe('quoting and AND (docs/behaviour.md §3: quoting allows spaces and = in keys and values)', () => {
	const quoted = demo();
	const target = named(quoted, 'dev-box-1');
	run(quoted, {
		op: 'tag',
		ids: [target.id],
		tags: {'cost center': 'r&d lab', 'a=b': 'x=y'},
	});
	const quotedNames = (expression: string) =>
		listResources(quoted, {filter: parseFilter(expression)}).map((r) => r.name);

	it('matches a key and a value with spaces in quotes (docs/behaviour.md §3)', () => {
		expect(quotedNames('"cost center"="r&d lab"')).toEqual(['dev-box-1']);
		expect(quotedNames('"cost center"="r&d"')).toEqual([]);
		expect(quotedNames('"cost center"')).toEqual(['dev-box-1']);
	});

	it('matches a key and a value containing = in quotes (docs/behaviour.md §3)', () => {
		expect(quotedNames('"a=b"="x=y"')).toEqual(['dev-box-1']);
		expect(quotedNames('"a=b"=x')).toEqual([]);
	});

	it('finds the README example tagged as the editor and --tag read it (docs/behaviour.md §3: one quoting rule)', () => {
		const tagged = demo();
		const box = named(tagged, 'dev-box-1');
		run(tagged, {
			op: 'tag',
			ids: [box.id],
			tags: parseTagArguments([
				'"cost center"="R&D, EU"',
				String.raw`note="say \"hi\" \\o/"`,
			]),
		});
		const found = (expression: string) =>
			listResources(tagged, {filter: parseFilter(expression)}).map(
				(r) => r.name,
			);
		expect(found('"cost center"="R&D, EU"')).toEqual(['dev-box-1']);
		expect(found(String.raw`note="say \"hi\" \\o/"`)).toEqual(['dev-box-1']);
		expect(tagged.get(box.id)!.tags.note).toBe(String.raw`say "hi" \o/`);
	});

	it('combines terms with AND (docs/behaviour.md §3: terms separated by spaces, combined with AND)', () => {
		const found = find('env=prod type:instance region:cn-hangzhou');
		expect(ids(found)).toEqual(
			where(
				(r) =>
					r.tags.env === 'prod' &&
					r.type === 'Ecs-Instance' &&
					r.region === 'cn-hangzhou',
			),
		);
		expect(found.map((r) => r.name)).toContain('web-prod-1');
		expect(names('Test=Server-Windows type:instance status:Stopped')).toEqual([
			'win-test-2',
		]);
		expect(find('env=prod env=test')).toEqual([]);
	});

	it('lists only the asked region together with a filter (docs/behaviour.md §8: list --region --filter)', () => {
		expect(names('Test=Server-Windows type:instance', 'cn-shanghai')).toEqual([
			'win-test-sh-1',
		]);
	});

	it('treats an empty filter as matching everything (docs/behaviour.md §3)', () => {
		expect(find('')).toHaveLength(world.resources().length);
		expect(find('   ')).toHaveLength(world.resources().length);
	});
});

describe('malformed filters (docs/behaviour.md §3: an error that points at the offending term)', () => {
	const prefix = 'app=shop ';
	const bad = [
		['an unclosed quote', '"cost center=x'],
		['a key with no value', 'env='],
		['a value with no key', '=prod'],
		['an unknown type', 'type:nosuchtype'],
		['an unknown status', 'status:Flying'],
		['an unknown zone', 'zone:cn-hangzhou-a'],
		['an unknown region', 'region:ap-south-1'],
		['a lone !', '!'],
		['a star inside a value', 'env=a*b'],
		['an empty list item', 'env=prod,'],
		['an attribute without a value', 'type:'],
		['a lone ! right after a quoted key', '"env"!prod'],
	] as const;

	it.each(bad)(
		'refuses %s with InvalidParameter.Filter pointing into the term (docs/behaviour.md §3)',
		(_, term) => {
			const error = filterError(`${prefix}${term} region:cn-hangzhou`);
			expect(error.code).toBe('InvalidParameter.Filter');
			expect(error.start).toBeGreaterThanOrEqual(prefix.length);
			// At most just past the term: where a missing value would go.
			expect(error.start).toBeLessThanOrEqual(prefix.length + term.length);
			expect(error.end).toBeGreaterThan(error.start);
			expect(error.message).toContain(`column ${error.start + 1}`);
		},
	);

	it('points at the first character of a term refused as a whole (docs/behaviour.md §3)', () => {
		expect(filterError('app=shop type:nosuchtype').start).toBe(9);
		expect(filterError('app=shop status:Flying').start).toBe(9);
		expect(filterError('app=shop =prod').start).toBe(9);
		expect(filterError('app=shop !').start).toBe(9);
		expect(filterError('app=shop "unclosed').start).toBe(9);
	});

	it('never takes a lone ! after a quoted key for != (docs/behaviour.md §3: an error, never a silent other filter)', () => {
		const error = filterError('"env"!prod');
		expect(error.start).toBe(5);
		expect(error.message).toContain('text right after a closing quote');
		expect(filterError('"a b"!').start).toBe(5);
		expect(ids(find('"env"!=prod'))).toEqual(ids(find('env!=prod')));
	});

	it('points at the star inside env=a*b (docs/behaviour.md §3)', () => {
		expect(filterError('env=a*b').start).toBe(5);
	});

	it('refuses control characters in a filter (docs/behaviour.md §2: no control characters)', () => {
		const error = filterError('env=prod app=\u001B[31m');
		expect(error.code).toBe('InvalidParameter.Filter');
		expect(error.start).toBe(9);
		expect(error.message).not.toContain('\u001B');
	});
});
