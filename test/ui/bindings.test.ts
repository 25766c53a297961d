import {describe, expect, test} from 'vitest';
import {
	footerHints,
	globalBindings,
	type Binding,
} from '../../source/ui/binding.js';
import {isText} from '../../source/ui/keys.js';
import {reduce, route} from '../../source/ui/reducer.js';
import {helpRows} from '../../source/ui/screens/help/bindings.js';
import {keyTables} from '../../source/ui/screens/tables.js';
import type {Screen} from '../../source/ui/state.js';
import {inputOf, now, onEveryScreen} from './reduce.js';

const {world, states} = onEveryScreen();
const screens = Object.keys(keyTables) as Screen[];

/** Every key of every table, and keys no table has. */
const everyKey = [
	...new Set([
		...Object.values(keyTables).flatMap((t) =>
			t.bindings.flatMap((b) => b.keys),
		),
		...globalBindings.flatMap((b) => b.keys),
		'z',
		'Q',
		'!',
		'left',
		'right',
		'ctrl-x',
		'backspace',
	]),
];

const tableOf = (screen: Screen) => keyTables[screen].bindings;
const bound = (table: Binding[], name: string) =>
	table.find((b) => b.keys.includes(name));

describe('one table drives the keys', () => {
	test('each screen starts where it should', () => {
		for (const screen of screens) expect(states[screen].screen).toBe(screen);
	});

	test('no key is bound twice on a screen', () => {
		for (const screen of screens) {
			const names = [...tableOf(screen), ...globalBindings].flatMap(
				(b) => b.keys,
			);
			expect(new Set(names).size, screen).toBe(names.length);
		}
	});

	describe.each(screens)('%s', (screen) => {
		const state = states[screen];
		const {text} = keyTables[screen];

		test.each(everyKey)('%s acts if and only if the tables bind it', (name) => {
			const input = inputOf(name);
			const found = route(state, name, input);
			const binding =
				bound(tableOf(screen), name) ?? bound(globalBindings, name);
			const next = reduce(state, {type: 'key', name, input, world, now});
			if (text && isText(name, input)) {
				// A text field owns its printable keys: they are text, never a binding.
				expect(found).toBe('text');
				expect(next.quit).toBe(false);
				expect(next.screen).toBe(screen);
			} else if (binding) {
				expect(found).toBe(binding);
				expect(next).not.toBe(state);
			} else {
				expect(found).toBeUndefined();
				expect(next).toBe(state);
			}
		});
	});

	test('help lists every binding of every table', () => {
		const rows = helpRows({...states.help, filters: {}}, keyTables);
		for (const binding of [
			...screens.flatMap((s) => tableOf(s)),
			...globalBindings,
		])
			expect(
				rows.some((r) => r.label === binding.label && r.does === binding.does),
				`${binding.label} ${binding.does}`,
			).toBe(true);
	});

	test('a footer too wide drops whole hints, the least important first, and keeps ? help', () => {
		for (const screen of screens) {
			const whole = footerHints(keyTables[screen]).split('  ');
			const importance = new Map(
				[...tableOf(screen), ...globalBindings]
					.filter((b) => b.footer)
					.map((b) => [`${b.label} ${b.footer!}`, b.priority ?? 2]),
			);
			for (const width of [40, 60, 80, 100]) {
				const hints = footerHints(keyTables[screen], width).split('  ');
				// What is kept keeps its order.
				expect(
					whole.filter((h) => hints.includes(h)),
					screen,
				).toEqual(hints);
				if (hints.length > 1)
					expect(
						hints.join('  ').length,
						`${screen} at ${width}`,
					).toBeLessThanOrEqual(width);
				if (whole.includes('? help'))
					expect(hints, `${screen} at ${width}`).toContain('? help');
				const dropped = whole.filter((h) => !hints.includes(h));
				const keptLeast = Math.max(
					...hints
						.filter((h) => h !== '? help')
						.map((h) => importance.get(h) ?? 1),
				);
				for (const hint of dropped)
					expect(
						importance.get(hint),
						`${screen} at ${width}: ${hint} dropped while a less important hint stays`,
					).toBeGreaterThanOrEqual(keptLeast);
			}
		}
	});

	test('at 80 columns the resources footer keeps marking, tagging, the filter, undo and help', () => {
		const hints = footerHints(keyTables.resources, 80);
		for (const hint of [
			'Space mark',
			't tag',
			'T untag',
			'/ filter',
			'u undo',
			'? help',
		])
			expect(hints).toContain(hint);
		expect(hints).not.toContain('Ctrl-c quit');
	});

	test('the footer shows only keys of the screen and the global table', () => {
		for (const screen of screens) {
			const hints = footerHints(keyTables[screen]);
			for (const b of [...tableOf(screen), ...globalBindings])
				if (b.footer) expect(hints, screen).toContain(`${b.label} ${b.footer}`);
			for (const other of screens)
				for (const b of tableOf(other))
					if (b.footer && !bound(tableOf(screen), b.keys[0]!))
						expect(hints, screen).not.toContain(`  ${b.label} ${b.footer}`);
		}
	});
});
