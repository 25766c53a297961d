import {describe, expect, it} from 'vitest';
import {Store} from '../../source/store/store.js';
import {TagdeckPty, colourOf, command, keys, ptyWorlds} from './pty.js';

const worlds = ptyWorlds();

/** A demo world with CostCenter enabled for cost allocation. */
async function costWorld(): Promise<string> {
	const db = await worlds().copy();
	const store = new Store(db);
	await store.load();
	await store.apply({op: 'costs', enable: ['CostCenter']});
	return db;
}

/** :costs by CostCenter on cn-hangzhou at 80×24. */
async function openCosts(env: Record<string, string> = {}) {
	const ui = await TagdeckPty.open({
		db: await costWorld(),
		args: ['--region', 'cn-hangzhou'],
		cols: 80,
		rows: 24,
		env,
	});
	await command(ui, 'costs');
	await ui.waitFor('illustrative prices', 'the costs screen');
	await ui.press(keys.tab);
	await ui.waitFor('[CostCenter]', 'the bill by CostCenter');
	await ui.flush();
	return ui;
}

const yellow = 3;

describe('the costs screen (real terminal)', () => {
	it('at 80×24 the bill by CostCenter fits, and the unallocated bar is yellow', async () => {
		const ui = await openCosts();
		expect(await ui.wrappedRows(), await ui.show()).toEqual([]);
		expect(colourOf(ui, '∅ (unallocated)'), await ui.show()).toBe(yellow);
		expect(ui.lines().findLast((l) => l !== '')).toContain('? help');
	});

	it('with NO_COLOR the unallocated bar keeps its glyph, its word and its bar, uncoloured', async () => {
		const ui = await openCosts({NO_COLOR: '1'});
		const row = ui.lines().find((l) => l.includes('∅ (unallocated)'));
		expect(row, await ui.show()).toMatch(/░+$/v);
		expect(colourOf(ui, '∅ (unallocated)')).toBeUndefined();
	});
});
