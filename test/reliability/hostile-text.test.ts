/*
Text that looks like other text (docs/reliability.md R5). Characters that print as nothing
or as a line break (U+2028, zero-width characters, directional marks, Arabic
number signs, tag characters …) are accepted in keys, values and names, and
shown escaped wherever tagdeck prints them, in text and in JSON alike; emoji
sequences built with them (👩‍👩‍👧‍👦, 🏴󠁧󠁢󠁥󠁮󠁧󠁿) are shown whole and take the
columns a terminal gives them, so tables line up. Length rules count
characters as the cloud does, in Unicode code points, and say so.
*/
import stringWidth from 'string-width';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {
	DemoWorlds,
	ok,
	okJson,
	printed,
	refused,
	refusedJson,
	tagdeck,
	type ResourceView,
} from '../helpers/cli-run.js';

/** [what it is, the character, how tagdeck shows it] */
const hidden: Array<[string, string, string]> = [
	['U+2028 line separator', '\u2028', String.raw`\u2028`],
	['U+2029 paragraph separator', '\u2029', String.raw`\u2029`],
	['U+200B zero-width space', '\u200B', String.raw`\u200b`],
	['U+200C zero-width non-joiner', '\u200C', String.raw`\u200c`],
	['U+200D zero-width joiner, joining nothing', '\u200D', String.raw`\u200d`],
	['U+FEFF byte order mark', '\uFEFF', String.raw`\ufeff`],
	['U+2060 word joiner', '\u2060', String.raw`\u2060`],
	['U+200E left-to-right mark', '\u200E', String.raw`\u200e`],
	['U+200F right-to-left mark', '\u200F', String.raw`\u200f`],
	['U+061C Arabic letter mark', '\u061C', String.raw`\u061c`],
	['U+0600 Arabic number sign', '\u0600', String.raw`\u0600`],
	['U+0605 Arabic number mark above', '\u0605', String.raw`\u0605`],
	['U+00AD soft hyphen', '\u00AD', String.raw`\xad`],
	['U+E0041 tag letter A', '\u{E0041}', String.raw`\u{e0041}`],
];

/** Any of them, raw. */
const anyHidden = /[\u2028\u2029\p{Cf}]/v;

const family = '👩‍👩‍👧‍👦';
const emoji: Array<[string, string]> = [
	['family', family],
	['flag', '🇯🇵'],
	['england', '🏴󠁧󠁢󠁥󠁮󠁧󠁿'],
	['astronaut', '🧑🏽‍🚀'],
	['keycap', '1️⃣'],
	['fire', '❤️‍🔥'],
	['wide', '中文'],
	['accent', 'e\u0301'],
];

let worlds: DemoWorlds;
let webProd1: string;
/** A world with a VPC whose tags and name hold each hidden character. */
let hiddenDb: string;
let hiddenVpc: string;
/** A world with a VPC whose tags and name are emoji. */
let emojiDb: string;
let emojiVpc: string;

/** Creates a VPC in cn-hangzhou and returns its ID. */
async function createVpc(db: string, name: string, tags: string[]) {
	const out = okJson<{created: string[]}>(
		await tagdeck(
			[
				'create',
				'vpc',
				'--region',
				'cn-hangzhou',
				'--name',
				name,
				...tags.flatMap((t) => ['--tag', t]),
				'--json',
			],
			{db},
		),
	);
	return out.created[0]!;
}

beforeAll(async () => {
	worlds = await DemoWorlds.create();
	webProd1 = worlds.id('web-prod-1', 'Ecs-Instance');
	hiddenDb = await worlds.copy();
	hiddenVpc = await createVpc(
		hiddenDb,
		`n${allHidden}`,
		hidden.map(([, c], i) => `h${i}${c}x=v${c}y`),
	);
	ok(
		await tagdeck(['tag', hiddenVpc, '--tag', `l${allHidden}=x`], {
			db: hiddenDb,
		}),
	);
	emojiDb = await worlds.copy();
	emojiVpc = await createVpc(emojiDb, `${family}-box`, [
		...emoji.map(([key, value]) => `${key}=${value}`),
		`${family}=x`,
		'中文key=y',
	]);
});

afterAll(async () => {
	await worlds?.remove();
});

/** Runs tagdeck and expects success and no raw hidden character anywhere. */
async function shown(db: string, ...args: string[]): Promise<string> {
	const result = await tagdeck(args, {db});
	const out = ok(result);
	expect(anyHidden.exec(out), printed(result)).toBeNull();
	return out;
}

const allHidden = hidden.map(([, c]) => c).join('');
const allShown = hidden.map((h) => h[2]).join('');

/** [command, its arguments, what it must print for hidden character i] */
const views: Array<
	[string, () => string[], (i: number, escaped: string) => string[]]
