/*
A process that applies tag commands to one world file through the built
Store, one after another, until it has applied COUNT or is killed. The kill
test (test/store/kill.test.ts) SIGKILLs it at random moments.

	node test/helpers/kill-worker.mjs FILE NAME KEY COUNT ID…

Command i sets KEY=NAME-i on ID number i % (number of IDs), so every command
changes a value and leaves its own mark in the log. The worker prints `ready`
once the world is loaded, then `done <i>` as soon as command i is applied and
written (standard output is a pipe, written synchronously: a line printed is
a line the parent gets, even if the worker is killed right after), and exits
0 after COUNT commands. A refused command ends it with the reason on stderr.
Run with plain node after `npm run build` (it uses dist/, no tsx: it starts
in a fraction of the time).
*/
import process from 'node:process';
import {Store} from '../../dist/source/store/store.js';

const [file, name, key, countText, ...ids] = process.argv.slice(2);
const count = Number(countText);
if (!file || !name || !key || !Number.isInteger(count) || ids.length === 0) {
	throw new Error('usage: kill-worker.mjs FILE NAME KEY COUNT ID…');
}

const store = new Store(file);
await store.load();
process.stdout.write('ready\n');
for (let i = 0; i < count; i++) {
	const id = ids[i % ids.length];
	const result = await store.apply({
		op: 'tag',
		ids: [id],
		tags: {[key]: `${name}-${i}`},
	});
	if (!result.ok || !result.event) {
		throw new Error(
			`${name}: command ${i} on ${id} was not applied: ${JSON.stringify(result.error ?? result.failures)}`,
		);
	}

	process.stdout.write(`done ${i}\n`);
}
