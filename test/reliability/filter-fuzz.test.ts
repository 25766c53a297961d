/*
The filter language fuzzed (docs/reliability.md R5: malformed filters; docs/behaviour.md §3: a
malformed filter is an error that points at the offending term). Whatever the
text, parseFilter returns a filter or throws the project's FilterError
(InvalidParameter.Filter, with a column inside the text and no raw control
character in its message), never another exception and never hangs; a filter
that parses evaluates on every resource of a small world without throwing.

Seeds: runs are random; set TAGDECK_PROPERTY_SEED to replay one (fast-check
prints the seed and path of every failure).
Long run: TAGDECK_LONG_PROPERTIES=1 adds a test of 100 times as many inputs.
Without the variable that test is not defined at all (not skipped).
*/
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {FilterError, parseFilter} from '../../source/core/filter.js';
import {listResources} from '../../source/core/query.js';
import {demo, named, run} from '../helpers/world.js';
import {long, seed} from '../helpers/property-settings.js';
import {rawControls} from './controls.js';

/** The demo world, with keys that are names of object properties, spaces and quotes, and an inherited tag. */
const world = demo();
const devBox = named(world, 'dev-box-1');
run(world, {
	op: 'tag',
	ids: [devBox.id],
	tags: JSON.parse(
		String.raw`{"__proto__": "x", "constructor": "y", "a b": "c=d", "q\"uote": "", "env*": "p*"}`,
	) as Record<string, string>,
});
const resources = world.resources();

/**
Parses `source`; fails on anything but a filter or a well-formed FilterError.
A filter that parses is run on every resource.
*/
function check(source: string): void {
	let filter: ReturnType<typeof parseFilter>;
	try {
		filter = parseFilter(source);
	} catch (error) {
		if (!(error instanceof FilterError)) {
			throw new Error(
				`parseFilter(${JSON.stringify(source.slice(0, 200))}) threw something else than a FilterError: ${String(error)}`,
				{cause: error},
			);
		}

		expect(error.code).toBe('InvalidParameter.Filter');
		expect(error.start).toBeGreaterThanOrEqual(0);
		expect(error.start).toBeLessThanOrEqual(source.length);
		expect(error.end).toBeGreaterThan(error.start);
		expect(error.end).toBeLessThanOrEqual(source.length + 1);
		expect(error.message).toContain(`column ${error.start + 1},`);
		expect(rawControls(error.message)).toEqual([]);
		return;
	}

	expect(filter.source).toBe(source);
	for (const resource of resources)
		expect(typeof filter.test(resource)).toBe('boolean');
	listResources(world, {filter});
	listResources(world, {filter, region: 'cn-hangzhou'});
}

/** Any text: every code point, and 16-bit units (lone surrogates too). */
const anyText = fc.oneof(
	fc.string({unit: 'binary', maxLength: 80}),
	fc.string({
		unit: fc
			.integer({min: 0, max: 0xff_ff})
			.map((c) => String.fromCodePoint(c)),
		maxLength: 80,
	}),
	fc.string({unit: 'binary-ascii', maxLength: 80}),
);

/** The pieces the language is made of, and the pieces that break it. */
const tokens = [
	// Keys and words.
	'env',
	'Env',
	'app',
	'Test',
	'temporary',
	'web-prod-1',
	'i-bp1',
	'__proto__',
	'constructor',
	'toString',
	'acs:tag:createdby',
	'a b',
	String.raw`q\"uote`,
	// Attributes, with good and bad values.
	'type',
	'zone',
	'status',
	'region',
	'inherited',
	'TYPE',
	'disk',
	'ALIYUN::ECS::DISK',
	'instance',
	'cn-hangzhou',
	'cn-hangzhou-h',
	'Running',
	'stopped',
	'nosuch',
	// Values.
	'prod',
	'pro',
	'Server-Windows',
	'x=y',
	// Operators and punctuation.
	'=',
	'!=',
	'!',
	':',
	',',
	'*',
	'"',
	'""',
	String.raw`\"`,
	'\\',
	' ',
	'  ',
	'\t',
	'\n',
	// Characters the language refuses.
	'\u0000',
	'\u0007',
	'\u001B[31m',
	'\u001B]52;c;eA==\u0007',
	'\u007F',
	'\u009B',
	'\u202E',
	'\u2066',
	// Other text.
	'环境',
	'é',
	'\uD83D\uDE00',
	'\uD800',
];

const token = fc.constantFrom(...tokens);
/** Text made of the language's tokens, in any order: mostly malformed, sometimes good. */
const grammarShaped = fc
	.array(token, {maxLength: 24})
	.map((parts) => parts.join(''));