> = [
	[
		'show',
		() => ['show', hiddenVpc],
		(i, escaped) => [`h${i}${escaped}x`, `v${escaped}y`, `n${allShown}`],
	],
	[
		'list (the name, and the tags that fit)',
		() => ['list', '--filter', hiddenVpc],
		(i, escaped) => [
			`n${allShown}`,
			...(i < 7 ? [`h${i}${escaped}x=v${escaped}y`] : []),
		],
	],
	[
		'keys',
		() => ['keys', '--region', 'cn-hangzhou'],
		(i, escaped) => [`h${i}${escaped}x`, `l${allShown}`],
	],
	[
		'values',
		() => ['values', `h0${hidden[0]![1]}x`],
		(i, escaped) => (i === 0 ? [`v${escaped}y`] : []),
	],
	['log', () => ['log', '--limit', '1'], () => [`l${allShown}=x`]],
];

describe.concurrent('hidden characters are shown escaped', () => {
	test('create prints each tag with the character escaped', async () => {
		const db = await worlds.copy();
		const result = await tagdeck(
			[
				'create',
				'vpc',
				'--region',
				'cn-hangzhou',
				'--name',
				'n\u200Bx',
				'--tag',
				'k\u2028x=v\u061Cy',
			],
			{db},
		);
		expect(anyHidden.exec(ok(result)), printed(result)).toBeNull();
		expect(result.stdout).toContain(String.raw`+ k\u2028x=v\u061cy`);
	});

	test.each(views)('%s', async (_name, args, expected) => {
		const out = await shown(hiddenDb, ...args());
		for (const [i, [what, , escaped]] of hidden.entries())
			for (const text of expected(i, escaped))
				expect(out, what).toContain(text);
	});

	test.each([
		['show', () => ['show', hiddenVpc]],
		['list', () => ['list', '--filter', hiddenVpc]],
	])(
		'%s --json escapes them too, and parses back to the same text',
		async (_name, args) => {
			const result = await tagdeck([...args(), '--json'], {db: hiddenDb});
			const out = ok(result);
			expect(anyHidden.exec(out), printed(result)).toBeNull();
			expect(out).toContain(String.raw`"h0\u2028x"`);
			expect(out).toContain(String.raw`\udb40\udc41`);
			const parsed = JSON.parse(out) as ResourceView | ResourceView[];
			const resource = Array.isArray(parsed) ? parsed[0]! : parsed;
			for (const [i, [what, c]] of hidden.entries())
				expect(resource.tags[`h${i}${c}x`], what).toBe(`v${c}y`);
			expect(resource.name).toBe(`n${allHidden}`);
		},
	);

	test('a filter may name such a key; it finds the resource', async () => {
		const out = await shown(
			hiddenDb,
			'list',
			'--filter',
			`h2${hidden[2]![1]}x=v${hidden[2]![1]}y`,
		);
		expect(out).toContain(hiddenVpc);
		expect(out).toMatch(/^1 resource;/mv);
	});

	test.each([
		['a command', ['lis\u200Bt'], String.raw`lis\u200bt`],
		['a flag', ['list', '--fil\u200Bter', 'x'], String.raw`--fil\u200bter`],
	])(
		'%s holding one: a usage error that shows it escaped',
		async (_name, args, escaped) => {
			const result = await tagdeck(args, {db: hiddenDb});
			expect(result.code, printed(result)).toBe(2);
			expect(anyHidden.exec(result.stderr), printed(result)).toBeNull();
			expect(result.stderr).toContain(
				`"${escaped}" is not a command or flag: it contains control or invisible characters.`,
			);
		},
	);

	test('a refusal quotes the key with the character escaped, in text and JSON', async () => {
		const args = ['tag', webProd1, '--tag', 'a\u200Bhttps://x=1'];
		const text = await tagdeck(args, {db: hiddenDb});
		expect(anyHidden.exec(text.stderr), printed(text)).toBeNull();
		expect(refused(text, 'InvalidTagKey.Malformed')).toContain(
			String.raw`"a\u200bhttps://x"`,
		);
		const json = await tagdeck([...args, '--json'], {db: hiddenDb});
		expect(anyHidden.exec(json.stderr), printed(json)).toBeNull();
		expect(refusedJson(json, 'InvalidTagKey.Malformed').message).toContain(
			String.raw`"a\u200bhttps://x"`,
		);
	});
});

/**
The terminal columns where each cell after the first starts, on each line of a
table (cells are separated by two spaces or more).
*/
function cellStarts(table: string[]): number[][] {
	return table.map((line) =>
		[...line.matchAll(/ {2,}(?=\S)/gv)].map((match) =>
			stringWidth(line.slice(0, match.index + match[0].length)),
		),
	);
}

