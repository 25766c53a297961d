/*
Every error code tagdeck gives is either documented by Alibaba Cloud (and
written in docs/cloud-facts.md with its source) or one of tagdeck's own, listed
in `ownCodes` and in the README. A code added to the source without either
fails here.
*/
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {expect, test} from 'vitest';
import {ownCodes} from '../../source/core/errors.js';
import {projectRoot} from '../helpers/root.js';

async function sourceFiles(folder: string): Promise<string[]> {
	const entries = await readdir(folder, {withFileTypes: true, recursive: true});
	return entries
		.filter((e) => e.isFile() && /\.tsx?$/v.test(e.name))
		.map((e) => path.join(e.parentPath, e.name));
}

/** Codes written as string literals in the source: 'Category.Reason'. */
async function codesInSource(): Promise<Set<string>> {
	const codes = new Set<string>();
	const literal =
		/'((?:[A-Z][A-Za-z]*)\.(?:[A-Z][A-Za-z]*)(?:\.[A-Z][A-Za-z]*)?)'/gv;
	for (const file of await sourceFiles(path.join(projectRoot, 'source'))) {
		if (file.endsWith(path.join('core', 'errors.ts'))) continue;
		const text = await readFile(file, 'utf8');
		for (const [, code] of text.matchAll(literal)) codes.add(code!);
	}

	return codes;
}

/** Codes in backquotes in docs/cloud-facts.md; `.Tags` after `MissingParameter.TagKey` is `MissingParameter.Tags`. */
async function documentedCodes(): Promise<Set<string>> {
	const text = await readFile(
		path.join(projectRoot, 'docs', 'cloud-facts.md'),
		'utf8',
	);
	const codes = new Set<string>();
	for (const line of text.split('\n')) {
		let category: string | undefined;
		for (const [, code] of line.matchAll(/`([A-Za-z]*\.[A-Za-z.]+)`/gv)) {
			if (code!.startsWith('.')) {
				if (category) codes.add(category + code!);
			} else {
				category = code!.split('.')[0];
				codes.add(code!);
			}
		}
	}

	return codes;
}

const own = (code: string) =>
	ownCodes.includes(code) ||
	(code.startsWith('WorldFile.') && ownCodes.includes('WorldFile.*'));

test('every code the source gives is documented with its source, or listed as tagdeck’s own', async () => {
	const documented = await documentedCodes();
	const neither = [...(await codesInSource())].filter(
		(code) => !documented.has(code) && !own(code),
	);
	expect(neither).toEqual([]);
});

test('no code is both documented and listed as tagdeck’s own, and each own code is used', async () => {
	const documented = await documentedCodes();
	const used = await codesInSource();
	for (const code of ownCodes) {
		expect(documented.has(code), code).toBe(false);
		if (code !== 'WorldFile.*') expect(used.has(code), code).toBe(true);
	}
});

test('the README lists every own code', async () => {
	const readme = await readFile(path.join(projectRoot, 'README.md'), 'utf8');
	const section = readme.slice(readme.indexOf('### Where tagdeck decides'));
	for (const code of ownCodes) {
		expect(section, code).toContain(`\`${code}\``);
	}
});
