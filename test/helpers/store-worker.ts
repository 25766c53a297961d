/*
A separate process that applies tag commands to one world file through the
Store, as a script or a second tagdeck would. Used by the concurrency test.

	node --import tsx test/helpers/store-worker.ts FILE WORKER COUNT ID…

Command i sets `counter-w<WORKER>=<i>` on ID number i % (number of IDs): each
one changes a value, so each one is an applied step. Prints one JSON line
{"worker", "applied"} and exits 0, or fails with the reason on stderr.
*/
import process from 'node:process';
import {Store} from '../../source/store/store.js';

const [file, worker, countText, ...ids] = process.argv.slice(2);
const count = Number(countText);
if (!file || !worker || !Number.isInteger(count) || ids.length === 0) {
	throw new Error('usage: store-worker.ts FILE WORKER COUNT ID…');
}

const store = new Store(file);
let applied = 0;
for (let i = 0; i < count; i++) {
	const id = ids[i % ids.length]!;
	const result = await store.apply({
		op: 'tag',
		ids: [id],
		tags: {[`counter-w${worker}`]: String(i)},
	});
	if (!result.ok || !result.event) {
		throw new Error(
			`worker ${worker}: command ${i} on ${id} was not applied: ${JSON.stringify(result.error ?? result.failures)}`,
		);
	}

	applied++;
}

process.stdout.write(`${JSON.stringify({worker, applied})}\n`);
