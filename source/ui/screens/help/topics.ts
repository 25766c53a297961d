/*
What help says besides the keys: the filter language (docs/behaviour.md §3)
and what inheritance looks like on screen. Searched like the keys.
*/

/** One line of help: what to type or look for, and what it means. */
export type HelpRow = {label: string; does: string};

export const topics: HelpRow[] = [
	{
		label: '/ filter',
		does: 'filter language: terms separated by spaces, all must match',
	},
	{
		label: 'env=prod',
		does: 'filter: tag env is prod (keys, values case-sensitive); env=a,b: either',
	},
	{
		label: 'env=pro*',
		does: 'filter: value starts with pro; env=* has the key; env="" empty value',
	},
	{
		label: '!env',
		does: 'filter: has no key env; env!=prod: not prod (or no env at all)',
	},
	{
		label: 'type:disk',
		does: 'filter attributes: type: zone: status: region: name: id:, a,b lists',
	},
	{
		label: 'name:web-*',
		does: 'filter: the whole name (id: the ID) in any case; * for its start',
	},
	{
		label: 'inherited:env',
		does: 'filter: has key env, inherited from a linked resource by a rule',
	},
	{
		label: 'word',
		does: 'filter: has the tag key word, or its ID or name contains it',
	},
	{
		label: '"a b"="c, d"',
		does: String.raw`quoting: spaces, = and , in quotes; \" a quote, \\ a backslash (filter, editor, :)`,
	},
	{
		label: 'Test:Server…',
		does: 'filter: a tag written K:V is a word, not a tag; write K=V',
	},
	{
		label: ': then Tab',
		does: 'completes the command, the type of :type, the region of :region',
	},
	{
		label: '↳ key=value',
		does: 'an inherited tag: its primary (a linked resource) passed it on by a rule',
	},
	{
		label: ':rules',
		does: 'inheritance rules of the region: which links pass tags on, and their scope',
	},
	{
		label: ':costs',
		does: "the month's bill by product or cost allocation tag (illustrative prices)",
	},
	{
		label: '∅ unallocated',
		does: 'costs: what no value of the key paid for; Enter lists the resources without it',
	},
];

/** Words that find a screen's keys in help besides their own text. */
export const screenTopics: Partial<Record<string, string>> = {
	rules: 'inheritance rules',
	editor: 'tag editor',
	untag: 'remove tags',
	activity: 'activity log history',
	costs: 'costs bill billing cost allocation month',
};
