/*
A world file edited by hand to carry hostile text (docs/reliability.md R5).

C0, DEL and C1 control characters in a name, tag key or tag value: the store's
schema check refuses the file (WorldFile.Invalid), naming it and the fix, and
leaves it byte for byte as it was; the UI says so before it takes the screen.

Bidirectional overrides, and control characters in fields the schema does not
check (a link's target), load: every output path (list, show, keys, values,
log, --json, the UI in a real terminal) shows them as escapes, never raw.
*/
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, test} from 'vitest';
import type {WorldData} from '../../source/core/model.js';
import {TagdeckPty, filterBy, keys} from '../e2e/pty.js';
import {
	DemoWorlds,
	okJson,
	printed,
	refused,
	refusedJson,
	sameBytes,
	tagdeck,
	type CliResult,
	type ResourceView,
} from '../helpers/cli-run.js';
import {hostile, nul, rawControls} from './controls.js';

let worlds: DemoWorlds;
let env: Record<string, string>;

beforeAll(async () => {
	worlds = await DemoWorlds.create();
	const home = path.join(worlds.directory, 'home');
	await mkdir(home);
	env = {HOME: home};
});

afterEach(async () => {
	await TagdeckPty.closeAll();
});

afterAll(async () => {
	await worlds?.remove();
});

function expectNothingRaw(result: CliResult) {
	expect(rawControls(result.raw), printed(result)).toEqual([]);
}

/** A copy of the demo world with `edit` made to the instance web-prod-1, written as tagdeck would not. */
async function handEdited(
	label: string,
	edit: (resource: WorldData['resources'][string], data: WorldData) => void,
): Promise<{file: string; id: string; bytes: Buffer}> {
	const data = JSON.parse(await readFile(worlds.template, 'utf8')) as WorldData;
	const resource = Object.values(data.resources).find(
		(r) => r.name === 'web-prod-1' && r.type === 'Ecs-Instance',
	)!;
	edit(resource, data);
	const file = path.join(worlds.directory, `edited-${label}.json`);
	const bytes = Buffer.from(JSON.stringify(data, null, 2));
	await writeFile(file, bytes);
	return {file, id: resource.id, bytes};
}

const [osc52, osc8, bel, del, c1, bidi] = hostile;

