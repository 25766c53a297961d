/*
A lesson (docs/lessons.md): a world to work in and steps to take in it, each
with an instruction, a check the simulator evaluates on the world and its log,
a hint, and a solution. Lessons are data, in data/lessons/.
*/
import type {Command} from '../model.js';

/**
A check: a predicate over the lesson's world and its log. `@name` stands for
the ID of the resource of that name (`@region/name` where names repeat).
*/
export type Check =
	| {all: Check[]}
	| {any: Check[]}
	| {not: Check}
	/** How many resources a filter (the filter language) matches, in a region or all. */
	| {
			count: {filter: string; region?: string};
			equals?: number;
			atLeast?: number;
			atMost?: number;
	  }
	/**
	Steps of the learner's (not the lesson's setup, not undone): by command
	(`tag`, `undo`, …), by API call (`Tag:TagResources`), by RAM user.
	*/
	| {logged: {op?: string; api?: string; by?: string}; atLeast?: number}
	/** A link: the resource `from` is linked to `to` by `kind` (attachedTo, associatedWith, …). */
	| {linked: {from: string; kind: string; to: string}}
	| {
			account: {
				inheritance?: boolean;
				createdBy?: boolean;
				/** A cost allocation tag key that is enabled. */
				costTag?: string;
				/** Associated-resource cost allocation on or off. */
				associatedCosts?: boolean;
				/** A tag policy attached to the account. */
				tagPolicy?: string;
				/** A type's tag quota, at least this. */
				quota?: {type: string; atLeast: number};
			};
	  }
	/** An associated resource rule of a region, by SettingName or `Primary:Associated`. */
	| {rule: {region: string; rule: string; enabled: boolean}}
	/** A RAM user, in a group, holding an AccessKey. */
	| {ramUser: {name: string; group?: string; accessKey?: boolean}}
	/** Compliance with the tag policies in force: how many `similar` findings at most. */
	| {compliance: {similarAtMost: number}}
	/** A preset tag key (and value). */
	| {preset: {key: string; value?: string}};

/** One thing to do for a step's solution. */
export type Solution =
	/** A tagdeck command's arguments (after `tagdeck`), `@name` for an ID; run on the lesson's world. */
	| {run: string[]}
	/**
	Tag resources through the API, as a script would beside `tagdeck serve`:
	every resource a filter matches in a region, as the account.
	*/
	| {
			api: 'TagResources';
			region: string;
			filter: string;
			tags: Record<string, string>;
	  };

export type Step = {
	title: string;
	/** What to do, in the learner's words; lines joined with spaces, blank lines kept. */
	instruction: string[];
	check: Check;
	hint: string;
	solution: Solution[];
};

export type Lesson = {
	id: string;
	title: string;
	/** What it teaches, in a sentence. */
	teaches: string;
	/** Where the idea comes from: a seed scenario or a page of docs/. */
	source: string;
	/** The region the lesson works in (the UI opens on it). */
	region: string;
	/** Commands applied to a new demo world before the lesson begins: its world's past. */
	setup: Command[];
	steps: Step[];
};