/** Expects every line of a table to start its cells at the same columns as its first line. */
function expectAligned(table: string[]) {
	const starts = cellStarts(table);
	for (const [i, line] of table.entries())
		expect(starts[i], `${line}\nin\n${table.join('\n')}`).toEqual(starts[0]);
}

describe.concurrent(
	'emoji sequences are shown whole, and tables line up',
	() => {
		test('show', async () => {
			const out = ok(await tagdeck(['show', emojiVpc], {db: emojiDb}));
			for (const [what, text] of emoji) expect(out, what).toContain(text);
			const lines = out.split('\n');
			const start = lines.indexOf('Tags') + 1;
			const table = lines.slice(start, lines.indexOf('', start));
			expect(table).toHaveLength(emoji.length + 4);
			expectAligned(table);
		});

		test('list', async () => {
			const out = ok(
				await tagdeck(['list', '--filter', `vpc ${emojiVpc}`], {db: emojiDb}),
			);
			expect(out).toContain(`${family}-box`);
			expectAligned(out.split('\n').slice(0, 2));
		});

		test('keys', async () => {
			const out = ok(
				await tagdeck(['keys', '--region', 'cn-hangzhou'], {db: emojiDb}),
			);
			expect(out).toContain(family);
			expectAligned(out.trimEnd().split('\n'));
		});

		test.each(emoji)('values of %s', async (key, value) => {
			const out = ok(await tagdeck(['values', key], {db: emojiDb}));
			expect(out).toContain(value);
			expectAligned(out.trimEnd().split('\n'));
		});

		test('--json keeps them whole too', async () => {
			const result = await tagdeck(['show', emojiVpc, '--json'], {db: emojiDb});
			expect(ok(result)).toContain(`"family":"${family}"`);
			const resource = JSON.parse(result.stdout) as ResourceView;
			for (const [key, value] of emoji) expect(resource.tags[key]).toBe(value);
		});
	},
);

const thumbs = (n: number) => '👍'.repeat(n);

describe.concurrent(
	'lengths count characters as the cloud does: Unicode code points',
	() => {
		test('a key and a value of 128 emoji are accepted, and read back', async () => {
			const db = await worlds.copy();
			ok(
				await tagdeck(
					['tag', webProd1, '--tag', `${thumbs(128)}=${thumbs(128)}`],
					{db},
				),
			);
			const resource = okJson<ResourceView>(
				await tagdeck(['show', webProd1, '--json'], {db}),
			);
			expect(resource.tags[thumbs(128)]).toBe(thumbs(128));
		});

		test('a key of 130 emoji: "is 130 characters long (Unicode code points); at most 128"', async () => {
			const args = ['tag', webProd1, '--tag', `${thumbs(130)}=x`];
			const line = refused(
				await tagdeck(args, {db: hiddenDb}),
				'InvalidTagKey.Malformed',
			);
			expect(line).toContain(
				'is not valid: it is 130 characters long (Unicode code points); at most 128.',
			);
			expect(
				refusedJson(
					await tagdeck([...args, '--json'], {db: hiddenDb}),
					'InvalidTagKey.Malformed',
				).message,
			).toContain(
				'it is 130 characters long (Unicode code points); at most 128.',
			);
		});

		test('a value of 129 emoji', async () => {
			const line = refused(
				await tagdeck(['tag', webProd1, '--tag', `k=${thumbs(129)}`], {
					db: hiddenDb,
				}),
				'InvalidTagValue.Malformed',
			);
			expect(line).toContain(
				'is not valid: it is 129 characters long (Unicode code points); at most 128 (',
			);
		});

		test('a name of 128 emoji is accepted; of 129 refused with the count', async () => {
			const db = await worlds.copy();
			await createVpc(db, thumbs(128), []);
			const line = refused(
				await tagdeck(
					['create', 'vpc', '--region', 'cn-hangzhou', '--name', thumbs(129)],
					{db},
				),
				'InvalidParameter.Name',
			);
			expect(line).toContain(
				'is not valid: it is 129 characters long (Unicode code points); names have at most 128 characters',
			);
		});

		test('a long key is quoted cut between emoji, never inside one', async () => {
			const line = refused(
				await tagdeck(['tag', webProd1, '--tag', `a${family.repeat(45)}=x`], {
					db: hiddenDb,
				}),
				'InvalidTagKey.Malformed',
			);
			expect(line).toContain(`"a${family.repeat(38)}…"`);
			expect(line).toContain('it is 316 characters long');
		});

		test('a refused command is quoted cut between characters, never inside one', async () => {
			const result = await tagdeck(
				['run', webProd1, '--command', `a${thumbs(45)}\u0001`],
				{db: hiddenDb},
			);
			expect(result.stderr).not.toContain('\uFFFD');
			expect(refused(result, 'InvalidParameter.Command')).toContain(
				`"a${thumbs(38)}…"`,
			);
		});
	},
);