/** The control sequences the UI draws with (cursor moves, colours, modes). */
// eslint-disable-next-line no-control-regex
const drawing = /\u001B\[[\d;?]*[A-Za-z]/gv;

describe('control characters the schema refuses', () => {
	const edits: Array<
		[string, (r: WorldData['resources'][string]) => void, string]
	> = [
		[
			'an OSC 52 sequence in a name',
			(r) => {
				r.name = `web${osc52!.text}`;
			},
			'name',
		],
		[
			'a C1 CSI in a tag key',
			(r) => {
				r.tags[`own${c1!.text}`] = 'x';
			},
			'tags',
		],
		[
			'a NUL, a DEL and an OSC 8 hyperlink in a tag value',
			(r) => {
				r.tags.env = `${nul.text}${del!.text}${osc8!.text}`;
			},
			'tags',
		],
	];

	test.concurrent.each(edits)(
		'%s: tag and show --json refuse the file naming it and the fix; nothing raw, the file unchanged',
		async (label, edit, field) => {
			const world = await handEdited(label.replaceAll(' ', '-'), edit);
			const result = await tagdeck(['tag', world.id, '--tag', 'a=b'], {
				db: world.file,
				env,
			});
			expectNothingRaw(result);
			const line = refused(result, 'WorldFile.Invalid');
			expect(line).toContain(world.file);
			expect(line).toContain(`/resources/${world.id}/${field}`);
			expect(line).toContain(`tagdeck reset --db ${world.file}`);

			const json = await tagdeck(['show', world.id, '--json'], {
				db: world.file,
				env,
			});
			expectNothingRaw(json);
			expect(refusedJson(json, 'WorldFile.Invalid').message).toContain(
				world.file,
			);
			expect(await sameBytes(world.file, world.bytes)).toBe(true);
		},
	);

	test('the UI says so in the terminal, exits 1 and never takes the screen', async () => {
		const world = await handEdited('ui-refused', (r) => {
			r.tags[`own${c1!.text}`] = osc52!.text;
		});
		const ui = await TagdeckPty.open({db: world.file, ready: false});
		await ui.waitFor('WorldFile.Invalid', 'the refusal', 8000);
		expect(await ui.waitForExit()).toMatchObject({exitCode: 1});
		const screen = await ui.screen();
		const text = screen.join(' ').replaceAll(/\s+/gv, ' ');
		expect(text).toContain('tagdeck reset --db');
		expect(ui.raw).not.toContain('\u001B[?1049h');
		expect(rawControls(ui.raw.replaceAll('\r\n', '\n'))).toEqual([]);
		expect(await sameBytes(world.file, world.bytes)).toBe(true);
	});
});

describe('text the schema lets through is shown escaped everywhere', () => {
	const name = `web-prod-1${bidi!.text}`;
	const key = `own${bidi!.text}er`;
	const value = `pro${bidi!.text}d`;
	const link = `i-${c1!.text}${bel!.text}`;
	const escaped = {
		name: String.raw`web-prod-1txt.\u202eexe`,
		key: String.raw`owntxt.\u202eexeer`,
		value: String.raw`protxt.\u202eexed`,
		link: String.raw`i-red\x9b31mding\x07`,
	};
	let world: {file: string; id: string; bytes: Buffer};
	let disk: string;

	beforeAll(async () => {
		world = await handEdited('loads', (r, data) => {
			r.name = name;
			r.tags[key] = value;
			const data1 = Object.values(data.resources).find(
				(d) => d.name === 'web-prod-1-data',
			)!;
			data1.links = {attachedTo: link};
			disk = data1.id;
		});
	});

	test('list and show, plain: escaped', async () => {
		const results = await Promise.all(
			[
				['list', '--region', 'cn-hangzhou'],
				['list', '--filter', `${world.id} type:instance`],
				['show', world.id],
				['show', disk],
				['keys', '--region', 'cn-hangzhou'],
				['values', 'env', '--region', 'cn-hangzhou'],
			].map(async (args) => tagdeck(args, {db: world.file, env})),
		);
		for (const result of results) {
			expectNothingRaw(result);
			expect(result.code, printed(result)).toBe(0);
		}

		const [list, filtered, show, showDisk, keysOut] = results;
		expect(list!.stdout).toContain(escaped.name);
		expect(filtered!.stdout).toContain(escaped.name);
		expect(show!.stdout).toContain(escaped.name);
		expect(show!.stdout).toMatch(
			new RegExp(
				String.raw`${escaped.key.replaceAll('\\', '\\\\')}\s+${escaped.value.replaceAll('\\', '\\\\')}\s+own`,
				'v',
			),
		);
		expect(showDisk!.stdout).toContain(`attached to ${escaped.link}`);
		expect(keysOut!.stdout).toContain(escaped.key);
	});

	test('--json: escaped in the bytes, the same text once parsed', async () => {
		const list = await tagdeck(
			['list', '--filter', `${world.id} type:instance`, '--json'],
			{db: world.file, env},
		);
		expectNothingRaw(list);
		const [listed] = okJson<ResourceView[]>(list);
		expect(listed!.name).toBe(name);
		expect(listed!.tags[key]).toBe(value);

		const show = await tagdeck(['show', disk, '--json'], {
			db: world.file,
			env,
		});
		expectNothingRaw(show);
		expect(okJson<ResourceView>(show).links.attachedTo).toBe(link);
		expect(await sameBytes(world.file, world.bytes)).toBe(true);
	});

	test('tagging that resource, then the log: nothing raw', async () => {
		const copy = path.join(worlds.directory, 'loads-changed.json');
		await writeFile(copy, world.bytes);
		const tagged = await tagdeck(['tag', world.id, '--tag', 'patch=1'], {
			db: copy,
			env,
		});
		expectNothingRaw(tagged);
		expect(tagged.code, printed(tagged)).toBe(0);
		const log = await tagdeck(['log'], {db: copy, env});
		expectNothingRaw(log);
		expect(log.code, printed(log)).toBe(0);
	});

	test('the UI in a real terminal: the row and the detail pane show escapes; nothing raw reaches the terminal', async () => {
		const ui = await TagdeckPty.open({
			db: world.file,
			args: ['--region', 'cn-hangzhou'],
			cols: 160,
			rows: 30,
		});
		await filterBy(ui, world.id);
		// A frame can reach the terminal in more than one piece: wait for the text itself.
		await ui.waitFor(escaped.name, 'the escaped name in the row');
		await ui.waitFor(`${escaped.key}=${escaped.value}`, 'the escaped tag');
		await ui.press('d');
		await ui.waitFor('Tags', 'the detail pane');
		await ui.waitFor(
			`${escaped.key}=${escaped.value}`,
			'the escaped tag in the detail pane',
		);
		// Esc in the filter prompt drops the filter; then the disk's ID.
		await ui.press('/', keys.esc);
		await ui.waitForGone(`filter: ${world.id}`);
		await filterBy(ui, disk);
		await ui.waitFor(`attached to ${escaped.link}`, 'the escaped link target');
		await ui.press('q');
		expect(await ui.waitForExit()).toMatchObject({exitCode: 0});
		// The UI draws with ESC sequences of its own; the world's text adds none.
		expect(
			rawControls(ui.raw.replaceAll(drawing, '').replaceAll('\r\n', '\n')),
		).toEqual([]);
		expect(await sameBytes(world.file, world.bytes)).toBe(true);
	});
});
