import {describe, expect, it} from 'vitest';
import {apply} from '../../source/core/apply.js';
import {TagdeckError} from '../../source/core/errors.js';
import type {Resource} from '../../source/core/model.js';
import {tagValues} from '../../source/core/query.js';
import {safeJson} from '../../source/commands/output.js';
import {
	characterCount,
	parseKeyArgument,
	parseKeyList,
	parseTagArgument,
	parseTagArguments,
	visible,
} from '../../source/core/tags.js';
import {demo, named, now, run, snapshot} from '../helpers/world.js';

function custom(resource: Resource): Record<string, string> {
	return Object.fromEntries(
		Object.entries(resource.tags).filter(([key]) => !key.startsWith('acs:')),
	);
}

function manyTags(count: number, prefix = 'k'): Record<string, string> {
	const tags: Record<string, string> = {};
	for (let i = 1; i <= count; i++) tags[`${prefix}${i}`] = `v${i}`;
	return tags;
}

function errorOf(action: () => unknown): TagdeckError {
	try {
		action();
	} catch (error) {
		if (error instanceof TagdeckError) return error;
		throw error;
	}

	throw new Error('expected a TagdeckError');
}

/** Tags one resource and expects a refusal with `code` that changes nothing. */
function expectRefused(tags: Record<string, string>, code: string) {
	const world = demo();
	const target = named(world, 'web-prod-1');
	const before = snapshot(world);
	const result = run(world, {op: 'tag', ids: [target.id], tags});
	expect(result.ok).toBe(false);
	expect(result.error?.code).toBe(code);
	expect(snapshot(world)).toEqual(before);
	return result;
}

function expectAccepted(tags: Record<string, string>) {
	const world = demo();
	const target = named(world, 'web-prod-1');
	const result = run(world, {op: 'tag', ids: [target.id], tags});
	expect(result.error).toBeUndefined();
	expect(result.ok).toBe(true);
	for (const [key, value] of Object.entries(tags)) {
		expect(world.get(target.id)!.tags[key]).toBe(value);
	}
}

describe('one value per key', () => {
	it('overwrites the value of an existing key (docs/sources.md: Tag overview — city:shanghai then city:newyork)', () => {
		const world = demo();
		const instance = named(world, 'web-prod-1');
		expect(
			run(world, {op: 'tag', ids: [instance.id], tags: {city: 'shanghai'}}).ok,
		).toBe(true);
		expect(
			run(world, {op: 'tag', ids: [instance.id], tags: {city: 'newyork'}}).ok,
		).toBe(true);
		const after = world.get(instance.id)!;
		expect(after.tags.city).toBe('newyork');
		expect(Object.keys(after.tags).filter((k) => k === 'city')).toHaveLength(1);
		// The old value is bound to nothing now, so it is gone from the region's tag keys (docs/sources.md: Tag overview).
		expect(
			tagValues(world, 'city', instance.region).map((v) => v.value),
		).toEqual(['newyork']);
	});

	it('treats keys as case-sensitive: Env and env are two tags (docs/cloud-facts.md §3: case sensitivity)', () => {
		const world = demo();
		const instance = named(world, 'web-prod-1');
		expect(instance.tags.env).toBe('prod');
		expect(
			run(world, {op: 'tag', ids: [instance.id], tags: {Env: 'Production'}}).ok,
		).toBe(true);
		const after = world.get(instance.id)!;
		expect(after.tags.env).toBe('prod');
		expect(after.tags.Env).toBe('Production');
	});

	it('treats values as case-sensitive: prod then Prod is a change (docs/cloud-facts.md §3: case sensitivity)', () => {
		const world = demo();
		const instance = named(world, 'web-prod-1');
		const result = run(world, {
			op: 'tag',
			ids: [instance.id],
			tags: {env: 'Prod'},
		});
		expect(result.ok).toBe(true);
		expect(result.patches).toHaveLength(1);
		expect(world.get(instance.id)!.tags.env).toBe('Prod');
	});
});

