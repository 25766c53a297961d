import {findRegion, rules} from '../../../core/catalogue.js';
import {TagdeckError} from '../../../core/errors.js';
import {parseKeyList} from '../../../core/tags.js';
import {
	browseBindings,
	escapeBinding,
	markBinding,
	moveBindings,
	type Binding,
	type ScreenKeys,
} from '../../binding.js';
import {
	ask,
	cursorOf,
	say,
	type KeyContext,
	type UiState,
} from '../../state.js';

/** The marked rules, or the one under the cursor. */
function chosenRules(state: UiState): string[] {
	if (state.ruleMarks.size > 0) return [...state.ruleMarks];
	return [rules[cursorOf(state, 'rules')]!.settingName];
}

/** The chosen rules as primary:associated, for a question. */
function chosenText(state: UiState): string {
	return chosenRules(state)
		.map((n) => rules.find((r) => r.settingName === n)!)
		.map((r) => `${r.primary}:${r.associated}`)
		.join(', ');
}

function enable(existing: boolean): Binding['run'] {
	return (context) => {
		const {state} = context;
		const region = state.region!;
		return ask(
			context,
			`Enable ${chosenText(state)} in ${region}${existing ? ', applying to existing resources' : ''}?`,
			{
				op: 'rules',
				region,
				rules: chosenRules(state),
				enable: true,
				keys: null,
				existing,
			},
		);
	};
}

/** The scope typed at the s prompt: enables the chosen rules for those keys. */
export function scopeEntered(context: KeyContext, text: string): UiState {
	const {state} = context;
	const names = chosenRules(state);
	let keys: string[] = [];
	try {
		// Quoted as everywhere: "cost center", "a,b" are one key each.
		if (text.trim() !== '') keys = parseKeyList(text);
	} catch (error) {
		if (!(error instanceof TagdeckError)) throw error;
		return say(state, `${error.code}: ${error.message}`, true);
	}

	return ask(
		context,
		`Enable ${names.length} rule(s) in ${state.region!} with the scope ${keys.length > 0 ? keys.join(', ') : 'all keys'}?`,
		{
			op: 'rules',
			region: state.region!,
			rules: names,
			enable: true,
			keys: keys.length > 0 ? keys : null,
		},
	);
}

const length = () => rules.length;

/** Why no rule can be enabled or changed here now: the region, or the feature switch. */
function cannotChange({state, world}: KeyContext): string | undefined {
	const region = findRegion(state.region ?? '');
	if (region && !region.inheritance)
		return `Not available in ${region.id} (${region.name}): this region has no associated tag inheritance, so no rule can be enabled or changed here. :regions shows where it is.`;
	if (!world.data.account.inheritance.enabled)
		return 'InvalidOperation.NotActivated: associated tag inheritance is off for this account. Press I to turn it on first.';
	return undefined;
}

/** Why x cannot act: as e, or a chosen rule that cannot apply to existing resources. */
function cannotApplyToExisting(context: KeyContext): string | undefined {
	const reason = cannotChange(context);
	if (reason) return reason;
	const cannot = chosenRules(context.state)
		.map((n) => rules.find((r) => r.settingName === n)!)
		.filter((r) => !r.existing);
	if (cannot.length === 0) return undefined;
	return `${cannot.map((r) => `${r.primary}:${r.associated}`).join(', ')} cannot apply to existing resources (the EXISTING column says which can): press e to enable without.`;
}

export const rulesKeys: ScreenKeys = {
	length,
	bindings: [
		markBinding(
			'ruleMarks',
			() => rules.map((r) => r.settingName),
			'mark / unmark, and move down',
			'mark',
		),
		{
			keys: ['*'],
			label: '*',
			does: 'mark every rule',
			run: ({state}) => ({
				...state,
				ruleMarks: new Set(rules.map((r) => r.settingName)),
			}),
		},
		{
			keys: ['ctrl-\\'],
			label: 'Ctrl-\\',
			does: 'clear marks',
			run: ({state}) => ({...state, ruleMarks: new Set()}),
		},
		{
			keys: ['e'],
			label: 'e',
			does: 'enable the marked rules (or the cursor rule)',
			footer: 'enable',
			priority: 1,
			disabledReason: cannotChange,
			run: enable(false),
		},
		{
			keys: ['x'],
			label: 'x',
			does: 'enable with apply-to-existing',
			footer: 'enable+existing',
			priority: 2,
			disabledReason: cannotApplyToExisting,
			run: enable(true),
		},
		{
			keys: ['D'],
			label: 'D',
			does: 'disable the marked rules (or the cursor rule)',
			footer: 'disable',
			priority: 1,
			disabledReason: cannotChange,
			run: (context) =>
				ask(
					context,
					`Disable ${chosenText(context.state)} in ${context.state.region!}? Delivered tags stay.`,
					{
						op: 'rules',
						region: context.state.region!,
						rules: chosenRules(context.state),
						enable: false,
					},
				),
		},
		{
			keys: ['s'],
			label: 's',
			does: 'edit the scope (keys, comma-separated; empty for all)',
			footer: 'scope',
			priority: 2,
			disabledReason: cannotChange,
			run: ({state}) => ({...state, prompt: {kind: 'scope', text: ''}}),
		},
		{
			keys: ['I'],
			label: 'I',
			does: 'turn the feature switch on / off',
			footer: 'feature',
			priority: 1,
			run(context) {
				const on = !context.world.data.account.inheritance.enabled;
				return ask(
					context,
					on
						? 'Turn associated tag inheritance on? This creates the service-linked role AliyunServiceRoleForTag.'
						: 'Turn associated tag inheritance off? Nothing propagates; rule settings and inherited tags stay.',
					{op: 'inheritance', enabled: on},
				);
			},
		},
		escapeBinding,
		...browseBindings,
		...moveBindings(length, true),
	],
};
