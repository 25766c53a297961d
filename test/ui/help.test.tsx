import {describe, expect, test} from 'vitest';
import {command, appFixture, keys, lines, type Ui} from './helpers.js';

let ui: Ui;

appFixture(
	(made) => {
		({ui} = made);
	},
	// Tall enough to show every key at once.
	{size: {columns: 120, rows: 70}},
);

/** The help rows as [key, does]. */
function helpRows(): Array<[string, string]> {
	const all = lines(ui.frame());
	const head = all.findIndex((l) => /^ {2}KEY\s+DOES/v.test(l));
	return all
		.slice(head + 1)
		.filter((l) => /^ {2}\S/v.test(l) && l.trim() !== 'Nothing here.')
		.map((l) => [l.slice(2, 16).trim(), l.slice(17).trim()]);
}

function position(does: string): number {
	return helpRows().findIndex(([, d]) => d.startsWith(does));
}

const resourcesOnly = [
	'mark / unmark',
	'range mark',
	'tag editor on the marked rows',
	'remove keys from the marked rows',
	'actions menu',
	'detail pane',
	'retry the failed',
];
const rulesOnly = [
	'enable the marked rules',
	'enable with apply-to-existing',
	'disable the marked rules',
	'edit the scope',
	'turn the feature switch',
];
const elsewhere = ['preview the edit', 'apply', 'go back without applying'];

describe('help (?)', () => {
	test('lists every key of the current view first, then the rest', async () => {
		await ui.press('?');
		expect(ui.frame()).toMatch(/KEY\s+DOES/v);
		const here = resourcesOnly.map((d) => position(d));
		const rest = [...rulesOnly, ...elsewhere].map((d) => position(d));
		for (const at of [...here, ...rest]) expect(at).toBeGreaterThanOrEqual(0);
		expect(Math.max(...here)).toBeLessThan(Math.min(...rest));
	});

	test('from the rules view, the rules keys come first', async () => {
		await command(ui, 'rules');
		await ui.press('?');
		const here = rulesOnly.map((d) => position(d));
		const rest = ['tag editor on the marked rows', 'actions menu'].map((d) =>
			position(d),
		);
		expect(Math.max(...here)).toBeLessThan(Math.min(...rest));
	});

	test('lists each key once', async () => {
		await ui.press('?');
		const rows = helpRows().map(([k, d]) => `${k} ${d}`);
		expect(new Set(rows).size).toBe(rows.length);
	});

	test('typing filters the keys', async () => {
		await ui.press('?');
		await ui.type('undo');
		expect(helpRows()).toEqual([['u', 'undo the last step']]);
		expect(ui.frame()).toContain('type to filter: undo');
	});

	test('has entries for the filter language: operators, quoting, attributes', async () => {
		await ui.press('?');
		await ui.type('filter');
		const labels = helpRows().map(([label]) => label);
		for (const label of [
			'env=prod',
			'env=pro*',
			'!env',
			'type:disk',
			'name:web-*',
			'inherited:env',
			'word',
		]) {
			expect(labels).toContain(label);
		}

		await ui.press(...Array.from('filter', () => keys.backspace));
		await ui.type('quot');
		expect(helpRows()).toEqual([
			[
				'"a b"="c, d"',
				String.raw`quoting: spaces, = and , in quotes; \" a quote, \\ a backslash (filter, editor, :)`,
			],
		]);
	});

	test('a search for "inherit" finds the inheritance entries: the rules keys, inherited tags and the filter term', async () => {
		await ui.press('?');
		await ui.type('inherit');
		const rows = helpRows();
		const does = rows.map(([, d]) => d);
		for (const entry of [
			...rulesOnly,
			'an inherited tag',
			'inheritance rules of the region',
		]) {
			expect(
				does.some((d) => d.startsWith(entry)),
				entry,
			).toBe(true);
		}

		expect(rows.map(([label]) => label)).toContain('inherited:env');
		expect(does.some((d) => d.startsWith('undo'))).toBe(false);
	});

	test('Backspace edits the filter', async () => {
		await ui.press('?');
		await ui.type('undox');
		expect(helpRows()).toEqual([]);
		expect(ui.frame()).toContain('Nothing here.');
		await ui.press(keys.backspace);
		expect(helpRows()).toEqual([['u', 'undo the last step']]);
	});

	test('Esc goes back to the view it was opened from', async () => {
		await ui.press('?', keys.esc);
		expect(ui.frame()).toContain('type: all');
		expect(ui.frame()).not.toMatch(/KEY\s+DOES/v);
	});

	test('Esc clears a typed filter before going back', async () => {
		await ui.press('?');
		await ui.type('undo');
		await ui.press(keys.esc);
		expect(ui.frame()).toMatch(/KEY\s+DOES/v);
		expect(helpRows().length).toBeGreaterThan(10);
		await ui.press(keys.esc);
		expect(ui.frame()).toContain('type: all');
	});
});
