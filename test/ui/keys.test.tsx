import {describe, expect, test} from 'vitest';
import {
	command,
	countInRegion,
	appFixture,
	keys,
	lines,
	lineWith,
	readWorld,
	type TestWorld,
	type Ui,
} from './helpers.js';

let world: TestWorld;
let ui: Ui;

appFixture(
	(made) => {
		({world, ui} = made);
	},
	{
		async after() {
			await command(ui, 'keys');
		},
	},
);

function keyRow(key: string): string {
	return lines(ui.frame()).find((l) => l.startsWith(`  ${key} `)) ?? '';
}

describe('the tag keys of a region', () => {
	test(':keys lists the region keys with how many resources carry each and their values', async () => {
		const data = await readWorld(world.file);
		const carriers = countInRegion(data, 'cn-hangzhou', (r) => 'env' in r.tags);
		expect(ui.frame()).toMatch(/KEY\s+RESOURCES\s+VALUES/v);
		const row = keyRow('env');
		expect(row).toMatch(
			new RegExp(String.raw`^ {2}env\s+${carriers}\s+3\s+custom\s`, 'v'),
		);
		for (const value of ['prod', 'test', 'dev']) expect(row).toContain(value);
	});

	test('keys differ in case are listed apart', () => {
		expect(keyRow('Env')).toMatch(/\s1\s+1\s+custom\s+Production/v);
	});

	test('system keys are marked as such', () => {
		expect(keyRow('acs:tag:createdby')).toMatch(/\s63\s+1\s+system\s/v);
	});

	test('/ narrows the keys', async () => {
		await ui.press('/');
		await ui.type('back');
		await ui.press(keys.enter);
		expect(keyRow('backup')).not.toBe('');
		expect(keyRow('env')).toBe('');
	});

	test('Enter shows the resources that carry the key under the cursor', async () => {
		const data = await readWorld(world.file);
		const carriers = countInRegion(
			data,
			'cn-hangzhou',
			(r) => 'backup' in r.tags,
		);
		await ui.press('/');
		await ui.type('backup');
		await ui.press(keys.enter, keys.enter);
		expect(ui.frame()).toContain('filter: backup=*');
		expect(lines(ui.frame())[0]).toContain(`${carriers} shown`);
		expect(lineWith(ui.frame(), 'web-prod-1-data')).toContain('backup=daily');
	});

	test('Esc goes back to the resources', async () => {
		await ui.press(keys.esc);
		expect(ui.frame()).toContain('type: all');
	});
});
