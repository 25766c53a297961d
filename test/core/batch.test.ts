import {describe, expect, it} from 'vitest';
import {apply} from '../../source/core/apply.js';
import type {Command} from '../../source/core/model.js';
import {type World} from '../../source/core/world.js';
import {demo, named, now, run, snapshot} from '../helpers/world.js';

function ids(world: World, ...names: string[]): string[] {
	return names.map((name) => named(world, name).id);
}

describe('all-or-nothing batches (docs/behaviour.md §2: validated as a whole before anything changes)', () => {
	it('changes nothing when one resource would pass the quota, and names it (docs/behaviour.md §2: quota)', () => {
		const world = demo();
		const batch = ids(world, 'web-prod-1', 'crm-prod-1-data', 'web-prod-2');
		const before = snapshot(world);
		const result = run(world, {
			op: 'tag',
			ids: batch,
			tags: {patch: '2026-11'},
		});
		expect(result.ok).toBe(false);
		expect(result.error?.code).toBe('QuotaExceed.TagsPerResource');
		expect(result.failures).toEqual([
			expect.objectContaining({
				id: batch[1],
				code: 'QuotaExceed.TagsPerResource',
			}),
		]);
		expect(result.patches).toEqual([]);
		expect(result.event).toBeUndefined();
		expect(snapshot(world)).toEqual(before);
	});

	it('changes nothing when one ID does not exist (docs/cloud-facts.md §1.2: InvalidResourceId.NotFound)', () => {
		const world = demo();
		const batch = [
			...ids(world, 'web-prod-1', 'web-prod-2'),
			'i-bp1doesnotexist0000',
		];
		const before = snapshot(world);
		const result = run(world, {
			op: 'tag',
			ids: batch,
			tags: {patch: '2026-11'},
		});
		expect(result.ok).toBe(false);
		expect(result.error?.code).toBe('InvalidResourceId.NotFound');
		expect(result.failures).toEqual([
			expect.objectContaining({
				id: 'i-bp1doesnotexist0000',
				code: 'InvalidResourceId.NotFound',
			}),
		]);
		expect(snapshot(world)).toEqual(before);
	});

	it('lists every failing resource with its own code and reason (docs/behaviour.md §2: lists every failing resource)', () => {
		const world = demo();
		const [web, crmData, crm] = ids(
			world,
			'web-prod-1',
			'crm-prod-1-data',
			'crm-prod-1',
		);
		const batch = [
			web!,
			crmData!,
			'd-bp1missing000000000',
			crm!,
			'i-bp1missing000000000',
		];
		const before = snapshot(world);
		const result = run(world, {
			op: 'tag',
			ids: batch,
			tags: {p1: 'a', p2: 'b'},
		});
		expect(result.ok).toBe(false);
		expect(result.failures.map((f) => [f.id, f.code])).toEqual([
			[crmData, 'QuotaExceed.TagsPerResource'],
			['d-bp1missing000000000', 'InvalidResourceId.NotFound'],
			[crm, 'QuotaExceed.TagsPerResource'],
			['i-bp1missing000000000', 'InvalidResourceId.NotFound'],
		]);
		for (const failure of result.failures) {
			expect(failure.message).toContain(failure.id);
		}

		expect(snapshot(world)).toEqual(before);
	});

	it('applies to the valid resources with partial and reports the others like FailedResources (docs/cloud-facts.md §1.2: FailedResources)', () => {
		const world = demo();
		const [web, crmData, web2] = ids(
			world,
			'web-prod-1',
			'crm-prod-1-data',
			'web-prod-2',
		);
		const crmDataBefore = structuredClone(world.get(crmData!));
		const result = run(world, {
			op: 'tag',
			ids: [web!, crmData!, web2!, 'i-bp1missing000000000'],
			tags: {patch: '2026-11'},
			partial: true,
		});
		expect(result.ok).toBe(true);
		expect(result.failures.map((f) => [f.id, f.code])).toEqual([
			[crmData, 'QuotaExceed.TagsPerResource'],
			['i-bp1missing000000000', 'InvalidResourceId.NotFound'],
		]);
		expect(world.get(web!)!.tags.patch).toBe('2026-11');
		expect(world.get(web2!)!.tags.patch).toBe('2026-11');
		expect(world.get(crmData!)).toEqual(crmDataBefore);
		expect(result.event?.failures.map((f) => f.id)).toEqual([
			crmData,
			'i-bp1missing000000000',
		]);
	});

	it('refuses a partial batch in which every resource fails, changing nothing (docs/behaviour.md §2)', () => {
		const world = demo();
		const before = snapshot(world);
		const result = run(world, {
			op: 'tag',
			ids: ['i-bp1missing000000000', ...ids(world, 'crm-prod-1-data')],
			tags: {a: '1'},
			partial: true,
		});
		expect(result.ok).toBe(false);
		expect(result.failures).toHaveLength(2);
		expect(snapshot(world)).toEqual(before);
	});

	it('refuses an untag batch with an unknown ID as a whole (docs/behaviour.md §2: tag or untag)', () => {
		const world = demo();
		const before = snapshot(world);
		const result = run(world, {
			op: 'untag',
			ids: [...ids(world, 'web-prod-1', 'web-prod-2'), 'i-bp1missing000000000'],
			keys: ['env'],
		});
		expect(result.ok).toBe(false);
		expect(result.failures.map((f) => f.code)).toEqual([
			'InvalidResourceId.NotFound',
		]);
		expect(snapshot(world)).toEqual(before);
	});

	it('untags the valid resources with partial (docs/behaviour.md §2: --partial)', () => {
		const world = demo();
		const [web, web2] = ids(world, 'web-prod-1', 'web-prod-2');
		const result = run(world, {
			op: 'untag',
			ids: [web!, 'i-bp1missing000000000', web2!],
			keys: ['env'],
			partial: true,
		});
		expect(result.ok).toBe(true);
		expect(result.failures.map((f) => f.id)).toEqual(['i-bp1missing000000000']);
		expect(world.get(web!)!.tags).not.toHaveProperty('env');
		expect(world.get(web2!)!.tags).not.toHaveProperty('env');
	});

	it('refuses a malformed key for the whole batch and changes nothing (docs/behaviour.md §2: malformed key)', () => {
		const world = demo();
		const before = snapshot(world);
		const result = run(world, {
			op: 'tag',
			ids: ids(world, 'web-prod-1', 'web-prod-2'),
			tags: {good: '1', 'https://bad': '2'},
			partial: true,
		});
		expect(result.ok).toBe(false);
		expect(result.error?.code).toBe('InvalidTagKey.Malformed');
		expect(snapshot(world)).toEqual(before);
	});

	it('refuses an empty batch (docs/cloud-facts.md §1.9: MissingParameter.ResourceIdARN)', () => {
		const world = demo();
		const result = run(world, {op: 'tag', ids: [], tags: {a: '1'}});
		expect(result.ok).toBe(false);
		expect(result.error?.code).toMatch(/^MissingParameter\./v);
	});

	it('tags a resource named twice in one batch once (docs/behaviour.md §2: one value per key)', () => {
		const world = demo();
		const [web] = ids(world, 'web-prod-1');
		const result = run(world, {op: 'tag', ids: [web!, web!], tags: {a: '1'}});
		expect(result.ok).toBe(true);
		expect(result.patches).toHaveLength(1);
		expect(world.get(web!)!.tags.a).toBe('1');
	});

	it('tags a batch spanning regions, each resource in its own region (docs/sources.md: ECS resource overview — a tag can be added only within the same region)', () => {
		const world = demo();
		const batch = ids(
			world,
			'web-prod-1',
			'apollo-api-1',
			'web-sea-1',
			'game-kr-1',
		);
		const result = run(world, {op: 'tag', ids: batch, tags: {wave: '1'}});
		expect(result.ok).toBe(true);
		expect(result.event?.regions).toEqual([
			'ap-northeast-2',
			'ap-southeast-1',
			'cn-hangzhou',
			'cn-shanghai',
		]);
	});
});

