import {describe, expect, test} from 'vitest';
import {typeNamed} from '../../source/core/catalogue.js';
import {demo, key, keys, start, type} from './reduce.js';

const world = demo();

/** Runs a line of the : prompt from `state`. */
function command(state = start(), text = '') {
	return keys(type(key(state, world, ':'), world, text), world, 'enter');
}

describe(':type with an unknown type', () => {
	test('names the type and lists every type of the open region, and how to show all', () => {
		const here = [
			...new Set(world.inRegion('cn-hangzhou').map((r) => r.type)),
		].map((name) => typeNamed(name).aliases[0]!);
		const message = command(start(), 'type foo').message!;
		expect(message.error).toBe(true);
		expect(message.text).toBe(
			`Unknown type "foo" (:type all shows every type; Tab completes). Types here: ${here.toSorted().join(', ')}.`,
		);
	});
});