describe('key rules (docs/behaviour.md §2, docs/cloud-facts.md §3)', () => {
	it('refuses an empty key (docs/cloud-facts.md §3: key length 1..128)', () => {
		expectRefused({'': 'x'}, 'InvalidTagKey.Malformed');
	});

	it('accepts a key of 128 characters (docs/cloud-facts.md §3: key length 1..128)', () => {
		expectAccepted({['k'.repeat(128)]: 'x'});
	});

	it('refuses a key of 129 characters (docs/cloud-facts.md §3: key length 1..128)', () => {
		expectRefused({['k'.repeat(129)]: 'x'}, 'InvalidTagKey.Malformed');
	});

	it.each(['aliyun', 'aliyun-team', 'aliyunCost'])(
		'refuses the key %j that starts with aliyun (docs/cloud-facts.md §3: reserved key prefixes)',
		(key) => {
			expectRefused({[key]: 'x'}, 'InvalidTagKey.Malformed');
		},
	);

	it('accepts aliyun and acs: inside a key or value, not at its start (docs/cloud-facts.md §3)', () => {
		expectAccepted({
			'team-aliyun': 'x',
			CostCenter: 'team-aliyun',
			'x-acs:y': 'z-acs:w',
		});
	});

	it.each(['aliyun', 'aliyun-y', 'ALIYUN', 'acs:x', 'ACS:team'])(
		'refuses the value %j: like a key, a value may not start with aliyun or acs: (Tag overview: https://www.alibabacloud.com/help/en/resource-management/tag/product-overview/tag-overview)',
		(value) => {
			const result = expectRefused({x: value}, 'InvalidTagValue.Malformed');
			expect(result.error!.message).toMatch(
				/starts with "(aliyun|acs:)", which is reserved/v,
			);
		},
	);

	it.each(['acs:team', 'acs:tag:createdby', 'acs:rm:rgId'])(
		'refuses the acs: key %j with NoPermission.SystemTag (docs/cloud-facts.md §3: system tags cannot be changed by users)',
		(key) => {
			expectRefused({[key]: 'x'}, 'NoPermission.SystemTag');
		},
	);

	it.each([
		'http://example.com',
		'https://example.com',
		'link-http://x',
		'see https://x',
	])(
		'refuses the key %j containing http(s):// (docs/cloud-facts.md §3: forbidden substrings)',
		(key) => {
			expectRefused({[key]: 'x'}, 'InvalidTagKey.Malformed');
		},
	);

	it.each([
		'http://example.com',
		'https://example.com',
		'see http://x',
		'docs at https://x',
	])(
		'refuses the value %j containing http(s):// (docs/cloud-facts.md §3: forbidden substrings)',
		(value) => {
			expectRefused({site: value}, 'InvalidTagValue.Malformed');
		},
	);

	it('accepts a value that merely mentions http without :// (docs/cloud-facts.md §3: forbidden substrings)', () => {
		expectAccepted({protocol: 'http', site: 'example.com/https'});
	});
});

const controls = [
	['NUL (C0)', '\u0000'],
	['BEL (C0)', '\u0007'],
	['newline (C0)', '\n'],
	['tab (C0)', '\t'],
	['ESC (C0)', '\u001B'],
	['unit separator (C0)', '\u001F'],
	['DEL', '\u007F'],
	['PAD (C1)', '\u0080'],
	['NEL (C1)', '\u0085'],
	['CSI (C1)', '\u009B'],
	['APC (C1)', '\u009F'],
] as const;

