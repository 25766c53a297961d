/*
The filter terms `!key`, `key!=value` and a bare `word`, each pinned to its
meaning in the README's filter table, against an oracle written here from that
table: every key, value, name and ID of the demo world is tried.

  !env        has no key env
  env!=prod   does not have env=prod (includes resources without env)
  word        has the tag key word, or its ID or name contains word (any case)
*/
import {describe, expect, it} from 'vitest';
import {parseFilter} from '../../source/core/filter.js';
import type {Resource} from '../../source/core/model.js';
import type {World} from '../../source/core/world.js';
import {demo, named, run} from '../helpers/world.js';

/** The demo world, with an empty value and a key with a space added on web-prod-1. */
function world(): World {
	const w = demo();
	const target = named(w, 'web-prod-1', 'Ecs-Instance');
	expect(
		run(w, {
			op: 'tag',
			ids: [target.id],
			tags: {note: '', 'cost center': 'R&D'},
		}).ok,
	).toBe(true);
	return w;
}

const shared = world();
const everything = shared.resources();

const sorted = (ids: string[]) => ids.toSorted();

/** What the filter finds, as sorted IDs. */
function found(expression: string, w: World = shared): string[] {
	const filter = parseFilter(expression);
	return sorted(
		w
			.resources()
			.filter((r) => filter.test(r))
			.map((r) => r.id),
	);
}

/** What the README's table says the filter finds. */
function expected(test: (r: Resource) => boolean, w: World = shared): string[] {
	return sorted(
		w
			.resources()
			.filter((r) => test(r))
			.map((r) => r.id),
	);
}

const has = (r: Resource, key: string) => Object.hasOwn(r.tags, key);
const idOf = (name: string) => named(shared, name).id;

/** A key or value as a filter term writes it: bare when it can be, quoted otherwise. */
function term(text: string): string {
	return /^[\w.@\/+\-]+$/v.test(text) ? text : `"${text}"`;
}

const keys = [...new Set(everything.flatMap((r) => Object.keys(r.tags)))];
const pairs = [
	...new Set(
		everything.flatMap((r) =>
			Object.entries(r.tags).map(([k, v]) => JSON.stringify([k, v])),
		),
	),
].map((pair) => JSON.parse(pair) as [string, string]);

describe('!key: has no tag with that key (README: finding resources)', () => {
	it('matches exactly the resources without the key, for every key of the world', () => {
		expect(keys.length).toBeGreaterThan(30);
		for (const key of [...keys, 'nosuchkey']) {
			const without = expected((r) => !has(r, key));
			expect(found(`!${term(key)}`), key).toEqual(without);
			// With K=* (has the key) it splits the world in two.
			expect(
				sorted([...found(`!${term(key)}`), ...found(`${term(key)}=*`)]),
			).toEqual(expected(() => true));
		}
	});

	it('looks at the key only: a key with an empty value is a key', () => {
		const webProd1 = idOf('web-prod-1');
		expect(found('!note')).not.toContain(webProd1);
		expect(found('!temporary')).not.toContain(idOf('scratch-data-01'));
		expect(found('!env')).not.toContain(idOf('dev-box-1'));
	});

	it('is case-sensitive, as keys are', () => {
		expect(found('!Env')).toContain(idOf('web-prod-1'));
		expect(found('!Env')).not.toContain(idOf('legacy-reporting-db'));
		expect(found('!ENV')).toEqual(expected(() => true));
	});

	it('names a key, not a word: !web-prod-1 keeps web-prod-1', () => {
		expect(found('!web-prod-1')).toContain(idOf('web-prod-1'));
		expect(found('!web-prod-1')).toEqual(expected(() => true));
	});

	it('takes a quoted key with a space', () => {
		expect(found('!"cost center"')).toEqual(
			expected((r) => !has(r, 'cost center')),
		);
		expect(found('!"cost center"')).not.toContain(idOf('web-prod-1'));
	});

	it('is one of several terms that must all match', () => {
		expect(found('!env type:disk,snapshot region:cn-hangzhou')).toEqual(
			expected(
				(r) =>
					!has(r, 'env') &&
					(r.type === 'Ecs-Disk' || r.type === 'Ecs-Snapshot') &&
					r.region === 'cn-hangzhou',
			),
		);
	});
});