const key = fc.constantFrom(
	'env',
	'Env',
	'app',
	'Test',
	'temporary',
	'__proto__',
	'"a b"',
	String.raw`"q\"uote"`,
	'"env*"',
);
const value = fc.constantFrom(
	'prod',
	'pro*',
	'*',
	'""',
	'"c=d"',
	'Server-Windows',
	'x',
	'p*',
);
const attribute = fc.constantFrom(
	'type:disk',
	'type:disk,eni',
	'type:Ecs-Instance',
	'zone:cn-hangzhou-h',
	'status:running',
	'status:Stopped,Running',
	'region:cn-shanghai',
	'region:CN-HANGZHOU',
	'inherited:env',
);
/** A well-formed term (a few combinations are still refused, e.g. a list with *). */
const term = fc.oneof(
	fc
		.tuple(
			key,
			fc.constantFrom('=', '!='),
			fc.array(value, {minLength: 1, maxLength: 3}),
		)
		.map(([k, op, values]) => `${k}${op}${values.join(',')}`),
	key.map((k) => `!${k}`),
	key,
	attribute,
	attribute.map((a) => `!${a}`),
	fc.constantFrom('web', 'WEB-PROD', 'i-bp1', 'zzz'),
);
/** Well-formed filters, now and then with one piece broken. */
const wellFormed = fc
	.tuple(
		fc.array(term, {minLength: 1, maxLength: 6}),
		fc.option(fc.tuple(fc.nat(), token), {freq: 3}),
	)
	.map(([terms, broken]) => {
		const text = terms.join(' ');
		if (!broken) return text;
		const at = broken[0] % (text.length + 1);
		return `${text.slice(0, at)}${broken[1]}${text.slice(at)}`;
	});

/** Inputs that once broke the parser, run first every time. */
const counterexamples: Array<[string]> = [
	// A lone ! after a quoted key was taken for != and skipped the next character.
	['"env*"!'],
];

function assertFilters(arbitrary: fc.Arbitrary<string>, numRuns: number): void {
	fc.assert(
		fc.property(arbitrary, (source) => {
			check(source);
		}),
		{numRuns, examples: counterexamples, ...seed},
	);
}

describe('the filter parser, fuzzed (docs/reliability.md R5, docs/behaviour.md §3)', () => {
	it('any text: a filter or a FilterError with a column, nothing else (2,000 inputs)', () => {
		assertFilters(anyText, 2000);
	}, 30_000);

	it('text made of the language tokens: a filter or a FilterError (2,000 inputs)', () => {
		assertFilters(grammarShaped, 2000);
	}, 30_000);

	it('well-formed filters, some with one piece broken: a filter that runs on every resource, or a FilterError (1,500 inputs)', () => {
		let parsed = 0;
		fc.assert(
			fc.property(wellFormed, (source) => {
				check(source);
				try {
					parseFilter(source);
					parsed++;
				} catch {}
			}),
			{numRuns: 1500, ...seed},
		);
		// The generator reaches the evaluation, not only the errors.
		expect(parsed).toBeGreaterThan(200);
	}, 30_000);

	// Defined only with TAGDECK_LONG_PROPERTIES=1; otherwise it does not exist (see the top).
	if (long) {
		it('all three, 100 times as many inputs (TAGDECK_LONG_PROPERTIES=1)', () => {
			assertFilters(anyText, 200_000);
			assertFilters(grammarShaped, 200_000);
			assertFilters(wellFormed, 150_000);
		}, 3_600_000);
	}
});

describe('very long and deeply repeated filters end, with a filter or a FilterError', () => {
	const n = 200_000;
	const cases: Array<[string, () => string]> = [
		['200,000 bangs before a key', () => `${'!'.repeat(n)}env`],
		['200,000 quotes', () => '"'.repeat(n)],
		[
			'an escaped quote 200,000 times inside quotes',
			() => `"${String.raw`\"`.repeat(n)}"=x`,
		],
		[
			'an unclosed quote around 200,000 characters',
			() => `env="${'x'.repeat(n)}`,
		],
		['a list of 200,000 values', () => `env=${'a,'.repeat(n)}a`],
		[
			'a list of 200,000 values ending with a comma',
			() => `env=${'a,'.repeat(n)}`,
		],
		['a type list of 50,000 types', () => `type:${'disk,'.repeat(n / 4)}disk`],
		[
			'a type list with an unknown type at its end',
			() => `type:${'disk,'.repeat(n / 4)}teapot`,
		],
		['100,000 words', () => 'web '.repeat(n / 2)],
		['100,000 negated keys', () => '!env '.repeat(n / 2)],
		[
			'a 200,000-character key and value',
			() => `${'k'.repeat(n)}=${'v'.repeat(n)}*`,
		],
		['200,000 equals signs', () => '='.repeat(n)],
		['200,000 spaces and tabs', () => ' \t'.repeat(n)],
		['a star 200,000 characters into a value', () => `env=${'a'.repeat(n)}*b`],
		['an ESC after 200,000 characters', () => `${'a'.repeat(n)}\u001B[31m`],
		['200,000 "!=" in a row', () => '!='.repeat(n)],
		['200,000 alternating quotes and equals', () => '"="'.repeat(n / 3)],
	];

	it.each(cases)(
		'%s',
		(_name, make) => {
			check(make());
		},
		20_000,
	);
});