describe('control characters (docs/behaviour.md §2: no C0, DEL, C1, including ESC)', () => {
	it.each(controls)(
		'refuses %s in a key with InvalidTagKey.Malformed (docs/behaviour.md §2)',
		(_, c) => {
			expectRefused({[`env${c}x`]: 'prod'}, 'InvalidTagKey.Malformed');
		},
	);

	it.each(controls)(
		'refuses %s in a value with InvalidTagValue.Malformed (docs/behaviour.md §2)',
		(_, c) => {
			expectRefused({env: `prod${c}x`}, 'InvalidTagValue.Malformed');
		},
	);

	it('never repeats a raw escape sequence in the error message (docs/reliability.md R5: nothing printed raw)', () => {
		const result = expectRefused(
			{'\u001B[31mred': 'x'},
			'InvalidTagKey.Malformed',
		);
		expect(result.error?.message).not.toContain('\u001B');
		const value = expectRefused(
			{env: '\u001B]0;title\u0007'},
			'InvalidTagValue.Malformed',
		);
		expect(value.error?.message).not.toContain('\u001B');
		expect(value.error?.message).not.toContain('\u0007');
	});

	it('accepts printable non-ASCII keys and values (docs/behaviour.md §2: only control characters are refused)', () => {
		expectAccepted({环境: '生产', café: 'naïve'});
	});
});

describe('keys that are names of object properties (docs/behaviour.md §2: any 1-128 character key without the refused forms)', () => {
	it.each(['constructor', 'hasOwnProperty', 'toString'])(
		'stores the key %j like any other (docs/behaviour.md §2: key rules)',
		(key) => {
			expectAccepted({[key]: 'x'});
		},
	);

	it('stores the key __proto__ or refuses it, never dropping it silently (docs/behaviour.md §2 key rules; docs/reliability.md R5: a clear error, nothing applied)', () => {
		const world = demo();
		const target = named(world, 'dev-box-1');
		const tags = JSON.parse('{"__proto__": "x"}') as Record<string, string>;
		expect(Object.keys(tags)).toEqual(['__proto__']);
		const result = run(world, {op: 'tag', ids: [target.id], tags});
		if (result.ok) {
			const after = world.get(target.id)!.tags;
			expect(Object.hasOwn(after, '__proto__')).toBe(true);
			expect(Object.getOwnPropertyDescriptor(after, '__proto__')?.value).toBe(
				'x',
			);
		} else {
			expect(result.error?.code).toBe('InvalidTagKey.Malformed');
		}
	});

	it('parses __proto__=x as a tag, never dropping it silently (docs/cloud-facts.md §2.1: key rules)', () => {
		let parsed: Record<string, string> | undefined;
		try {
			parsed = parseTagArguments(['__proto__=x']);
		} catch (error) {
			expect(error).toBeInstanceOf(TagdeckError);
			return;
		}

		expect(Object.keys(parsed)).toEqual(['__proto__']);
	});
});

describe('value rules (docs/cloud-facts.md §3: value length ≤128, ECS allows empty)', () => {
	it('accepts an empty value (docs/cloud-facts.md §2.1: value may be empty string)', () => {
		const world = demo();
		const instance = named(world, 'web-prod-1');
		expect(
			run(world, {op: 'tag', ids: [instance.id], tags: {temporary: ''}}).ok,
		).toBe(true);
		expect(world.get(instance.id)!.tags).toHaveProperty('temporary', '');
	});

	it('accepts a value of 128 characters (docs/cloud-facts.md §3: value ≤128)', () => {
		expectAccepted({note: 'v'.repeat(128)});
	});

	it('refuses a value of 129 characters (docs/cloud-facts.md §3: value ≤128)', () => {
		expectRefused({note: 'v'.repeat(129)}, 'InvalidTagValue.Malformed');
	});
});

describe('parsing key=value arguments (docs/cloud-facts.md §2.4: Duplicate.TagKey)', () => {
	it('refuses a key given twice with Duplicate.TagKey (docs/cloud-facts.md §2.1: keys in one request must be unique)', () => {
		expect(
			errorOf(() => parseTagArguments(['city=shanghai', 'city=newyork'])).code,
		).toBe('Duplicate.TagKey');
	});

	it('does not treat keys differing in case as duplicates (docs/cloud-facts.md §3: case sensitivity)', () => {
		expect(parseTagArguments(['env=prod', 'Env=Production'])).toEqual({
			env: 'prod',
			Env: 'Production',
		});
	});

	it('splits at the first = and reads key= as an empty value (docs/cloud-facts.md §2.1: value may be empty)', () => {
		expect(parseTagArgument('temporary=')).toEqual(['temporary', '']);
		expect(parseTagArgument('query=a=b')).toEqual(['query', 'a=b']);
		expect(parseTagArguments(['Test=Server-Windows'])).toEqual({
			Test: 'Server-Windows',
		});
	});

	it('refuses an argument without = (docs/cloud-facts.md §1.9: InvalidParameter.Tags)', () => {
		expect(errorOf(() => parseTagArgument('env')).code).toBe(
			'InvalidParameter.Tags',
		);
	});
});

