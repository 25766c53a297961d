/*
Tag keys that are names of object properties (`__proto__`, `constructor`,
`toString` …) are tags like any other (docs/behaviour.md §2): `show` calls an own one
own and an inherited one inherited from where it came, and what a step prints
(and its --json) names them under the right rule, never "undefined".
*/
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {DemoWorlds, ok, okJson, printed, tagdeck} from '../helpers/cli-run.js';

const keys = [
	'__proto__',
	'constructor',
	'toString',
	'hasOwnProperty',
	'valueOf',
	'isPrototypeOf',
	'propertyIsEnumerable',
	'toLocaleString',
	'__defineGetter__',
];

type Change = {
	id: string;
	added: Record<string, string>;
	changed: Record<string, {from: string; to: string}>;
	removed: Record<string, string>;
	inherited: Record<string, {from: string; rule: string}>;
	withdrawn: Record<string, {from: string; rule: string}>;
};

let worlds: DemoWorlds;
let webProd1: string;
let webProd1Data: string;

beforeAll(async () => {
	worlds = await DemoWorlds.create();
	webProd1 = worlds.id('web-prod-1', 'Ecs-Instance');
	webProd1Data = worlds.id('web-prod-1-data', 'Ecs-Disk');
});

afterAll(async () => {
	await worlds?.remove();
});

/** Runs tagdeck on `db` and expects success: what it printed. */
async function td(db: string, ...args: string[]): Promise<string> {
	const result = await tagdeck(args, {db});
	const out = ok(result);
	expect(out, printed(result)).not.toContain('undefined');
	return out;
}

/** A demo world where web-prod-1's disks inherit its tags. */
async function inheriting(): Promise<string> {
	const db = await worlds.copy();
	await td(db, 'inheritance', 'on');
	await td(db, 'rules', 'enable', 'Ecs-Instance:Ecs-Disk', '--existing');
	return db;
}

/** The rows of `show`'s Tags table, by key: [value, origin]. */
async function tagRows(db: string, id: string) {
	const out = await td(db, 'show', id);
	const table = out.split('\n\n').find((part) => part.startsWith('Tags\n'))!;
	const rows = new Map<string, [string, string]>();
	for (const line of table.split('\n').slice(2)) {
		const [key, value, origin] = line.trim().split(/\s{2,}/v);
		rows.set(key!, [value!, origin!]);
	}

	return rows;
}

describe.concurrent('show', () => {
	test('own tags named like object properties are own', async () => {
		const db = await worlds.copy();
		await td(db, 'tag', webProd1, ...keys.flatMap((k) => ['--tag', `${k}=v`]));
		const rows = await tagRows(db, webProd1);
		for (const key of keys) expect(rows.get(key), key).toEqual(['v', 'own']);
	});

	test('the same keys on a resource that also has inherited tags: still own', async () => {
		const db = await inheriting();
		await td(
			db,
			'tag',
			webProd1Data,
			...keys.flatMap((k) => ['--tag', `${k}=v`]),
		);
		const rows = await tagRows(db, webProd1Data);
		for (const key of keys) expect(rows.get(key), key).toEqual(['v', 'own']);
		expect(rows.get('env')?.[1]).toBe(
			`inherited from ${webProd1} (web-prod-1) by Ecs-Instance:Ecs-Disk, rule on`,
		);
	});

	test('inherited tags named like object properties say where they came from', async () => {
		const db = await inheriting();
		await td(
			db,
			'tag',
			webProd1,
			'--tag',
			'__proto__=p',
			'--tag',
			'constructor=c',
		);
		const rows = await tagRows(db, webProd1Data);
		for (const [key, value] of [
			['__proto__', 'p'],
			['constructor', 'c'],
		] as const) {
			expect(rows.get(key), key).toEqual([
				value,
				`inherited from ${webProd1} (web-prod-1) by Ecs-Instance:Ecs-Disk, rule on`,
			]);
		}
	});
});

describe.concurrent('what a step prints', () => {
	test('changing an own "constructor" on a resource with inherited tags: one own change, no rule group', async () => {
		const db = await inheriting();
		await td(db, 'tag', webProd1Data, '--tag', 'constructor=a');
		const out = await td(db, 'tag', webProd1Data, '--tag', 'constructor=b');
		expect(out.split('\n')).toEqual([
			`  ${webProd1Data}  ~ constructor: a → b`,
			expect.stringMatching(/^Done: 1 resource changed/v),
			'',
		]);
		const json = okJson<{changed: Change[]}>(
			await tagdeck(['tag', webProd1Data, '--tag', 'constructor=c', '--json'], {
				db,
			}),
		);
		expect(json.changed).toEqual([
			expect.objectContaining({
				changed: {constructor: {from: 'b', to: 'c'}},
				inherited: {},
			}),
		]);
	});

	test('create with a __proto__ tag prints it and lists it in --json', async () => {
		const db = await worlds.copy();
		const args = ['create', 'vpc', '--region', 'cn-hangzhou', '--name', 'v'];
		const out = await td(
			db,
			...args,
			'--tag',
			'__proto__=x',
			'--tag',
			'toString=y',
		);
		expect(out).toMatch(/ created {2}\+ __proto__=x {2}\+ toString=y/v);
		const json = okJson<{changed: Change[]}>(
			await tagdeck([...args, '--tag', '__proto__=x', '--json'], {db}),
		);
		const {added} = json.changed[0]!;
		expect(Object.hasOwn(added, '__proto__')).toBe(true);
		expect(Object.getOwnPropertyDescriptor(added, '__proto__')?.value).toBe(
			'x',
		);
	});

	test('an inherited "constructor" withdrawn: listed under its rule, as it arrived', async () => {
		const db = await inheriting();
		const arrived = await td(db, 'tag', webProd1, '--tag', 'constructor=c');
		const removed = await td(db, 'untag', webProd1, '--key', 'constructor');
		for (const [out, sign] of [
			[arrived, '+'],
			[removed, '-'],
		] as const) {
			const lines = out.split('\n');
			const group = lines.indexOf('  inherited by Ecs-Instance:Ecs-Disk:');
			expect(group, out).toBeGreaterThan(0);
			expect(lines[0]).toBe(`  ${webProd1}  ${sign} constructor=c`);
			expect(lines.slice(group + 1)).toContain(
				`    ${webProd1Data} ← ${webProd1}  ${sign} constructor=c`,
			);
			expect(lines.slice(1, group).join('\n')).not.toContain(webProd1Data);
		}
	});
});