describe('key!=value: does not have key=value, including resources without the key (README)', () => {
	it('is, for every key and value of the world, exactly what key=value leaves out', () => {
		expect(pairs.length).toBeGreaterThan(70);
		for (const [key, value] of pairs) {
			const written = `${term(key)}!=${value === '' ? '""' : term(value)}`;
			const notThat = expected((r) => !has(r, key) || r.tags[key] !== value);
			expect(found(written), written).toEqual(notThat);
			expect(found(written), written).not.toEqual(
				found(written.replace('!=', '=')),
			);
		}
	});

	it('keeps resources without the key and with another value', () => {
		const result = found('env!=prod');
		expect(result).toContain(idOf('legacy-jump-kr'));
		expect(result).toContain(idOf('dev-box-1'));
		expect(result).not.toContain(idOf('web-prod-1'));
	});

	it('compares values case-sensitively', () => {
		expect(found('env!=Prod')).toEqual(expected(() => true));
		expect(found('Env!=Production')).toEqual(
			expected((r) => r.tags.Env !== 'Production'),
		);
		expect(found('Env!=Production')).not.toContain(idOf('legacy-reporting-db'));
		expect(found('Env!=Production')).toContain(idOf('web-prod-1'));
	});

	it('with a list, leaves out each value of it', () => {
		expect(found('env!=prod,test')).toEqual(
			expected((r) => !['prod', 'test'].includes(r.tags.env ?? '-')),
		);
		expect(found('env!=prod,test')).toContain(idOf('dev-box-1'));
		expect(found('env!=prod,test')).not.toContain(idOf('win-test-1'));
	});

	it('with a prefix, leaves out the values starting with it', () => {
		expect(found('env!=pro*')).toEqual(
			expected((r) => !(r.tags.env?.startsWith('pro') ?? false)),
		);
		expect(found('Test!=Server-*')).not.toContain(idOf('win-test-1'));
	});

	it('with "", leaves out only the empty values', () => {
		expect(found('temporary!=""')).toEqual(
			expected((r) => r.tags.temporary !== ''),
		);
		expect(found('note!=""')).not.toContain(idOf('web-prod-1'));
		expect(found('note!=""')).toHaveLength(everything.length - 1);
	});

	it('with *, is !key', () => {
		expect(found('env!=*')).toEqual(found('!env'));
	});
});

describe('a bare word: has the tag key, or its ID or name contains it in any case (README)', () => {
	/** The README's rule for a word, written out. */
	const wordRule = (word: string) => (r: Resource) =>
		has(r, word) ||
		r.id.toLowerCase().includes(word.toLowerCase()) ||
		r.name.toLowerCase().includes(word.toLowerCase());

	it('follows the rule for every name, key, value and a piece of every ID, in several cases', () => {
		const words = new Set<string>();
		for (const r of everything) {
			words.add(r.name);
			words.add(r.name.toUpperCase());
			words.add(r.id.slice(2, 9).toUpperCase());
			words.add(r.id.slice(-6));
			for (const [key, value] of Object.entries(r.tags)) {
				words.add(key);
				if (value !== '') words.add(value);
			}
		}

		expect(words.size).toBeGreaterThan(300);
		for (const word of words)
			expect(found(term(word)), word).toEqual(expected(wordRule(word)));
	});

	it('matches names in any case', () => {
		const names = (expression: string) =>
			found(expression).map((id) => shared.get(id)!.name);
		expect(names('WIN-TEST')).toEqual(
			expect.arrayContaining(['win-test-1', 'win-test-2', 'win-test-sh-1']),
		);
		expect(names('Web-Prod-1')).toContain('web-prod-1');
	});

	it('matches part of an ID in any case', () => {
		const id = idOf('crm-prod-1');
		expect(found(id.slice(5, 15).toUpperCase())).toContain(id);
	});

	it('matches a whole tag key that no name or ID contains', () => {
		expect(found('temporary')).toEqual([idOf('scratch-data-01')]);
		expect(found('"cost center"')).toEqual([idOf('web-prod-1')]);
	});

	it('does not match a part of a key, or a value', () => {
		expect(found('tempor')).not.toContain(idOf('scratch-data-01'));
		expect(found('Server-Windows')).not.toContain(idOf('win-test-1'));
		expect(found('storefront')).not.toContain(idOf('web-prod-1'));
	});

	it('matches only what every word matches', () => {
		expect(found('web prod')).toEqual(
			expected((r) => wordRule('web')(r) && wordRule('prod')(r)),
		);
		expect(found('web prod')).toContain(idOf('web-prod-1'));
		expect(found('web prod')).not.toContain(idOf('dev-box-1'));
	});

	it('takes a key with a colon for a key, not an attribute', () => {
		expect(found('acs:tag:createdby')).toEqual(
			expected((r) => Object.hasOwn(r.tags, 'acs:tag:createdby')),
		);
	});
});