describe('quoting in key=value, keys and key lists (docs/behaviour.md §3: one quoting rule)', () => {
	it('reads the README example "cost center"="R&D, EU" as key cost center and value R&D, EU, without the quotes', () => {
		expect(parseTagArgument('"cost center"="R&D, EU"')).toEqual([
			'cost center',
			'R&D, EU',
		]);
		expect(parseTagArgument('"a=b"="x=y"')).toEqual(['a=b', 'x=y']);
		expect(parseTagArgument(String.raw`note="say \"hi\""`)).toEqual([
			'note',
			'say "hi"',
		]);
	});

	it('keeps unquoted text as typed, spaces and all', () => {
		expect(parseTagArgument('cost center=R&D, EU')).toEqual([
			'cost center',
			'R&D, EU',
		]);
	});

	it('refuses an unclosed quote ("foo=bar) naming the problem and the fix, never a key named "foo', () => {
		const error = errorOf(() => parseTagArgument('"foo=bar'));
		expect(error.code).toBe('InvalidParameter.Tags');
		expect(error.message).toBe(
			String.raw`Cannot read the tag '"foo=bar': at column 1, this quote is never closed; add the closing " (inside quotes, write \" for a quote and \\ for a backslash).`,
		);
	});

	it('refuses a quote inside an unquoted value, showing how to write it', () => {
		const error = errorOf(() => parseTagArgument('note=say "hi"'));
		expect(error.code).toBe('InvalidParameter.Tags');
		expect(error.message).toContain('at column 10, a quote in the middle');
		expect(error.message).toContain(String.raw`"say \"hi\""`);
	});

	it('reads a quoted key alone (untag --key) and a list of keys (rules --keys)', () => {
		expect(parseKeyArgument('"cost center"')).toBe('cost center');
		expect(parseKeyArgument('cost center')).toBe('cost center');
		expect(parseKeyList('env, "cost center", "a,b"')).toEqual([
			'env',
			'cost center',
			'a,b',
		]);
		expect(errorOf(() => parseKeyList('env,"owner')).message).toContain(
			'never closed',
		);
	});
});

