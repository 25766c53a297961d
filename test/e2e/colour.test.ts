import {describe, expect, it} from 'vitest';
import {Store} from '../../source/store/store.js';
import {TagdeckPty, colourOf, filterBy, keys, ptyWorlds} from './pty.js';

const worlds = ptyWorlds();

/** A demo world with Ecs-Instance:Ecs-Disk on (existing links too): its disks show ↳ tags. */
async function inheritingWorld(): Promise<string> {
	const db = await worlds().copy();
	const store = new Store(db);
	await store.load();
	await store.apply({op: 'inheritance', enabled: true});
	await store.apply({
		op: 'rules',
		region: 'cn-hangzhou',
		rules: ['rule:AttachDisk-DetachDisk-TagInstance:Ecs-Instance:Ecs-Disk'],
		enable: true,
		keys: null,
		existing: true,
	});
	return db;
}

/** The UI on cn-hangzhou of an inheriting world, at 120×30 (NO_COLOR and such in `env`). */
async function openInheriting(env: Record<string, string> = {}) {
	return TagdeckPty.open({
		db: await inheritingWorld(),
		args: ['--region', 'cn-hangzhou'],
		cols: 120,
		rows: 30,
		env,
	});
}

const green = 2;
const yellow = 3;
const cyan = 6;

describe('colour for demos (real terminal)', () => {
	it('Running is green, Stopped yellow, an inherited tag cyan; the words and ↳ stay', async () => {
		const ui = await openInheriting();
		await filterBy(ui, 'win-test type:ecs');
		await ui.flush();
		expect(colourOf(ui, 'Running'), await ui.show()).toBe(green);
		expect(colourOf(ui, 'Stopped'), await ui.show()).toBe(yellow);
		await ui.press(keys.esc);
		await ui.waitFor('71 shown', 'the filter cleared');
		await filterBy(ui, 'web-prod-1-data');
		await ui.flush();
		expect(colourOf(ui, '↳'), await ui.show()).toBe(cyan);
		// Own tags keep the row's colour.
		expect(colourOf(ui, 'backup='), await ui.show()).toBeUndefined();
	});

	it('with NO_COLOR the same rows carry ↳ and the status words, uncoloured', async () => {
		const ui = await openInheriting({NO_COLOR: '1'});
		await filterBy(ui, 'win-test type:ecs');
		await ui.flush();
		expect(colourOf(ui, 'Stopped'), await ui.show()).toBeUndefined();
		await ui.press(keys.esc);
		await ui.waitFor('71 shown', 'the filter cleared');
		await filterBy(ui, 'web-prod-1-data');
		await ui.flush();
		expect(colourOf(ui, '↳'), await ui.show()).toBeUndefined();
	});
});
