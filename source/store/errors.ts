import {TagdeckError} from '../core/errors.js';

/** A world file tagdeck cannot trust; it is never overwritten. */
export class WorldFileError extends TagdeckError {
	constructor(
		code: string,
		readonly path: string,
		problem: string,
		fix = `It was left untouched. To start again from the demo world run "tagdeck reset --db ${path}" (the file is first moved aside), or move the file away yourself.`,
	) {
		super(code, `Cannot use the world file ${path}: ${problem}. ${fix}`);
	}
}