describe('quota of 20 custom tags (docs/cloud-facts.md §3: 20 per resource)', () => {
	it('accepts 20 custom tags and refuses the 21st with QuotaExceed.TagsPerResource (docs/cloud-facts.md §1.9)', () => {
		const world = demo();
		const jump = named(world, 'legacy-jump-kr');
		expect(custom(jump)).toEqual({});
		expect(run(world, {op: 'tag', ids: [jump.id], tags: manyTags(20)}).ok).toBe(
			true,
		);
		expect(Object.keys(custom(world.get(jump.id)!))).toHaveLength(20);
		const before = snapshot(world);
		const result = run(world, {op: 'tag', ids: [jump.id], tags: {k21: 'v21'}});
		expect(result.ok).toBe(false);
		expect(result.error?.code).toBe('QuotaExceed.TagsPerResource');
		expect(result.failures.map((f) => [f.id, f.code])).toEqual([
			[jump.id, 'QuotaExceed.TagsPerResource'],
		]);
		expect(snapshot(world)).toEqual(before);
	});

	it('refuses 21 tags given at once: more than a request may carry (docs/cloud-facts.md §2.4: NumberExceed.Tags, 20 per ECS call)', () => {
		const world = demo();
		const jump = named(world, 'legacy-jump-kr');
		const before = snapshot(world);
		const result = run(world, {op: 'tag', ids: [jump.id], tags: manyTags(21)});
		expect(result.error?.code).toBe('NumberExceed.Tags');
		expect(snapshot(world)).toEqual(before);
	});

	it('lets a resource at 20 custom tags overwrite one of its keys (docs/cloud-facts.md §3: one value per key)', () => {
		const world = demo();
		const disk = named(world, 'crm-prod-1-data');
		expect(Object.keys(custom(disk))).toHaveLength(20);
		const result = run(world, {
			op: 'tag',
			ids: [disk.id],
			tags: {env: 'staging'},
		});
		expect(result.ok).toBe(true);
		expect(world.get(disk.id)!.tags.env).toBe('staging');
	});

	it('does not count the system tag acs:tag:createdby toward the 20 (docs/behaviour.md §2: system tags do not count)', () => {
		const world = demo();
		const instance = named(world, 'crm-prod-1');
		expect(instance.tags).toHaveProperty('acs:tag:createdby');
		expect(Object.keys(custom(instance))).toHaveLength(19);
		expect(Object.keys(instance.tags)).toHaveLength(20);
		const result = run(world, {
			op: 'tag',
			ids: [instance.id],
			tags: {extra: 'yes'},
		});
		expect(result.ok).toBe(true);
		const after = world.get(instance.id)!;
		expect(Object.keys(custom(after))).toHaveLength(20);
		expect(Object.keys(after.tags)).toHaveLength(21);
	});

	it('refuses two more tags on crm-prod-1 at 19 (docs/demo-world.md: near the 20-tag quota)', () => {
		const world = demo();
		const instance = named(world, 'crm-prod-1');
		const before = snapshot(world);
		const result = run(world, {
			op: 'tag',
			ids: [instance.id],
			tags: {a1: '1', a2: '2'},
		});
		expect(result.error?.code).toBe('QuotaExceed.TagsPerResource');
		expect(snapshot(world)).toEqual(before);
	});

	it('refuses a 21st tag on crm-prod-1-data even though it carries 21 tags with the system tag (docs/behaviour.md §2)', () => {
		const world = demo();
		const disk = named(world, 'crm-prod-1-data');
		expect(Object.keys(disk.tags)).toHaveLength(21);
		const result = run(world, {op: 'tag', ids: [disk.id], tags: {one: 'more'}});
		expect(result.error?.code).toBe('QuotaExceed.TagsPerResource');
	});
});

describe('untag', () => {
	it('removes the named keys only (docs/cloud-facts.md §2.2: UntagResources TagKey.N)', () => {
		const world = demo();
		const instance = named(world, 'web-prod-1');
		const keep = {...instance.tags};
		delete keep.env;
		delete keep.app;
		expect(
			run(world, {op: 'untag', ids: [instance.id], keys: ['env', 'app']}).ok,
		).toBe(true);
		expect(world.get(instance.id)!.tags).toEqual(keep);
	});

	it('refuses to remove a system key with NoPermission.SystemTag (docs/cloud-facts.md §3: system tags cannot be changed)', () => {
		const world = demo();
		const instance = named(world, 'web-prod-1');
		const before = snapshot(world);
		const result = run(world, {
			op: 'untag',
			ids: [instance.id],
			keys: ['acs:tag:createdby'],
		});
		expect(result.ok).toBe(false);
		expect(result.error?.code).toBe('NoPermission.SystemTag');
		expect(snapshot(world)).toEqual(before);
	});

	it('removes every custom tag with --all and leaves the system tags (docs/cloud-facts.md §2.2: All; docs/behaviour.md §2)', () => {
		const world = demo();
		const instance = named(world, 'web-prod-1');
		const account = `customer:${world.data.account.id}`;
		expect(run(world, {op: 'untag', ids: [instance.id], all: true}).ok).toBe(
			true,
		);
		expect(world.get(instance.id)!.tags).toEqual({
			'acs:tag:createdby': account,
		});
	});

	it('refuses an untag naming neither keys nor --all (docs/cloud-facts.md §1.3: TagKey.N required)', () => {
		const world = demo();
		const instance = named(world, 'web-prod-1');
		const result = run(world, {op: 'untag', ids: [instance.id]});
		expect(result.ok).toBe(false);
		expect(result.error?.code).toBe('MissingParameter.TagKey');
	});

	it('removes a key with an exact, case-sensitive match (docs/cloud-facts.md §3: case sensitivity)', () => {
		const world = demo();
		const database = named(world, 'legacy-reporting-db');
		expect(
			run(world, {op: 'untag', ids: [database.id], keys: ['env']}).event,
		).toBeUndefined();
		expect(world.get(database.id)!.tags.Env).toBe('Production');
		expect(
			run(world, {op: 'untag', ids: [database.id], keys: ['Env']}).ok,
		).toBe(true);
		expect(world.get(database.id)!.tags).not.toHaveProperty('Env');
	});
});

