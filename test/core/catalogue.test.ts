import {describe, expect, it} from 'vitest';
import {
	findType,
	getRegion,
	regions,
	resolveType,
	resourceTypes,
	rules,
} from '../../source/core/catalogue.js';
import {
	regionSummaries,
	showResource,
	tagKeys,
	tagValues,
} from '../../source/core/query.js';
import {demo, named, run} from '../helpers/world.js';

function keysOf(world: ReturnType<typeof demo>, region: string): string[] {
	return tagKeys(world, region).map((k) => k.key);
}

describe('regional tag catalogue (docs/sources.md: Tag overview — tag information is not shared across regions)', () => {
	it('shows a key bound in cn-hangzhou only in cn-hangzhou (docs/sources.md: Tag overview — Hangzhou tags not visible in Shanghai)', () => {
		const world = demo();
		const instance = named(world, 'web-prod-1');
		expect(
			run(world, {op: 'tag', ids: [instance.id], tags: {probe: 'hz'}}).ok,
		).toBe(true);
		expect(keysOf(world, 'cn-hangzhou')).toContain('probe');
		expect(keysOf(world, 'cn-shanghai')).not.toContain('probe');
		expect(tagValues(world, 'probe', 'cn-shanghai')).toEqual([]);
		expect(
			tagKeys(world, 'cn-hangzhou').every((k) => k.region === 'cn-hangzhou'),
		).toBe(true);
	});

	it('keeps the demo world keys in their regions (docs/demo-world.md: project=apollo only in cn-shanghai, data-residency only in eu-central-1)', () => {
		const world = demo();
		expect(keysOf(world, 'cn-shanghai')).toContain('project');
		expect(
			tagValues(world, 'project', 'cn-hangzhou').map((v) => v.value),
		).not.toContain('apollo');
		expect(keysOf(world, 'eu-central-1')).toContain('data-residency');
		for (const region of [
			'cn-hangzhou',
			'cn-shanghai',
			'ap-southeast-1',
			'ap-northeast-2',
		]) {
			expect(keysOf(world, region)).not.toContain('data-residency');
		}
	});

	it('lists the same key per region with that region’s values (docs/demo-world.md: market=sea in Singapore, market=kr in Seoul)', () => {
		const world = demo();
		expect(
			tagValues(world, 'market', 'ap-southeast-1').map((v) => v.value),
		).toEqual(['sea']);
		expect(
			tagValues(world, 'market', 'ap-northeast-2').map((v) => v.value),
		).toEqual(['kr']);
		const all = tagValues(world, 'market');
		expect(all.map((v) => [v.region, v.value])).toEqual([
			['ap-northeast-2', 'kr'],
			['ap-southeast-1', 'sea'],
		]);
	});

	it('drops a key from the region once untagging removes it from the last resource (docs/sources.md: Tag overview — tags are deleted when not bound)', () => {
		const world = demo();
		const carriers = [
			'gdpr-data-key',
			'api-eu-1-data',
			'api-eu-1-data-20261031',
			'order-db-eu',
		].map((name) => named(world, name).id);
		expect(
			tagKeys(world, 'eu-central-1').find((k) => k.key === 'gdpr')?.resources,
		).toBe(4);
		expect(
			run(world, {op: 'untag', ids: carriers.slice(0, 3), keys: ['gdpr']}).ok,
		).toBe(true);
		expect(
			tagKeys(world, 'eu-central-1').find((k) => k.key === 'gdpr')?.resources,
		).toBe(1);
		expect(
			run(world, {op: 'untag', ids: carriers.slice(3), keys: ['gdpr']}).ok,
		).toBe(true);
		expect(keysOf(world, 'eu-central-1')).not.toContain('gdpr');
		expect(tagValues(world, 'gdpr', 'eu-central-1')).toEqual([]);
	});

	it('drops a key when the last resource carrying it is released (docs/cloud-facts.md §3: a tag disappears once no resource carries it)', () => {
		const world = demo();
		const probe = named(world, 'eip-spare-01');
		expect(
			run(world, {op: 'tag', ids: [probe.id], tags: {lonely: 'yes'}}).ok,
		).toBe(true);
		expect(keysOf(world, 'cn-hangzhou')).toContain('lonely');
		expect(run(world, {op: 'release', ids: [probe.id]}).ok).toBe(true);
		expect(keysOf(world, 'cn-hangzhou')).not.toContain('lonely');
	});

	it('counts resources and distinct values per key, and resources per value (docs/cloud-facts.md §1.6: ListTagKeys / ListTagValues)', () => {
		const world = demo();
		const ids = ['vpc-prod-hz', 'sg-web-prod', 'rtb-prod-main'].map(
			(n) => named(world, n).id,
		);
		expect(tagKeys(world, 'cn-hangzhou').map((k) => k.key)).not.toContain(
			'grade',
		);
		expect(
			run(world, {op: 'tag', ids: ids.slice(0, 2), tags: {grade: 'gold'}}).ok,
		).toBe(true);
		expect(
			run(world, {op: 'tag', ids: ids.slice(2), tags: {grade: 'silver'}}).ok,
		).toBe(true);
		const key = tagKeys(world, 'cn-hangzhou').find((k) => k.key === 'grade');
		expect(key).toMatchObject({
			region: 'cn-hangzhou',
			resources: 3,
			values: 2,
			system: false,
		});
		expect(tagValues(world, 'grade', 'cn-hangzhou')).toEqual([
			{region: 'cn-hangzhou', key: 'grade', value: 'gold', resources: 2},
			{region: 'cn-hangzhou', key: 'grade', value: 'silver', resources: 1},
		]);
	});

	it('lists an empty value as a value of its own (docs/behaviour.md §2: empty value allowed)', () => {
		const world = demo();
		expect(tagValues(world, 'temporary', 'cn-hangzhou')).toEqual([
			{region: 'cn-hangzhou', key: 'temporary', value: '', resources: 1},
		]);
	});

	it('marks acs:tag:createdby as a system key (docs/cloud-facts.md §3: Category System)', () => {
		const world = demo();
		const createdBy = tagKeys(world, 'cn-hangzhou').find(
			(k) => k.key === 'acs:tag:createdby',
		);
		expect(createdBy?.system).toBe(true);
		// The eight resources made before the feature was on lack it.
		expect(createdBy?.resources).toBe(world.inRegion('cn-hangzhou').length - 8);
		expect(
			tagKeys(world, 'cn-hangzhou').find((k) => k.key === 'env')?.system,
		).toBe(false);
	});

	it('treats keys differing in case as separate catalogue entries (docs/cloud-facts.md §3: case sensitivity)', () => {
		const world = demo();
		const keys = keysOf(world, 'cn-hangzhou');
		expect(keys).toContain('env');
		expect(keys).toContain('Env');
		expect(tagValues(world, 'Env', 'cn-hangzhou').map((v) => v.value)).toEqual([
			'Production',
		]);
	});
});

