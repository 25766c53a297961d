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

	test('a footer too wide drops whole hints from the end and keeps ? help', () => {
		for (const screen of screens) {
			const whole = footerHints(keyTables[screen]);
			for (const width of [40, 80, 100]) {
				const hints = footerHints(keyTables[screen], width);
				expect(whole.startsWith(hints.split('  ')[0]!), screen).toBe(true);
				for (const hint of hints.split('  '))
					expect(whole.split('  '), screen).toContain(hint);
				if (hints.split('  ').length > 1)
					expect(hints.length, `${screen} at ${width}`).toBeLessThanOrEqual(
						width,
					);
				if (whole.includes('? help'))
					expect(hints, `${screen} at ${width}`).toContain('? help');
			}
		}
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