describe('tags at creation follow the same rules (docs/cloud-facts.md §2.4: create-APIs reuse the tag codes)', () => {
	it('refuses a malformed key on create (docs/cloud-facts.md §2.4: InvalidTagKey.Malformed)', () => {
		const world = demo();
		const before = snapshot(world);
		const result = apply(
			world,
			{
				op: 'create',
				type: 'disk',
				region: 'cn-hangzhou',
				tags: {'aliyun-x': '1'},
			},
			{now},
		);
		expect(result.error?.code).toBe('InvalidTagKey.Malformed');
		expect(snapshot(world)).toEqual(before);
	});

	it('accepts 20 custom tags on create and refuses 21 (docs/cloud-facts.md §3: 20 per resource)', () => {
		const world = demo();
		const ok = run(world, {
			op: 'create',
			type: 'vpc',
			region: 'cn-hangzhou',
			tags: manyTags(20),
		});
		expect(ok.ok).toBe(true);
		expect(Object.keys(custom(world.get(ok.created[0]!)!))).toHaveLength(20);
		const refused = run(world, {
			op: 'create',
			type: 'vpc',
			region: 'cn-hangzhou',
			tags: manyTags(21),
		});
		expect(refused.error?.code).toBe('QuotaExceed.TagsPerResource');
	});
});

describe('one edit that sets and removes tags (the UI tag editor: key=value and -key lines)', () => {
	it('sets and removes in one step, checking the quota on the result (docs/behaviour.md §2)', () => {
		const world = demo();
		const crm = named(world, 'crm-prod-1', 'Ecs-Instance');
		const before = structuredClone(crm.tags);
		// 19 custom tags: adding two alone would pass 20, removing one first makes room.
		const alone = run(world, {
			op: 'tag',
			ids: [crm.id],
			tags: {a: '1', b: '2'},
		});
		expect(alone.ok).toBe(false);
		const first = Object.keys(crm.tags).find((k) => !k.startsWith('acs:'));
		const result = run(world, {
			op: 'tag',
			ids: [crm.id],
			tags: {a: '1', b: '2'},
			remove: [first!],
		});
		expect(result.ok).toBe(true);
		const after = world.get(crm.id)!;
		expect(after.tags.a).toBe('1');
		expect(Object.hasOwn(after.tags, first!)).toBe(false);
		expect(run(world, {op: 'undo'}).ok).toBe(true);
		expect(world.get(crm.id)!.tags).toEqual(before);
	});

	it('refuses a key both set and removed (Duplicate.TagKey)', () => {
		const world = demo();
		const {id} = named(world, 'dev-box-1');
		const result = run(world, {
			op: 'tag',
			ids: [id],
			tags: {env: 'x'},
			remove: ['env'],
		});
		expect(result.error?.code).toBe('Duplicate.TagKey');
	});
});