/** Zone IDs of docs/cloud-facts.md §4.1, written exactly as there. */
function zones(region: string, letters: string, hyphen: boolean): string[] {
	return [...letters].map((l) => `${region}${hyphen ? '-' : ''}${l}`);
}

const inheritanceRegions: Record<string, string[]> = {
	'ap-southeast-5': zones('ap-southeast-5', 'abc', false),
	'ap-southeast-3': zones('ap-southeast-3', 'abc', false),
	'cn-huhehaote': zones('cn-huhehaote', 'ab', true),
	'ap-southeast-1': zones('ap-southeast-1', 'abc', false),
	'eu-central-1': zones('eu-central-1', 'abc', false),
	'us-east-1': zones('us-east-1', 'ab', false),
	'us-west-1': zones('us-west-1', 'ab', false),
	'cn-hongkong': zones('cn-hongkong', 'bcd', true),
	'cn-qingdao': zones('cn-qingdao', 'bc', true),
	'ap-northeast-1': zones('ap-northeast-1', 'abc', false),
	'cn-zhangjiakou': zones('cn-zhangjiakou', 'abc', true),
	'cn-shenzhen': zones('cn-shenzhen', 'abcdef', true),
	'cn-beijing': zones('cn-beijing', 'abcdefghijkl', true),
	'cn-shanghai': zones('cn-shanghai', 'abcdefgklmno', true),
	'cn-hangzhou': zones('cn-hangzhou', 'befghijk', true),
	'cn-chengdu': zones('cn-chengdu', 'ab', true),
	'eu-west-1': zones('eu-west-1', 'ab', false),
	'cn-heyuan': zones('cn-heyuan', 'ab', true),
	'cn-wulanchabu': zones('cn-wulanchabu', 'abc', true),
	'cn-guangzhou': zones('cn-guangzhou', 'ab', true),
	'ap-southeast-6': zones('ap-southeast-6', 'ab', false),
	'ap-southeast-7': zones('ap-southeast-7', 'ab', false),
	'cn-nanjing': zones('cn-nanjing', 'a', true),
	'cn-fuzhou': zones('cn-fuzhou', 'a', true),
};

