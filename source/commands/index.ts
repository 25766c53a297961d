import {createdby, quota} from './account.js';
import {clock} from './clock.js';
import {bill, costs} from './costs.js';
import create from './create.js';
import copy from './copy.js';
import list from './list.js';
import regions from './regions.js';
import show from './show.js';
import tag from './tag.js';
import untag from './untag.js';
import {keys, values} from './keys.js';
import {log, redo, undo} from './history.js';
import {init, reset} from './init.js';
import {release, reboot, replaceImage, run, start, stop} from './instances.js';
import {associate, attach, detach, unassociate} from './links.js';
import rules, {inheritance} from './rules.js';
import ram from './ram.js';
import serve from './serve.js';
import learn from './learn.js';
import {complianceCommand, fix, policy, preset} from './governance.js';
import type {CommandSpec} from './spec.js';

/** Every subcommand, in the order the help lists them. */
export const commands: CommandSpec[] = [
	init,
	reset,
	regions,
	list,
	show,
	tag,
	untag,
	attach,
	detach,
	associate,
	unassociate,
	create,
	copy,
	release,
	start,
	stop,
	reboot,
	run,
	replaceImage,
	keys,
	values,
	rules,
	inheritance,
	createdby,
	quota,
	clock,
	costs,
	bill,
	ram,
	preset,
	policy,
	complianceCommand,
	fix,
	serve,
	learn,
	log,
	undo,
	redo,
];