describe('characters shown escaped (docs/reliability.md R5: nothing that hides or moves text is printed raw)', () => {
	/** Every code point but the surrogates, as a string. */
	function* everyCharacter() {
		for (let code = 0; code <= 0x10_ff_ff; code++)
			if (code < 0xd8_00 || code > 0xdf_ff)
				yield [code, String.fromCodePoint(code)] as const;
	}

	// Controls, line and paragraph separators and format characters, as Unicode names them.
	const escaped = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/v;

	it(
		String.raw`visible escapes exactly the controls, U+2028, U+2029 and the format characters (\p{Cf}), each as \x, \u or \u{}`,
		() => {
			const wrong: string[] = [];
			for (const [code, character] of everyCharacter()) {
				const hex = code.toString(16);
				const expected = escaped.test(character)
					? code < 0x1_00
						? String.raw`\x${hex.padStart(2, '0')}`
						: code > 0xff_ff
							? String.raw`\u{${hex}}`
							: String.raw`\u${hex.padStart(4, '0')}`
					: character;
				if (visible(character) !== expected) wrong.push(`U+${hex}`);
			}

			expect(wrong).toEqual([]);
		},
	);

	it(
		String.raw`JSON escapes the same ones but C0 controls (JSON.stringify does those) as \uXXXX, and parses back`,
		() => {
			const all = [...everyCharacter()].map(([, character]) => character);
			const json = safeJson(all);
			expect(JSON.parse(json)).toEqual(all);
			// JSON escapes UTF-16 units: an astral character is two.
			const units = (character: string) =>
				Array.from(
					{length: character.length},
					(_, i) =>
						// eslint-disable-next-line unicorn/prefer-code-point
						String.raw`\u${character.charCodeAt(i).toString(16).padStart(4, '0')}`,
				).join('');
			expect(json).toBe(
				JSON.stringify(all).replaceAll(
					/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gv,
					(character) => units(character),
				),
			);
		},
	);

	it.each([
		['a family (zero-width joiners)', '👩‍👩‍👧‍👦'],
		['an astronaut with a skin tone', '🧑🏽‍🚀'],
		['a heart on fire (VS16, joiner)', '❤️‍🔥'],
		['an eye in a speech bubble', '👁️‍🗨️'],
		['the flag of Scotland (tag characters)', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
	])('an emoji sequence is one picture, shown whole: %s', (_name, text) => {
		expect(visible(`a${text}b`)).toBe(`a${text}b`);
		expect(JSON.parse(safeJson(text))).toBe(text);
		expect(safeJson(text)).toBe(`"${text}"`);
	});

	it('a joiner or tag character outside an emoji sequence is escaped', () => {
		expect(visible('\u200D👩')).toBe(String.raw`\u200d👩`);
		expect(visible('👩\u200D')).toBe(String.raw`👩\u200d`);
		expect(visible('a\u200Db')).toBe(String.raw`a\u200db`);
		expect(visible('x\u{E0041}\u{E007F}')).toBe(
			String.raw`x\u{e0041}\u{e007f}`,
		);
		expect(safeJson('x\u{E0041}')).toBe(String.raw`"x\udb40\udc41"`);
	});
});

describe('lengths count Unicode code points, as the cloud counts characters (docs/cloud-facts.md §3)', () => {
	it('counts an emoji as one character, a family of four as seven', () => {
		expect(characterCount('👍'.repeat(128))).toBe(128);
		expect(characterCount('👩‍👩‍👧‍👦')).toBe(7);
		expect(characterCount('e\u0301')).toBe(2);
		expect(characterCount('\uD800x')).toBe(2);
	});

	it('accepts a key and a value of 128 emoji', () => {
		expectAccepted({['👍'.repeat(128)]: '👍'.repeat(128)});
	});

	it('refuses a key of 129 emoji, saying what it counted', () => {
		const result = expectRefused(
			{['👍'.repeat(129)]: 'x'},
			'InvalidTagKey.Malformed',
		);
		expect(result.error?.message).toContain(
			'it is 129 characters long (Unicode code points); at most 128.',
		);
	});

	it('refuses a value of 130 emoji, saying what it counted', () => {
		const result = expectRefused(
			{note: '👍'.repeat(130)},
			'InvalidTagValue.Malformed',
		);
		expect(result.error?.message).toContain(
			'it is 130 characters long (Unicode code points); at most 128 (',
		);
	});
});