describe('regions (docs/behaviour.md §1, docs/cloud-facts.md §4)', () => {
	it('has the 24 inheritance regions of docs/cloud-facts.md §4.1 with their zone IDs written exactly as there', () => {
		const supported = regions.filter((r) => r.inheritance);
		expect(supported.map((r) => r.id).toSorted()).toEqual(
			Object.keys(inheritanceRegions).toSorted(),
		);
		for (const region of supported) {
			expect(region.zones, region.id).toEqual(inheritanceRegions[region.id]);
		}
	});

	it('has at least four regions without inheritance, among them Seoul, Dubai, Riyadh and Wuhan (docs/cloud-facts.md §4.2)', () => {
		const unsupported = regions.filter((r) => !r.inheritance).map((r) => r.id);
		expect(unsupported.length).toBeGreaterThanOrEqual(4);
		expect(unsupported).toEqual(
			expect.arrayContaining([
				'ap-northeast-2',
				'me-east-1',
				'me-central-1',
				'cn-wuhan-lr',
			]),
		);
		expect(getRegion('cn-wuhan-lr').zones).toEqual(['cn-wuhan-lr-a']);
		expect(getRegion('ap-northeast-2').zones).toEqual([
			'ap-northeast-2a',
			'ap-northeast-2b',
		]);
	});

	it.each(['ap-south-1', 'ap-southeast-2'])(
		'leaves out the closed region %s (docs/cloud-facts.md §0: Mumbai and Sydney closed)',
		(id) => {
			expect(regions.map((r) => r.id)).not.toContain(id);
			expect(() => getRegion(id)).toThrow(
				expect.objectContaining({code: 'InvalidParameter.Region'}),
			);
		},
	);

	it('gives every region a display name, e.g. "China (Hangzhou)" (docs/behaviour.md §1)', () => {
		expect(getRegion('cn-hangzhou').name).toBe('China (Hangzhou)');
		expect(getRegion('ap-southeast-1').name).toBe('Singapore');
		expect(getRegion('ap-northeast-2').name).toBe('South Korea (Seoul)');
		for (const region of regions)
			expect(region.name.length, region.id).toBeGreaterThan(0);
	});

	it('summarises the demo world per region with counts and inheritance support (docs/demo-world.md: region by region)', () => {
		const summaries = regionSummaries(demo());
		const populated = Object.fromEntries(
			summaries.filter((s) => s.resources > 0).map((s) => [s.id, s.resources]),
		);
		expect(populated).toEqual({
			'cn-hangzhou': 71,
			'cn-shanghai': 33,
			'ap-southeast-1': 18,
			'eu-central-1': 16,
			'ap-northeast-2': 15,
			'cn-beijing': 10,
		});
		const seoul = summaries.find((s) => s.id === 'ap-northeast-2');
		expect(seoul?.inheritanceSupported).toBe(false);
		expect(
			summaries.find((s) => s.id === 'cn-hangzhou')?.inheritanceSupported,
		).toBe(true);
	});
});

const specTypes = [
	'Ecs-Instance',
	'Ecs-Disk',
	'Ecs-Eni',
	'Vpc-Eip',
	'Ecs-Snapshot',
	'Kafka-Instance',
	'Kafka-Topic',
	'Kafka-ConsumerGroup',
	'Cs-Cluster',
	'Ecs-SecurityGroup',
	'Slb-Instance',
	'Vpc-Natgateway',
	'Ess-ScalingGroup',
	'Nlb-Loadbalancer',
	'Alb-LoadBalancer',
	'Eci-ContainerGroup',
	'Vpc-Vpc',
	'Vpc-VSwitch',
	'Rds-Instance',
];