describe('dry run (docs/behaviour.md §8: --dry-run)', () => {
	const commands: Array<[string, (world: World) => Command]> = [
		[
			'tag',
			(world) => ({
				op: 'tag',
				ids: ids(world, 'web-prod-1', 'web-prod-2'),
				tags: {env: 'staging', patch: 'x'},
			}),
		],
		[
			'partial tag',
			(world) => ({
				op: 'tag',
				ids: ids(world, 'web-prod-1', 'crm-prod-1-data'),
				tags: {patch: 'x'},
				partial: true,
			}),
		],
		[
			'untag --all',
			(world) => ({op: 'untag', ids: ids(world, 'web-prod-1'), all: true}),
		],
		[
			'create',
			() => ({op: 'create', type: 'disk', region: 'cn-hangzhou', count: 3}),
		],
		['release', (world) => ({op: 'release', ids: ids(world, 'web-prod-1')})],
		[
			'attach',
			(world) => ({
				op: 'attach',
				id: named(world, 'scratch-data-01').id,
				to: named(world, 'dev-box-1').id,
			}),
		],
	];

	it.each(commands)(
		'changes nothing but reports the same changes as the real %s (docs/behaviour.md §8: --dry-run)',
		(_, make) => {
			const dry = demo();
			const before = snapshot(dry);
			const planned = apply(dry, make(dry), {now, dryRun: true});
			expect(planned.dryRun).toBe(true);
			expect(planned.event).toBeUndefined();
			expect(snapshot(dry)).toEqual(before);

			const real = demo();
			const done = apply(real, make(real), {now});
			expect(done.ok).toBe(true);
			expect(planned.ok).toBe(done.ok);
			expect(planned.patches).toEqual(done.patches);
			expect(planned.failures).toEqual(done.failures);
			expect(planned.created).toEqual(done.created);
			expect(snapshot(real)).not.toEqual(before);
		},
	);

	it('reports the same refusal as the real run, changing nothing (docs/behaviour.md §2: nothing is applied)', () => {
		const world = demo();
		const before = snapshot(world);
		const command: Command = {
			op: 'tag',
			ids: ids(world, 'web-prod-1', 'crm-prod-1-data'),
			tags: {patch: 'x'},
		};
		const planned = apply(world, command, {now, dryRun: true});
		const done = apply(world, command, {now});
		expect(planned.ok).toBe(false);
		expect(planned.error?.code).toBe(done.error?.code);
		expect(planned.failures).toEqual(done.failures);
		expect(snapshot(world)).toEqual(before);
	});
});
