/*
One process that reads and changes the world at once (the UI re-reading every
half second while a step is written; tagdeck serve answering a list while it
applies a change): a re-read never swaps the world under a change, so every
change reported done is in the file, and what is shown afterwards has it.
Another writer (a second store on the file) keeps the file changing, so each
re-read really reads.
*/
import path from 'node:path';
import {writeFile} from 'node:fs/promises';
import {afterEach, beforeEach, expect, test} from 'vitest';
import {Store} from '../../source/store/store.js';
import {
	demoData,
	demoId,
	makeTempDir,
	removeTempDir,
} from '../helpers/store-files.js';

let directory: string | undefined;
beforeEach(async () => {
	directory = await makeTempDir();
});
afterEach(async () => {
	await removeTempDir(directory);
});

test('changes and re-reads of one store, interleaved with another writer: nothing reported done is lost', async () => {
	const file = path.join(directory!, 'world.json');
	const data = demoData();
	await writeFile(file, JSON.stringify(data));
	const mine = demoId(data, 'web-prod-1');
	const theirs = demoId(data, 'web-prod-2');
	const store = new Store(file);
	const other = new Store(file);
	await store.load();
	await other.load();
	const rounds = 25;
	for (let round = 0; round < rounds; round++) {
		// The other writer changes the file, so the next re-read reads it.
		await other.apply({op: 'tag', ids: [theirs], tags: {o: `${round}`}});
		const [applied] = await Promise.all([
			store.apply({op: 'tag', ids: [mine], tags: {m: `${round}`}}),
			store.refresh(),
			store.refresh(),
		]);
		expect(applied.ok).toBe(true);
		// What this store shows right after has its own change.
		expect(store.current()!.get(mine)!.tags.m).toBe(`${round}`);
	}

	const final = await new Store(file).load();
	expect(final.get(mine)!.tags.m).toBe(`${rounds - 1}`);
	expect(final.get(theirs)!.tags.o).toBe(`${rounds - 1}`);
	// Every step of both writers is in the log, in the order they were made.
	const steps = final.data.log
		.filter((event) => !event.past)
		.map((event) => (event.ids.includes(mine) ? 'm' : 'o'));
	expect(steps).toEqual(Array.from({length: rounds}, () => ['o', 'm']).flat());
});
