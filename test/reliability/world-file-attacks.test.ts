/*
The world file attacked as an adversary would (docs/reliability.md, R1–R3):
links, modes, pipes and devices in its place, a folder that is a file, edits
that put the time back, hand-edited logs that pass a loose check, a lock folder
with strangers in it, a filter raced by another writer. Each is refused with a
message that names the cause and the fix, and the file is left as it was, or
the change lands where the user meant it.
*/
import {execFileSync} from 'node:child_process';
import {
	chmod,
	link,
	lstat,
	mkdir,
	readFile,
	rm,
	stat,
	symlink,
	utimes,
	writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import type {WorldData} from '../../source/core/model.js';
import {
	DemoWorlds,
	ok,
	okJson,
	printed,
	readWorld,
	refused,
	refusedJson,
	sameBytes,
	tagdeck,
	type CliOptions,
} from '../helpers/cli-run.js';

let worlds: DemoWorlds;
let options: CliOptions;

beforeAll(async () => {
	worlds = await DemoWorlds.create();
	// A cache folder of its own: the "already checked" stamps are kept there.
	options = {env: {XDG_CACHE_HOME: path.join(worlds.directory, 'cache')}};
});

afterAll(async () => {
	await worlds?.remove();
});

const sleep = async (ms: number) =>
	new Promise<void>((resolve) => {
		setTimeout(resolve, ms);
	});

/** `tagdeck tag` of the demo's web-prod-1 with `tag` (a=b), on `file`. */
async function tagWebProd(file: string, tag = 'a=b') {
	return tagdeck(
		[
			'tag',
			worlds.id('web-prod-1', 'Ecs-Instance'),
			'--tag',
			tag,
			'--db',
			file,
		],
		options,
	);
}

/** No stack trace, no internal error, one line. */
function plainRefusal(
	result: Awaited<ReturnType<typeof tagdeck>>,
	code: string,
) {
	const line = refused(result, code);
	expect(line).not.toMatch(/\bat (?:async )?\S+ \(|node:internal|Error:/v);
	return line;
}

describe.concurrent('links', () => {
	test('a symbolic link is followed: the change lands in its target, the link stays a link, and both names share one lock', async () => {
		const real = await worlds.copy();
		const linkName = path.join(worlds.directory, 'link.json');
		await symlink(real, linkName);
		const id = worlds.id('web-prod-1', 'Ecs-Instance');
		ok(
			await tagdeck(
				['tag', id, '--tag', 'via=link', '--db', linkName],
				options,
			),
		);
		const linkStats = await lstat(linkName);
		expect(linkStats.isSymbolicLink()).toBe(true);
		const world = await readWorld(real);
		expect(world.resources[id]!.tags.via).toBe('link');
		// Held through one name, the lock is held for the other too.
		await mkdir(`${real}.lock`);
		const waiting = await tagdeck(
			['tag', id, '--tag', 'via=other', '--db', linkName],
			{...options, timeoutMs: 1500},
		);
		expect(waiting.timedOut, printed(waiting)).toBe(true);
		await rm(`${real}.lock`, {recursive: true});
	});

	test('a link to nothing is refused, naming its target', async () => {
		const linkName = path.join(worlds.directory, 'dangling.json');
		const target = path.join(worlds.directory, 'nowhere.json');
		await symlink(target, linkName);
		const line = plainRefusal(
			await tagdeck(['list', '--db', linkName], options),
			'WorldFile.DanglingLink',
		);
		expect(line).toContain(target);
	});

	test('a file with two names (a hard link) is refused for reads and writes, and both names keep their bytes', async () => {
		const real = await worlds.copy();
		const other = path.join(worlds.directory, 'hard.json');
		await link(real, other);
		const before = await readFile(real);
		const id = worlds.id('web-prod-1', 'Ecs-Instance');
		for (const name of [real, other]) {
			const line = plainRefusal(
				await tagdeck(['tag', id, '--tag', 'a=b', '--db', name], options),
				'WorldFile.HardLinked',
			);
			expect(line).toContain('2 names');
			plainRefusal(
				await tagdeck(['list', '--db', name], options),
				'WorldFile.HardLinked',
			);
		}

		expect(await sameBytes(real, before)).toBe(true);
		const realStats = await stat(real);
		expect(realStats.nlink).toBe(2);
	});
});

/** A file's permission bits as `stat -c %a` prints them, with a leading 0. */
async function modeOf(file: string): Promise<string> {
	const {mode} = await stat(file);
	return `0${(mode % 0o1000).toString(8)}`;
}

describe.concurrent('modes', () => {
	test('a read-only file (chmod 444) is refused, left byte for byte, and its mode kept', async () => {
		const file = await worlds.copy();
		await chmod(file, 0o444);
		const before = await readFile(file);
		const line = plainRefusal(await tagWebProd(file), 'WorldFile.ReadOnly');
		expect(line).toContain('0444');
		expect(line).toContain('chmod u+w');
		expect(await sameBytes(file, before)).toBe(true);
		expect(await modeOf(file)).toBe('0444');
		// Reading it is fine.
		ok(await tagdeck(['regions', '--db', file], options));
	});

	test('a write keeps the file’s mode (0640 stays 0640; a new file is 0600)', async () => {
		const file = await worlds.copy();
		await chmod(file, 0o640);
		ok(await tagWebProd(file));
		expect(await modeOf(file)).toBe('0640');
		const fresh = path.join(worlds.directory, 'fresh-mode.json');
		ok(await tagdeck(['init', '--db', fresh], options));
		expect(await modeOf(fresh)).toBe('0600');
	});
});

describe.concurrent('what is at the path is not a regular file', () => {
	test('a named pipe (FIFO): list, tag and reset are refused at once, and it stays a pipe', async () => {
		const fifo = path.join(worlds.directory, 'pipe.json');
		execFileSync('mkfifo', [fifo]);
		for (const args of [
			['list'],
			['tag', 'i-x', '--tag', 'a=b'],
			['reset'],
			['init', '--force'],
		]) {
			const result = await tagdeck([...args, '--db', fifo], {
				...options,
				timeoutMs: 5000,
			});
			expect(result.timedOut, printed(result)).toBe(false);
			const line = plainRefusal(result, 'WorldFile.NotAFile');
			expect(line).toContain('a named pipe (FIFO)');
			expect(line).not.toContain('tagdeck reset');
		}

		const fifoStats = await stat(fifo);
		expect(fifoStats.isFIFO()).toBe(true);
	});

	test('a folder: reset does not move it; its files stay', async () => {
		const folder = path.join(worlds.directory, 'a-folder.json');
		await mkdir(folder);
		await writeFile(path.join(folder, 'keep.txt'), 'mine');
		for (const args of [['reset'], ['init', '--force'], ['list']]) {
			const line = plainRefusal(
				await tagdeck([...args, '--db', folder], options),
				'WorldFile.NotAFile',
			);
			expect(line).toContain('a folder');
			expect(line).not.toContain('tagdeck reset');
		}

		expect(await readFile(path.join(folder, 'keep.txt'), 'utf8')).toBe('mine');
	});

	test('a character device (/dev/null): refused, and no message suggests reset', async () => {
		for (const args of [['list'], ['tag', 'i-x', '--tag', 'a=b']]) {
			const line = plainRefusal(
				await tagdeck([...args, '--db', '/dev/null'], options),
				'WorldFile.NotAFile',
			);
			expect(line).toContain('a character device');
			expect(line).not.toContain('reset');
		}

		const nullStats = await stat('/dev/null');
		expect(nullStats.isCharacterDevice()).toBe(true);
	});
});

describe.concurrent('folders', () => {
	test('--db under a regular file: one clear line for reads and writes, no stack trace', async () => {
		const afile = path.join(worlds.directory, 'afile');
		await writeFile(afile, 'not a folder');
		const db = path.join(afile, 'x.json');
		for (const args of [['list'], ['tag', 'i-x', '--tag', 'a=b'], ['init']]) {
			const line = plainRefusal(
				await tagdeck([...args, '--db', db], options),
				'WorldFile.BadFolder',
			);
			expect(line).toContain('a file is in the way');
			// Said once, not nested in itself.
			expect(line.split('Cannot use the world file')).toHaveLength(2);
		}

		expect(await readFile(afile, 'utf8')).toBe('not a folder');
	});

	test('a folder that cannot hold files (/proc) names that cause, not another process’s lock', async () => {
		const line = plainRefusal(
			await tagdeck(
				['tag', 'i-x', '--tag', 'a=b', '--db', '/proc/tagdeck.json'],
				options,
			),
			'WorldFile.LockFailed',
		);
		expect(line).toContain('cannot hold new files');
		expect(line).not.toContain('another tagdeck process');
		expect(line).not.toContain('.lock');
	});
});

describe.concurrent('the lock folder', () => {
	test('a stale lock folder with files tagdeck did not put there: refused at once, naming them, nothing removed', async () => {
		const file = await worlds.copy();
		const lock = `${file}.lock`;
		await mkdir(lock);
		await writeFile(path.join(lock, 'notes.txt'), 'x');
		await writeFile(path.join(lock, 'other'), 'y');
		const old = new Date(Date.now() - 60_000);
		await utimes(lock, old, old);
		const before = await readFile(file);
		const started = Date.now();
		const result = await tagWebProd(file);
		expect(result.timedOut, printed(result)).toBe(false);
		expect(Date.now() - started).toBeLessThan(10_000);
		const line = plainRefusal(result, 'WorldFile.Locked');
		expect(line).toContain('notes.txt');
		expect(line).toContain(`rm -r ${lock}`);
		expect(await readFile(path.join(lock, 'notes.txt'), 'utf8')).toBe('x');
		expect(await sameBytes(file, before)).toBe(true);
	});
});

/** A file holding `file`'s times to the nanosecond (touch -r), to put them back. */
function keepTimes(file: string): string {
	const reference = `${file}.times`;
	execFileSync('touch', ['-r', file, reference]);
	return reference;
}

function putTimesBack(reference: string, file: string) {
	execFileSync('touch', ['-r', reference, file]);
}

describe.concurrent('an edit that hides itself', () => {
	test('same size, mtime put back (touch -r): still checked, and refused', async () => {
		const file = await worlds.copy();
		const id = worlds.id('web-prod-1', 'Ecs-Instance');
		// Written by tagdeck: its stamp is remembered as checked.
		ok(await tagWebProd(file));
		const reference = keepTimes(file);
		const text = await readFile(file, 'utf8');
		const edited = text.replace(`"id":"${id}"`, `"id":"${id.slice(0, -1)}X"`);
		expect(edited.length).toBe(text.length);
		await writeFile(file, edited);
		putTimesBack(reference, file);
		const line = plainRefusal(
			await tagdeck(['list', '--db', file], options),
			'WorldFile.Invalid',
		);
		expect(line).toContain('says its ID is');
	});

	test('tags turned into an array, same size, mtime put back: refused, and never written back', async () => {
		const file = await worlds.copy();
		const other = worlds.id('dev-box-1', 'Ecs-Instance');
		ok(await tagWebProd(file));
		const reference = keepTimes(file);
		const text = await readFile(file, 'utf8');
		// One tag {"k":"v"} becomes ["k","v"]: the same number of bytes.
		const edited = text.replace(
			/"tags":\{"(?<key>[^"]*)":"(?<value>[^"]*)"\}/v,
			'"tags":["$<key>","$<value>"]',
		);
		expect(edited).not.toBe(text);
		expect(edited.length).toBe(text.length);
		await writeFile(file, edited);
		putTimesBack(reference, file);
		const before = await readFile(file);
		plainRefusal(
			await tagdeck(['tag', other, '--tag', 'c=d', '--db', file], options),
			'WorldFile.Invalid',
		);
		expect(await sameBytes(file, before)).toBe(true);
	});
});

describe.concurrent('hand-edited logs that pass a loose check', () => {
	async function editedLog(
		label: string,
		edit: (data: WorldData) => void,
	): Promise<{file: string; bytes: Buffer}> {
		const file = await worlds.copy();
		ok(await tagWebProd(file));
		const data = JSON.parse(await readFile(file, 'utf8')) as WorldData;
		edit(data);
		const edited = path.join(worlds.directory, `log-${label}.json`);
		const bytes = Buffer.from(JSON.stringify(data));
		await writeFile(edited, bytes);
		return {file: edited, bytes};
	}

	test.each<[string, (data: WorldData) => void, string]>([
		[
			'a patch naming an unknown field',
			(data) => {
				const patch = data.log.at(-1)!.patches[0]!;
				patch.f = {account: [null, 'x'] as [unknown, unknown]};
			},
			'/patches/0/f',
		],
		[
			'a number for a tag value',
			(data) => {
				const patch = data.log.at(-1)!.patches[0]!;
				patch.t = {a: [null, 7 as unknown as string]};
			},
			'/patches/0/t/a',
		],
		[
			'an account change without the account',
			(data) => {
				data.log.at(-1)!.patches.push({c: 'a', id: 'account', b: {}, a: {}});
			},
			'/patches/1',
		],
		[
			'a whole resource put back under another ID',
			(data) => {
				const [first, second] = Object.values(data.resources);
				data.log
					.at(-1)!
					.patches.push({c: 'r', id: first!.id, b: null, a: second});
			},
			'holds',
		],
		[
			'a command with fields of another kind',
			(data) => {
				(data.log.at(-1)!.command as Record<string, unknown>).extra = [1];
			},
			'/command',
		],
	])(
		'%s: the file is refused before undo can use it, and left as it was',
		async (label, edit, where) => {
			const {file, bytes} = await editedLog(label.replaceAll(' ', '-'), edit);
			const line = plainRefusal(
				await tagdeck(['undo', '--db', file], options),
				'WorldFile.Invalid',
			);
			expect(line).toContain(where);
			expect(await sameBytes(file, bytes)).toBe(true);
		},
	);

	test('a command nested 100,000 deep: refused, no crash, for log --json too', async () => {
		const {file, bytes} = await editedLog('deep', () => undefined);
		const text = bytes
			.toString('utf8')
			.replace(
				'"op":"tag"',
				`"op":"tag","deep":${'['.repeat(100_000)}${']'.repeat(100_000)}`,
			);
		await writeFile(file, text);
		for (const args of [['undo'], ['list']]) {
			const result = await tagdeck([...args, '--db', file], options);
			plainRefusal(result, 'WorldFile.Invalid');
		}

		refusedJson(
			await tagdeck(['log', '--json', '--db', file], options),
			'WorldFile.Invalid',
		);

		expect(await readFile(file, 'utf8')).toBe(text);
	});
});

describe.concurrent('a filter raced by another writer', () => {
	test('the filter is resolved on the world under the lock, and the step is stamped after it', async () => {
		const file = await worlds.copy();
		const r1 = worlds.id('web-prod-1', 'Ecs-Instance');
		const r2 = worlds.id('dev-box-1', 'Ecs-Instance');
		ok(
			await tagdeck(
				['tag', r1, r2, '--tag', 'canary=yes', '--db', file],
				options,
			),
		);
		// Another process holds the lock (a fresh lock folder).
		const lock = `${file}.lock`;
		await mkdir(lock);
		const release = tagdeck(
			[
				'tag',
				'--filter',
				'canary=yes',
				'--tag',
				'released=soon',
				'--db',
				file,
				'--json',
			],
			{...options, timeoutMs: 20_000},
		);
		// The command has started and waits for the lock; meanwhile R2 is retagged.
		await sleep(2000);
		const data = JSON.parse(await readFile(file, 'utf8')) as WorldData;
		data.resources[r2]!.tags.canary = 'no';
		data.revision++;
		await writeFile(file, JSON.stringify(data));
		const unlockedAt = new Date().toISOString();
		await rm(lock, {recursive: true});
		const result = okJson<{changed: Array<{id: string}>; step: number}>(
			await release,
		);
		expect(result.changed.map((c) => c.id)).toEqual([r1]);
		const after = JSON.parse(await readFile(file, 'utf8')) as WorldData;
		expect(after.resources[r2]!.tags.released).toBeUndefined();
		expect(after.resources[r1]!.tags.released).toBe('soon');
		const step = after.log.find((e) => e.seq === result.step)!;
		expect(step.at >= unlockedAt).toBe(true);
	});
});

describe.concurrent('undo and redo name the step they expect', () => {
	test('--step N undoes only step N; another step is refused (History.Conflict), nothing changed', async () => {
		const file = await worlds.copy();
		const id = worlds.id('web-prod-1', 'Ecs-Instance');
		const first = okJson<{step: number}>(
			await tagdeck(
				['tag', id, '--tag', 'a=1', '--db', file, '--json'],
				options,
			),
		);
		ok(await tagdeck(['tag', id, '--tag', 'b=2', '--db', file], options));
		const before = await readFile(file);
		const line = plainRefusal(
			await tagdeck(
				['undo', '--step', String(first.step), '--db', file],
				options,
			),
			'History.Conflict',
		);
		expect(line).toContain(`Step #${first.step} is no longer the step to undo`);
		expect(line).toContain(`#${first.step + 1}`);
		expect(await sameBytes(file, before)).toBe(true);
		const done = ok(
			await tagdeck(
				['undo', '--step', String(first.step + 1), '--db', file],
				options,
			),
		);
		expect(done).toContain(`Undid step #${first.step + 1}`);
		const redo = plainRefusal(
			await tagdeck(
				['redo', '--step', String(first.step), '--db', file],
				options,
			),
			'History.Conflict',
		);
		expect(redo).toContain('no longer the step to redo');
	});
});
