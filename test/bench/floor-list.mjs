/*
The floor of S5: start Node, read and JSON.parse the world file, keep the
resources whose tag env is prod with a plain loop, and print them as JSON.
Run with plain node (no tsx): node test/bench/floor-list.mjs FILE
*/
import {readFile} from 'node:fs/promises';
import process from 'node:process';

const file = process.argv[2];
const data = JSON.parse(await readFile(file, 'utf8'));
const found = [];
for (const resource of Object.values(data.resources)) {
	if (resource.tags.env === 'prod') found.push(resource);
}

process.stdout.write(`${JSON.stringify(found)}\n`);
