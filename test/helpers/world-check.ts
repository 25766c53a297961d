import type {WorldData} from '../../source/core/model.js';
import {schemaProblems} from '../../source/store/schema.js';
import {WorldFile} from '../../source/store/world-file.js';

/**
What tagdeck's full check finds wrong with the text of a world file (not JSON,
not a tagdeck world, a newer schema, a shape the JSON Schema refuses, a
resource stored under another ID); empty when the file is valid. Unlike
WorldFile.read, it never skips the schema check for a file tagdeck wrote last.
*/
export function worldProblems(file: string, text: string): string[] {
	let data: WorldData;
	try {
		data = new WorldFile(file).parse(text);
	} catch (error) {
		return [(error as Error).message];
	}

	const problems = schemaProblems(data);
	if (problems.length > 0) return problems;
	for (const [key, resource] of Object.entries(data.resources)) {
		if (resource.id !== key)
			problems.push(`resource "${key}" says its ID is "${resource.id}"`);
	}

	return problems;
}
