/*
The simulator's messages are written for the command line ("Turn it on first:
tagdeck inheritance on"). The UI shows them with its own keys instead: each
phrase that names a command or a flag is replaced by the key that does it.
*/

const inKeys: Array<[RegExp, string]> = [
	[
		/Turn it on first: tagdeck inheritance on\.?/gv,
		'Press I to turn it on first.',
	],
	[
		/see tagdeck rules\); enable it without --existing\./gv,
		'the EXISTING column says which); press e to enable it without.',
	],
	[/\(see tagdeck rules\)/gv, '(:rules lists them)'],
	[/See tagdeck regions\./gv, ':regions lists them.'],
	[/see the zones with: tagdeck regions/gv, ':regions lists the zones'],
	[/see them with: tagdeck regions/gv, ':regions lists them'],
	[
		/Remove some first \(tagdeck untag \S+ --key K\)\./gv,
		'Remove some first (T on the resource).',
	],
	[
		/Fix them, or apply to the others with --partial\./gv,
		'Fix them, or press p in the preview to apply to the others.',
	],
	[
		/List IDs with: tagdeck list/gv,
		'It is no longer in the list (released by another tagdeck?).',
	],
	[
		/List custom images with: tagdeck list --filter type:image/gv,
		'The filter type:image lists the custom images.',
	],
	[
		/copy it there first \(tagdeck copy \S+ --to (\S+)\)\./gv,
		'choose an image of $1, or copy this one there first (the command line can).',
	],
	[/add at least one --tag key=value\./gv, 'type at least one key=value.'],
	[
		/Name the keys to remove with --key K, or remove every custom tag with --all\./gv,
		'Mark the keys to remove with Space.',
	],
];

/** A message as the UI shows it: command-line advice replaced by the UI's keys. */
export function withKeys(text: string): string {
	let out = text;
	for (const [phrase, keys] of inKeys) out = out.replaceAll(phrase, keys);
	return out;
}