describe('resource types (docs/behaviour.md §1)', () => {
	it('has every canonical type named in docs/behaviour.md §1 in its exact spelling (the SettingNames of docs/cloud-facts.md §6.1)', () => {
		const names = resourceTypes.map((t) => t.name);
		expect(names).toEqual(expect.arrayContaining(specTypes));
	});

	it('has every type named in the 17 rules (docs/cloud-facts.md §6.1)', () => {
		expect(rules).toHaveLength(17);
		const names = new Set(resourceTypes.map((t) => t.name));
		for (const rule of rules) {
			expect(names.has(rule.primary), rule.settingName).toBe(true);
			expect(names.has(rule.associated), rule.settingName).toBe(true);
		}
	});

	it.each([
		['instance', 'Ecs-Instance'],
		['INSTANCE', 'Ecs-Instance'],
		['ecs-instance', 'Ecs-Instance'],
		['ALIYUN::ECS::INSTANCE', 'Ecs-Instance'],
		['aliyun::ecs::disk', 'Ecs-Disk'],
		['Disk', 'Ecs-Disk'],
		['eni', 'Ecs-Eni'],
		['EIP', 'Vpc-Eip'],
		['snapshot', 'Ecs-Snapshot'],
		['sg', 'Ecs-SecurityGroup'],
		['nlb-loadbalancer', 'Nlb-Loadbalancer'],
		['alb-loadbalancer', 'Alb-LoadBalancer'],
	])(
		'resolves %j to %s, case-insensitively (docs/behaviour.md §1: names matched case-insensitively, shown canonically)',
		(word, name) => {
			expect(resolveType(word).name).toBe(name);
		},
	);

	it('refuses an unknown type with InvalidParameter.Type (docs/behaviour.md §1)', () => {
		expect(findType('nosuchtype')).toBeUndefined();
		expect(() => resolveType('nosuchtype')).toThrow(
			expect.objectContaining({code: 'InvalidParameter.Type'}),
		);
	});

	it('gives every type a Tag API name of the form ALIYUN::<PRODUCT>::<TYPE> (docs/cloud-facts.md §1.5)', () => {
		for (const type of resourceTypes) {
			expect(type.api, type.name).toMatch(/^ALIYUN::[A-Z\d]+::[A-Z\d]+$/v);
			expect(type.aliases.length, type.name).toBeGreaterThan(0);
		}
	});

	it.each([
		['Ecs-Instance', 'zone'],
		['Ecs-Disk', 'zone'],
		['Ecs-Image', 'region'],
		['Ecs-Snapshot', 'region'],
		['Ecs-SecurityGroup', 'region'],
		['Ecs-KeyPair', 'region'],
		['Ecs-Eni', 'region'],
		['Ecs-LaunchTemplate', 'region'],
		['Cdn-Domain', 'global'],
		['Cen-Instance', 'global'],
	])(
		'places %s at %s scope (docs/sources.md: ECS resource overview — resource locations)',
		(name, scope) => {
			expect(resolveType(name).scope).toBe(scope);
		},
	);
});

describe('ARNs (docs/cloud-facts.md §1.8: arn:acs:<product>:<region>:<account>:<type>/<id>)', () => {
	it('shows an instance with its Tag API ARN and a 16-digit account (docs/behaviour.md §1: account)', () => {
		const world = demo();
		const instance = named(world, 'web-prod-1');
		expect(world.data.account.id).toMatch(/^\d{16}$/v);
		expect(showResource(world, instance.id).arn).toBe(
			`arn:acs:ecs:cn-hangzhou:${world.data.account.id}:instance/${instance.id}`,
		);
		const vpc = named(world, 'vpc-prod-hz');
		expect(showResource(world, vpc.id).arn).toBe(
			`arn:acs:vpc:cn-hangzhou:${world.data.account.id}:vpc/${vpc.id}`,
		);
	});

	it('names each type in an ARN by the two parts of its Tag API ResourceType, ALIYUN::<ProductCode>::<ResourceType> (docs/cloud-facts.md §1.5, §1.8)', () => {
		for (const type of resourceTypes) {
			const [aliyun, product, resource] = type.api.split('::');
			expect(aliyun, type.name).toBe('ALIYUN');
			expect(type.product, type.name).toBe(product!.toLowerCase());
			expect(type.arnType, type.name).toBe(resource!.toLowerCase());
		}

		const world = demo();
		const rds = world.resources().find((r) => r.type === 'Rds-Instance')!;
		expect(showResource(world, rds.id).arn).toBe(
			`arn:acs:rds:${rds.region}:${world.data.account.id}:instance/${rds.id}`,
		);
	});

	it('shows the resources linking to an instance and refuses an unknown ID (docs/cloud-facts.md §1.2: InvalidResourceId.NotFound)', () => {
		const world = demo();
		const instance = named(world, 'web-prod-1');
		const shown = showResource(world, instance.id);
		expect(shown.linkedBy.attachedTo).toEqual(
			[
				named(world, 'web-prod-1-system').id,
				named(world, 'web-prod-1-data').id,
				named(world, 'web-prod-1-eni-secondary').id,
			].toSorted(),
		);
		expect(shown.linkedBy.associatedWith).toEqual([
			named(world, 'eip-web-prod-1').id,
		]);
		expect(() => showResource(world, 'i-doesnotexist')).toThrow(
			expect.objectContaining({code: 'InvalidResourceId.NotFound'}),
		);
	});
});
