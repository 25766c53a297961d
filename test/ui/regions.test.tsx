import {describe, expect, test} from 'vitest';
import {appFixture, keys, lines, lineWith, type Ui} from './helpers.js';

let ui: Ui;

appFixture(
	(made) => {
		({ui} = made);
	},
	{region: undefined},
);

/** The region IDs the list shows, top to bottom. */
function listed(frame: string): string[] {
	const all = lines(frame);
	const head = all.findIndex((l) => l.includes('REGION'));
	return all
		.slice(head + 1)
		.map((l) => /^[ ●] (\S+)\s/v.exec(l)?.[1])
		.filter((id): id is string => id !== undefined && /^[a-z]+-/v.test(id));
}

/** Every region in list order: the first page, then the last page after End. */
async function fullOrder(): Promise<string[]> {
	const first = listed(ui.frame());
	await ui.press(keys.end);
	const last = listed(ui.frame());
	await ui.press(keys.home);
	const order = [...first];
	for (const id of last) if (!order.includes(id)) order.push(id);
	return order;
}

/** The region the header names (the one Enter opened), or 'regions'. */
function openedRegion(): string {
	const header = lines(ui.frame())[0] ?? '';
	return (
		/(?:^|\s)((?:cn|ap|eu|us|me|na)-[a-z]+(?:-[a-z]+)?(?:-\d+)?)(?=\s|$)/v.exec(
			header,
		)?.[1] ?? 'regions'
	);
}

describe('regions view', () => {
	test('starts on the regions list when no region is given', () => {
		expect(ui.frame()).toContain('REGION');
		expect(ui.frame()).toContain('RESOURCES');
		expect(ui.frame()).toContain('INHERITANCE');
		expect(ui.frame()).toMatch(/Enter open/v);
	});

	test('back on the list from a region, the header names no region and counts no marks', async () => {
		await ui.press(keys.enter);
		expect(lines(ui.frame())[0]).toContain('71 in region');
		await ui.press(keys.esc);
		expect(ui.frame()).toContain('REGION');
		expect(lines(ui.frame())[0]).toMatch(/^tagdeck · regions · /v);
		expect(lines(ui.frame())[0]).not.toContain('marked');
	});

	test('lists each region with its resource count and inheritance support', () => {
		const frame = ui.frame();
		expect(lineWith(frame, 'cn-hangzhou')).toMatch(
			/cn-hangzhou\s+China \(Hangzhou\)\s+71\s+supported\s+cn-hangzhou-/v,
		);
		expect(lineWith(frame, 'cn-shanghai ')).toMatch(/\s33\s+supported/v);
		expect(lineWith(frame, 'ap-northeast-2')).toMatch(
			/South Korea \(Seoul\)\s+15\s+no\s+ap-northeast-2a/v,
		);
		expect(lineWith(frame, 'cn-wuhan-lr')).toMatch(/\s0\s+no\s/v);
	});

	test('lists all 29 regions (the first page, then the rest after End)', async () => {
		expect(await fullOrder()).toHaveLength(29);
	});

	test('typing narrows the list as you type', async () => {
		await ui.type('cn-sh');
		const shown = listed(ui.frame());
		expect(shown.toSorted()).toEqual(['cn-shanghai', 'cn-shenzhen']);
		expect(ui.frame()).toContain('filter: cn-sh');
	});

	test('typing matches region names too, case-insensitively', async () => {
		await ui.type('london');
		expect(listed(ui.frame())).toEqual(['eu-west-1']);
	});

	test('typing a name that contains letters bound to keys (g) still filters by the whole name', async () => {
		await ui.type('singapore');
		expect(ui.frame()).toContain('filter: singapore');
		expect(listed(ui.frame())).toEqual(['ap-southeast-1']);
	});

	test('every letter is text: j, g, G, u and q filter, never move, undo or quit', async () => {
		await ui.type('guang');
		expect(ui.frame()).toContain('filter: guang');
		expect(listed(ui.frame())).toEqual(['cn-guangzhou']);
		expect(ui.frame()).not.toContain('Undo step');
		await ui.press(keys.esc);
		await ui.type('jGq');
		expect(ui.frame()).toContain('filter: jGq');
		expect(ui.frame()).toContain('No region matches.');
	});

	test('Backspace deletes the last typed character', async () => {
		await ui.type('londonx');
		expect(listed(ui.frame())).toEqual([]);
		await ui.press(keys.backspace);
		expect(ui.frame()).toContain('filter: london');
		expect(listed(ui.frame())).toEqual(['eu-west-1']);
	});

	test('Esc clears the typed filter', async () => {
		await ui.type('london');
		await ui.press(keys.esc);
		expect(listed(ui.frame()).length).toBeGreaterThan(5);
		expect(ui.frame()).not.toContain('filter: london');
	});

	test('Enter opens the region under the cursor', async () => {
		await ui.press(keys.enter);
		expect(openedRegion()).toBe('cn-hangzhou');
		expect(ui.frame()).toContain('0 marked · 71 shown · 71 in region');
		expect(ui.frame()).toContain('type: all');
	});

	test('Down moves down, Up moves up', async () => {
		const order = listed(ui.frame());
		await ui.press(keys.down, keys.down, keys.down, keys.up);
		await ui.press(keys.enter);
		expect(openedRegion()).toBe(order[2]);
	});

	test('End goes to the bottom, Home to the top', async () => {
		const order = await fullOrder();
		await ui.press(keys.end, keys.enter);
		expect(openedRegion()).toBe(order.at(-1));
		await ui.press(keys.esc, keys.home, keys.enter);
		expect(openedRegion()).toBe(order[0]);
	});

	test('PgDn and Ctrl-d move a page down, PgUp and Ctrl-u a page up', async () => {
		const order = await fullOrder();
		// 30 rows: header, sub-header, table head, footer and message leave 24 rows.
		const page = 24;
		await ui.press(keys.pgDn, keys.enter);
		expect(openedRegion()).toBe(order[page]);
		await ui.press(keys.esc, keys.pgUp, keys.enter);
		expect(openedRegion()).toBe(order[0]);
		await ui.press(keys.esc, keys.down, keys.ctrlD, keys.enter);
		expect(openedRegion()).toBe(order[page + 1]);
		await ui.press(keys.esc, keys.ctrlU, keys.enter);
		expect(openedRegion()).toBe(order[1]);
	});

	test('the cursor stops at the ends of the list', async () => {
		const order = await fullOrder();
		await ui.press(keys.up, keys.enter);
		expect(openedRegion()).toBe(order[0]);
		await ui.press(
			keys.esc,
			keys.pgDn,
			keys.pgDn,
			keys.pgDn,
			keys.down,
			keys.enter,
		);
		expect(openedRegion()).toBe(order.at(-1));
	});

	test('Enter on a filtered list opens the region it shows', async () => {
		await ui.type('london');
		await ui.press(keys.enter);
		expect(openedRegion()).toBe('eu-west-1');
		expect(ui.frame()).toContain('0 shown · 0 in region');
		expect(ui.frame()).toContain('No resources here.');
	});
});
