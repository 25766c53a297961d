import {readFile} from 'node:fs/promises';
import {describe, expect, test} from 'vitest';
import {step} from '../helpers/world.js';
import {
	appFixture,
	filterTo,
	inAct,
	inheritDisks,
	keys,
	lines,
	lineWith,
	named,
	readWorld,
	type TestWorld,
	type Ui,
} from './helpers.js';

let world: TestWorld;
let ui: Ui;

appFixture((made) => {
	({world, ui} = made);
});

/** The keys the picker lists, with whether each is chosen and what it says of where the key comes from. */
function listed(): Array<{key: string; chosen: boolean; origin: string}> {
	const all = lines(ui.frame());
	const head = all.findIndex((l) => l.includes('KEYS OF'));
	return all
		.slice(head + 1)
		.map((l) => /^([ ●]) ([ ↳]) (\S+)(.*)$/v.exec(l))
		.filter((m) => m !== null)
		.map((m) => ({
			key: m[3]!,
			chosen: m[1] === '●',
			origin: `${m[2]!.trim()} ${m[4]!.trim()}`.trim(),
		}));
}

/** The keys the picker lists, with whether each is chosen. */
function picked(): Array<{key: string; chosen: boolean}> {
	return listed().map(({key, chosen}) => ({key, chosen}));
}

/** Opens the picker on scratch-data-01 (tags env=dev, temporary=""). */
async function pickOnScratch() {
	await filterTo(ui, 'scratch-data-01');
	await ui.press('T');
}

describe('untag picker (T)', () => {
	test('lists the custom keys of the target, not its system tags', async () => {
		await pickOnScratch();
		expect(ui.frame()).toContain('KEYS OF 1 RESOURCE(S)');
		expect(picked().map((p) => p.key)).toEqual(['env', 'temporary']);
		expect(ui.frame()).not.toContain('acs:');
	});

	test('lists the keys of all marked resources together', async () => {
		await filterTo(ui, 'web-prod-1-data type:disk');
		await ui.press(keys.space);
		await filterTo(ui, 'scratch-data-01');
		await ui.press(keys.space, 'T');
		expect(ui.frame()).toContain('KEYS OF 2 RESOURCE(S)');
		expect(picked().map((p) => p.key)).toEqual([
			'backup',
			'cost',
			'env',
			'temporary',
		]);
	});

	test('Space chooses a key and moves down', async () => {
		await pickOnScratch();
		await ui.press(keys.space);
		expect(picked()).toEqual([
			{key: 'env', chosen: true},
			{key: 'temporary', chosen: false},
		]);
		await ui.press(keys.space);
		expect(picked().every((p) => p.chosen)).toBe(true);
	});

	test('* chooses every key', async () => {
		await pickOnScratch();
		await ui.press('*');
		expect(picked().every((p) => p.chosen)).toBe(true);
	});

	test('Enter previews the removal of the chosen keys', async () => {
		const disk = named(world.store, 'scratch-data-01');
		await pickOnScratch();
		await ui.press('j', keys.space, keys.enter);
		expect(ui.frame()).toContain('Remove temporary from 1 resource(s)?');
		const line = lineWith(ui.frame(), `  ${disk.id}`) ?? '';
		expect(line).toContain('- temporary=');
		expect(line).not.toContain('env=dev');
	});

	test('y applies the removal to the world file', async () => {
		const disk = named(world.store, 'scratch-data-01');
		await pickOnScratch();
		await ui.press('*', keys.enter, 'y');
		await ui.waitFor(`Step #${step(1)}`);
		const saved = await readWorld(world.file);
		expect(saved.resources[disk.id]!.tags).not.toHaveProperty('env');
		expect(saved.resources[disk.id]!.tags).not.toHaveProperty('temporary');
	});

	test('Esc leaves the picker without a change', async () => {
		const before = await readFile(world.file, 'utf8');
		await pickOnScratch();
		await ui.press('*', keys.esc);
		expect(ui.frame()).toContain('filter: scratch-data-01');
		expect(await readFile(world.file, 'utf8')).toBe(before);
	});

	test('marks the inherited keys and says where they come from', async () => {
		await inAct(async () => inheritDisks(world.store));
		const disk = named(world.store, 'scratch-data-01');
		const dev = named(world.store, 'dev-box-1', 'Ecs-Instance');
		await inAct(async () =>
			world.store.apply({op: 'attach', id: disk.id, to: dev.id}),
		);
		await pickOnScratch();
		const from = `↳ inherited from ${dev.id} (dev-box-1) by Ecs-Instance:Ecs-Disk`;
		expect(listed()).toEqual([
			{key: 'env', chosen: false, origin: from},
			{key: 'owner', chosen: false, origin: from},
			{key: 'team', chosen: false, origin: from},
			{key: 'temporary', chosen: false, origin: ''},
		]);
	});

	test('with several resources it says on how many a key is inherited', async () => {
		await inAct(async () => inheritDisks(world.store));
		const vm = named(world.store, 'web-prod-1', 'Ecs-Instance');
		await filterTo(ui, 'web-prod-1-data type:disk');
		await ui.press(keys.space);
		await filterTo(ui, 'scratch-data-01');
		await ui.press(keys.space, 'T');
		const env = listed().find((k) => k.key === 'env');
		expect(env?.origin).toBe(
			`↳ inherited on 1 of 2, from ${vm.id} (web-prod-1) by Ecs-Instance:Ecs-Disk`,
		);
		expect(listed().find((k) => k.key === 'temporary')?.origin).toBe('');
	});

	test('on a resource without custom tags it says so', async () => {
		await filterTo(ui, 'access-logs-hz');
		await ui.press('T');
		expect(ui.frame()).toContain('These resources have no custom tags.');
	});
});
